// Package deploytest holds the tests of Poppy deployed at scale: several
// bridge replicas behind the repository's own HAProxy configuration
// (deploy/haproxy, run by internal/haproxytest), restarted one by one
// while browser-like clients use their mailboxes on a real Dovecot. POP3
// (RFC 1939) commits deletions only at QUIT, and the bridge relays a
// WebSocket (RFC 6455) whose close code 1001 says it is going away: the
// tests hold that a rollout loses no user action and deletes each asked-
// for message exactly once, and nothing else (TestRollingRestart); and
// that bridges behind HAProxy tell browsers apart by the X-Forwarded-For
// address HAProxy writes, so their own per-client limits still apply
// per person (TestForwardedClientLimits).
//
// It has no code outside its tests.
package deploytest
