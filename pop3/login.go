package pop3

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
)

// Login authenticates with a username and password. It tries the methods
// that the greeting (an APOP timestamp) and the capabilities (SASL, USER)
// offer, in this order:
//
//   - with TLS: SASL PLAIN, SASL LOGIN, USER/PASS, then CRAM-MD5 (RFC
//     2195) and APOP (RFC 1939 §7). TLS already hides the password, and
//     the plain methods work with every password store: a server that
//     announces CRAM-MD5 but keeps only hashed passwords (a common
//     Dovecot setup) would reject a correct password.
//   - without TLS (only with Options.AllowInsecureAuth): CRAM-MD5, APOP,
//     then SASL PLAIN, SASL LOGIN and USER/PASS. The first two prove the
//     password without sending it.
//
// USER/PASS counts as offered when CAPA lists USER or when the server has
// no CAPA at all (RFC 1939 servers); when nothing is offered it is tried
// anyway. When the server announced PIPELINING (RFC 2449 §6.6) and
// Options.DisablePipelining is not set, USER and PASS go out in one
// flight, and USER/PASS moves before SASL PLAIN and LOGIN (for ASCII
// credentials): all three send the password itself, and USER/PASS then
// costs one round trip where the SASL exchanges cost two.
//
// When the server refuses a method, Login goes on to the next one only if
// the refusal cannot have judged the password, so that one Login costs at
// most one failed password attempt against the account (servers lock
// accounts after a few):
//   - a refusal before anything derived from the password was judged (a
//     -ERR to USER, even when PASS went out in the same flight to a server
//     that then had no user to check it against, or to "AUTH mech" before
//     the first client step), unless
//     its response code is about the account or the server rather than
//     the method (IN-USE, LOGIN-DELAY, SYS/TEMP, SYS/PERM);
//   - a refusal after the proof only when the server announced
//     AUTH-RESP-CODE (RFC 3206 §6: it then marks every refusal of the
//     credentials with [AUTH]) and this one carries no response code.
//
// Every other refusal ends Login, including a -ERR to PASS, APOP or AUTH
// from a server without AUTH-RESP-CODE, which may well mean a wrong
// password. Falling back never leaves the security policy: every method
// in the lists above is one that the connection's policy already allows,
// and what a server announces (or hides) can only remove methods from the
// list, never add one; the one reordering it causes (PIPELINING, above)
// is among methods that expose the password alike.
//
// It refuses with ErrInsecureAuth on a connection without TLS unless
// Options.AllowInsecureAuth is set: even the challenge-response methods
// give a passive listener enough to test guesses offline.
//
// A rejected password returns an *Error for which IsAuthFailure is true;
// IsInUse and IsLoginDelay tell the temporary refusals apart. After a
// fallback the error names the methods refused before the last one and
// wraps the last refusal.
func (c *Client) Login(ctx context.Context, username, password string) error {
	end, err := c.beginAuth(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := c.loadCaps(); err != nil {
		return err
	}
	if (!isASCII(username) || !isASCII(password)) && c.caps.UTF8 && !c.caps.UTF8User {
		// RFC 6856 §2: without "UTF8 USER", UTF-8 credentials need UTF8
		// mode first. A refusal is not fatal: the login may still work.
		if err := c.pipeline([]request{{verb: "UTF8", line: "UTF8", handle: func(status, *bodyReader) error { return nil }}}); err != nil {
			return err
		}
	}
	// Pipelined, USER/PASS is one round trip to SASL PLAIN's two (its
	// first step waits for the server's "+"). PLAIN stays first for
	// credentials that USER cannot carry without UTF8 mode.
	userFirst := c.canPipeline() && isASCII(username) && isASCII(password)
	methods := loginMethods(c.encrypted, *c.caps, c.timestamp != "", userFirst)
	var refused []string
	for i, m := range methods {
		stage, err := c.tryLogin(m, username, password)
		if err == nil {
			c.loggedIn()
			return nil
		}
		if i == len(methods)-1 || !mayFallBack(err, stage, c.caps.AuthRespCode) {
			if len(refused) > 0 {
				return fmt.Errorf("pop3: login: the server refused %s, then: %w", strings.Join(refused, " and "), err)
			}
			return err
		}
		refused = append(refused, m)
	}
	panic("unreachable: loginMethods returns at least one method")
}

// Login methods, by the names Login's errors use.
const (
	methodPlain = "PLAIN"
	methodLogin = "LOGIN"
	methodUser  = "USER"
	methodCRAM  = "CRAM-MD5"
	methodAPOP  = "APOP"
)

// loginMethods lists the methods Login tries, in order (see Login for the
// order and why); userFirst puts USER/PASS before SASL PLAIN and LOGIN,
// which send the password just as it does. It never returns an empty list.
func loginMethods(encrypted bool, caps Capabilities, apop, userFirst bool) []string {
	cram := caps.HasSASL(methodCRAM)
	user := caps.User || !caps.Known
	var ms []string
	add := func(ok bool, m string) {
		if ok {
			ms = append(ms, m)
		}
	}
	if !encrypted {
		add(cram, methodCRAM)
		add(apop, methodAPOP)
	}
	add(user && userFirst, methodUser)
	add(caps.HasSASL(methodPlain), methodPlain)
	add(caps.HasSASL(methodLogin), methodLogin)
	add(user && !userFirst, methodUser)
	if encrypted {
		add(cram, methodCRAM)
		add(apop, methodAPOP)
	}
	if len(ms) == 0 {
		ms = append(ms, methodUser)
	}
	return ms
}

// refusal says when, in a login attempt, the server refused it.
type refusal int

const (
	// notRefused: the attempt succeeded, or ended otherwise than by a
	// refusal (I/O error, malformed reply, the client cancelled).
	notRefused refusal = iota
	// refusedBeforeProof: nothing derived from the password had gone
	// out, so the server cannot have counted a failed password.
	refusedBeforeProof
	// refusedAfterProof: the server had the password or a proof of it.
	refusedAfterProof
)

// tryLogin runs one method; the lock must be held.
func (c *Client) tryLogin(method, username, password string) (refusal, error) {
	switch method {
	case methodCRAM:
		return c.authenticate(&cramMD5{username: username, password: password})
	case methodAPOP:
		return c.apop(username, password)
	case methodPlain:
		return c.authenticate(sasl.NewPlainClient("", username, password))
	case methodLogin:
		return c.authenticate(sasl.NewLoginClient(username, password))
	}
	return c.userPass(username, password)
}

// mayFallBack reports whether Login may try its next method after err
// (see Login for the rule and why).
func mayFallBack(err error, stage refusal, authRespCode bool) bool {
	var e *Error
	if stage == notRefused || !errors.As(err, &e) {
		return false
	}
	switch {
	case IsTemporary(err) || hasCode(err, CodeSysPerm):
		// About the account or the server: every method would get it.
		return false
	case stage == refusedBeforeProof:
		return true
	}
	return authRespCode && e.Code == ""
}
