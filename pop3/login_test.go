package pop3

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestLoginMethods(t *testing.T) {
	caps := func(lines ...string) Capabilities { return parseCapabilities(lines) }
	none := Capabilities{} // no CAPA: Known is false
	all := caps("USER", "SASL PLAIN LOGIN CRAM-MD5")
	for _, tc := range []struct {
		name      string
		encrypted bool
		caps      Capabilities
		apop      bool
		userFirst bool
		want      []string
	}{
		{"TLS, everything offered: plain methods first", true, all, true, false, []string{"PLAIN", "LOGIN", "USER", "CRAM-MD5", "APOP"}},
		{"no TLS, everything offered: challenge-response first", false, all, true, false, []string{"CRAM-MD5", "APOP", "PLAIN", "LOGIN", "USER"}},
		{"TLS, no CAPA, APOP timestamp: USER, then APOP", true, none, true, false, []string{"USER", "APOP"}},
		{"no TLS, no CAPA, APOP timestamp: APOP, then USER", false, none, true, false, []string{"APOP", "USER"}},
		{"no CAPA, no timestamp", true, none, false, false, []string{"USER"}},
		{"CAPA without USER is believed", true, caps("SASL PLAIN"), true, false, []string{"PLAIN", "APOP"}},
		{"CAPA offering nothing known: USER anyway", false, caps("TOP", "SASL GSSAPI"), false, false, []string{"USER"}},
		{"mechanism names in any case", true, caps("SASL plain cram-md5"), false, false, []string{"PLAIN", "CRAM-MD5"}},
		{"TLS, pipelining: USER before PLAIN and LOGIN", true, all, true, true, []string{"USER", "PLAIN", "LOGIN", "CRAM-MD5", "APOP"}},
		{"no TLS, pipelining: challenge-response still first, then USER", false, all, true, true, []string{"CRAM-MD5", "APOP", "USER", "PLAIN", "LOGIN"}},
		{"pipelining, no USER offered: nothing added", true, caps("SASL PLAIN"), false, true, []string{"PLAIN"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := loginMethods(tc.encrypted, tc.caps, tc.apop, tc.userFirst); !slices.Equal(got, tc.want) {
				t.Fatalf("loginMethods = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestMayFallBack(t *testing.T) {
	refusedAs := func(cmd, code string) error { return &Error{Command: cmd, Code: code, Text: "no"} }
	for _, tc := range []struct {
		name         string
		err          error
		stage        refusal
		authRespCode bool
		want         bool
	}{
		{"USER refused", refusedAs("USER", ""), refusedBeforeProof, false, true},
		{"mechanism refused", refusedAs("AUTH", ""), refusedBeforeProof, false, true},
		{"USER refused as a policy matter ([AUTH], no password sent)", refusedAs("USER", "AUTH"), refusedBeforeProof, true, true},
		{"USER refused, mailbox in use", refusedAs("USER", "IN-USE"), refusedBeforeProof, true, false},
		{"mechanism refused, login delay", refusedAs("AUTH", "LOGIN-DELAY"), refusedBeforeProof, true, false},
		{"mechanism refused, temporary failure", refusedAs("AUTH", "SYS/TEMP"), refusedBeforeProof, true, false},
		{"mechanism refused, permanent failure", refusedAs("AUTH", "SYS/PERM/DISABLED"), refusedBeforeProof, true, false},
		{"wrong password, no AUTH-RESP-CODE", refusedAs("PASS", ""), refusedAfterProof, false, false},
		{"APOP refused without a code, no AUTH-RESP-CODE", refusedAs("APOP", ""), refusedAfterProof, false, false},
		{"wrong password marked [AUTH]", refusedAs("PASS", "AUTH"), refusedAfterProof, true, false},
		{"APOP refused without a code under AUTH-RESP-CODE: not the credentials", refusedAs("APOP", ""), refusedAfterProof, true, true},
		{"after the proof, another code", refusedAs("AUTH", "SYS/TEMP"), refusedAfterProof, true, false},
		{"wrapped refusal", fmt.Errorf("ctx: %w", refusedAs("USER", "")), refusedBeforeProof, false, true},
		{"not a refusal (I/O)", errors.New("pop3: connection reset"), refusedBeforeProof, true, false},
		{"cancelled by the client", refusedAs("AUTH", ""), notRefused, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mayFallBack(tc.err, tc.stage, tc.authRespCode); got != tc.want {
				t.Fatalf("mayFallBack = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestLoginFallback plays servers that refuse methods. Every script ends
// with NOOP: a method tried where none should be would reach the server
// in its place and fail the script, so "nothing more was tried" is seen
// through the same path that shows what was tried.
func TestLoginFallback(t *testing.T) {
	const ts = "<1896.697170952@dbc.mtview.ca.us>"
	greetTS := "+OK POP3 server ready " + ts + "\r\n"
	apopSum := md5.Sum([]byte(ts + "secret"))
	apop := "APOP bob " + hex.EncodeToString(apopSum[:])
	challenge := base64.StdEncoding.EncodeToString([]byte("<x@y>"))
	m := hmac.New(md5.New, []byte("secret"))
	m.Write([]byte("<x@y>"))
	cram := base64.StdEncoding.EncodeToString([]byte("bob " + hex.EncodeToString(m.Sum(nil))))
	plain := base64.StdEncoding.EncodeToString([]byte("\x00bob\x00secret"))
	noop := step{"NOOP", "+OK\r\n"}
	for _, tc := range []struct {
		name     string
		greeting string
		steps    []step
		check    func(error) bool // nil: Login must succeed
	}{
		{"mechanism refused before any step: APOP next", greetTS, []step{
			{"CAPA", crlf("+OK\nSASL CRAM-MD5\n.\n")},
			{"AUTH CRAM-MD5", "-ERR Unsupported authentication mechanism.\r\n"},
			{apop, "+OK\r\n"},
		}, nil},
		{"PLAIN, LOGIN and USER all refused before the password: the last refusal is returned", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN LOGIN\n.\n")},
			{"AUTH PLAIN", "-ERR no\r\n"},
			{"AUTH LOGIN", "-ERR no\r\n"},
			{"USER bob", "-ERR [AUTH] Plaintext authentication disallowed on non-secure connections\r\n"},
		}, func(err error) bool {
			var e *Error
			return errors.As(err, &e) && e.Command == "USER" && IsAuthFailure(err)
		}},
		{"refused after the proof without a code, server with AUTH-RESP-CODE: APOP next", greetTS, []step{
			{"CAPA", crlf("+OK\nSASL CRAM-MD5\nAUTH-RESP-CODE\n.\n")},
			{"AUTH CRAM-MD5", "+ " + challenge + "\r\n"},
			{cram, "-ERR CRAM-MD5 needs a plaintext password store\r\n"},
			{apop, "+OK\r\n"},
		}, nil},
		{"refused after the proof without a code, no AUTH-RESP-CODE: may be the password, stop", greetTS, []step{
			{"CAPA", crlf("+OK\nSASL CRAM-MD5 PLAIN\nUSER\n.\n")},
			{"AUTH CRAM-MD5", "+ " + challenge + "\r\n"},
			{cram, "-ERR authentication failed\r\n"},
		}, IsAuthFailure},
		{"wrong password marked [AUTH]: stop, nothing else tried", greetTS, []step{
			{"CAPA", crlf("+OK\nSASL CRAM-MD5 PLAIN\nUSER\nAUTH-RESP-CODE\n.\n")},
			{"AUTH CRAM-MD5", "+ " + challenge + "\r\n"},
			{cram, "-ERR [AUTH] authentication failed\r\n"},
		}, IsAuthFailure},
		{"wrong APOP digest, no CAPA: USER is not tried after it", greetTS, []step{
			{"CAPA", "-ERR unknown command\r\n"},
			{apop, "-ERR permission denied\r\n"},
		}, IsAuthFailure},
		{"hostile: every mechanism announced many times, every method refused: each tried once, then the last refusal", greetTS, []step{
			{"CAPA", crlf("+OK\nSASL " + strings.Repeat("PLAIN LOGIN CRAM-MD5 ", 50) + "\nUSER\nAUTH-RESP-CODE\n.\n")},
			{"AUTH CRAM-MD5", "-ERR no\r\n"},
			{apop, "-ERR no\r\n"},
			{"AUTH PLAIN", "-ERR no\r\n"},
			{"AUTH LOGIN", "-ERR no\r\n"},
			{"USER bob", "-ERR no\r\n"},
		}, func(err error) bool {
			var e *Error
			return errors.As(err, &e) && e.Command == "USER"
		}},
		{"temporary failure before the proof: stop", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN\n.\n")},
			{"AUTH PLAIN", "-ERR [SYS/TEMP] authentication service unavailable\r\n"},
		}, IsTemporary},
		{"mailbox in use after the proof: stop", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN\nAUTH-RESP-CODE\n.\n")},
			{"AUTH PLAIN", "+ \r\n"},
			{plain, "-ERR [IN-USE] locked\r\n"},
		}, IsInUse},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := serveScript(t, tc.greeting, append(tc.steps, noop)...)
			c := s.dial(t, nil)
			err := c.Login(bg, "bob", "secret")
			switch {
			case tc.check == nil && err != nil:
				t.Fatalf("Login: %v", err)
			case tc.check != nil && !tc.check(err):
				t.Fatalf("Login = %v, not the expected refusal", err)
			}
			if err := c.Noop(bg); err != nil {
				t.Fatalf("NOOP after Login: %v", err)
			}
		})
	}
}
