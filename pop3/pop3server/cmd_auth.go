package pop3server

import (
	"crypto/md5"
	"crypto/subtle"
	"encoding/hex"
	"strings"
)

// USER name (RFC 1939 §7). The reply does not tell whether the user exists:
// that would let anyone probe for names.
func (ss *session) cmdUser(args []string, _ string) {
	if len(args) != 1 {
		ss.bad("syntax: USER name")
		return
	}
	ss.pendingUser = args[0]
	ss.ok("send PASS")
}

// PASS string (RFC 1939 §7). The password is the whole rest of the line,
// spaces included.
func (ss *session) cmdPass(_ []string, rest string) {
	if ss.pendingUser == "" {
		ss.bad("send USER first")
		return
	}
	if rest == "" {
		ss.bad("syntax: PASS password")
		return
	}
	user := ss.pendingUser
	ss.pendingUser = "" // a failed PASS needs a new USER, as RFC 1939 says
	ss.login(user, func(password string) bool { return equalSecret(password, rest) })
}

// APOP name digest (RFC 1939 §7): digest is the lower-case hex MD5 of the
// greeting's timestamp followed by the password. Upper-case hex is
// accepted too.
func (ss *session) cmdApop(args []string, _ string) {
	if len(args) != 2 {
		ss.bad("syntax: APOP name digest")
		return
	}
	ss.pendingUser = ""
	digest := strings.ToLower(args[1])
	ss.login(args[0], func(password string) bool {
		sum := md5.Sum([]byte(ss.timestamp + password))
		return equalSecret(hex.EncodeToString(sum[:]), digest)
	})
}

// login finishes every authentication command: it checks the credentials,
// takes the mailbox lock if LockSession is on, and enters the TRANSACTION
// state with a snapshot of the mailbox.
func (ss *session) login(user string, check func(password string) bool) {
	mb, snap, inUse, ok := ss.srv.login(user, check)
	switch {
	case inUse:
		ss.err("[IN-USE] maildrop already locked by another session")
		return
	case !ok:
		ss.authFailed("invalid user name or password")
		ss.log.Debug("pop3server: authentication failed", "user", user)
		return
	}
	ss.state = stateTransaction
	ss.user = user
	ss.mb = mb
	ss.msgs = snap
	ss.deleted = make([]bool, len(snap))
	count, size := ss.totals()
	ss.log.Debug("pop3server: logged in", "user", user, "messages", count)
	ss.okf("maildrop has %d messages (%d octets)", count, size)
}

// authFailed refuses a login with the RFC 3206 [AUTH] code, meaning the
// credentials are wrong (not that the server is unavailable), and closes
// the session after Options.MaxAuthFailures failures to slow down password
// guessing.
func (ss *session) authFailed(text string) {
	ss.authFailures++
	ss.err("[AUTH] " + text)
	if max := ss.opts.MaxAuthFailures; max > 0 && ss.authFailures >= max {
		ss.done = true
	}
}

// equalSecret compares in time independent of where a and b differ.
func equalSecret(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
