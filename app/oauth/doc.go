// Package oauth signs a person in to a mail provider with OAuth 2.0 from
// the browser tab, with no UI of its own: the sign-in form calls it.
//
//   - The provider is found by OpenID Connect Discovery 1.0 and RFC 8414
//     (Discover), so any standards-compliant provider works from its
//     issuer URL alone.
//   - The grant is the Authorization Code grant of RFC 6749 §4.1 with
//     PKCE (RFC 7636, S256 only), a state against cross-site request
//     forgery and an OpenID nonce against a replayed ID token (Begin,
//     Finish). The tab is a public client: it has no secret to keep.
//   - Tokens are refreshed with the refresh token (RFC 6749 §6), which
//     the provider gives for the offline_access scope. A refusal that
//     means the grant is gone (invalid_grant: revoked, expired, the
//     password changed) is ErrSignInAgain.
//   - The access token is a bearer token (RFC 6750) for the mail
//     server's SASL mechanisms OAUTHBEARER (RFC 7628) and XOAUTH2, built
//     by the pop3 and submission packages. Session.Do is the rule for a
//     token that expires mid-session: refresh and retry once.
//
// The access token lives in memory only (Session). A refresh token
// outlives the tab only through a RefreshStore, which the caller
// provides, encrypted with a key that is not stored beside it.
//
// The requests are the browser's fetch in the tab and net/http natively
// (app/transport), built and read by one core here: an HTTP client
// library (golang.org/x/oauth2, net/http's client) would add about
// 0.4 MB brotli to the wasm.
package oauth
