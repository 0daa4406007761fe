// Package oidctest runs a real OpenID provider, Ory Hydra v2 (pinned as
// a Go tool in go.mod and built into .bin/hydra by `make deps-test`),
// for tests of OAuth 2.0 sign-in: the Authorization Code grant of RFC
// 6749 with PKCE (RFC 7636), refresh tokens (offline_access), token
// introspection (RFC 7662) and revocation (RFC 7009), discovered through
// OpenID Connect Discovery 1.0 and RFC 8414.
//
// Hydra has no login page of its own: it sends the browser to the login
// and consent URLs of an app, which accepts or rejects each request
// through Hydra's admin API. The package runs that app too, with a plain
// HTML login form that checks a user name and password from
// Options.Users, and a consent page that grants every requested scope.
// A test stands in for the browser with SignIn, or drives a real browser
// through the same form (its fields are named "username" and
// "password").
//
// Hydra runs with its in-memory database, on free loopback ports, in a
// process group of its own that is stopped whole when the test ends.
// Without the binary Start skips the test, or fails it under CI
// (internal/harness).
//
// It is for tests only.
package oidctest
