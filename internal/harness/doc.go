// Package harness holds what the test harnesses that run real servers
// (pop3/pop3test/dovecottest, submission/submissiontest/postfixtest) share:
// process groups that are stopped whole, free loopback ports, and the one
// rule for a server that is not installed (skip locally, fail under CI).
// It is for tests only.
package harness
