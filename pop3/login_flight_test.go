package pop3

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestLoginFlights: with PIPELINING announced, USER and PASS reach the
// server in one flight (one round trip), before SASL PLAIN, and every
// outcome of that flight keeps the error and the fallback of the
// one-at-a-time login; without PIPELINING, or with
// Options.DisablePipelining, each command waits for its reply. Scripts
// that keep the session end with NOOP, so that a method tried where none
// should be would reach the server in its place: "nothing more was
// tried" is seen through the flights that show what was tried.
func TestLoginFlights(t *testing.T) {
	const pipelining = "USER\nSASL PLAIN\nPIPELINING"
	const sequential = "USER\nSASL PLAIN"
	plain := base64.StdEncoding.EncodeToString([]byte("\x00bob\x00secret"))
	noop := flightStep{expect: "NOOP", reply: "+OK"}
	// After a login on a server that pipelines, the CAPA that reads the
	// capabilities again rides with the next command.
	capaAfter := flightStep{expect: "CAPA", reply: "+OK\nTOP\nUIDL\nPIPELINING\n."}
	isCommandErr := func(cmd string, also func(error) bool) func(error) bool {
		return func(err error) bool {
			var e *Error
			return errors.As(err, &e) && e.Command == cmd && (also == nil || also(err))
		}
	}
	for _, tc := range []struct {
		name    string
		opts    Options
		caps    string // "" for a server without CAPA
		steps   []flightStep
		flights []string
		check   func(error) bool // nil: Login must succeed
		ended   bool             // the session ends with Login
	}{
		{"PIPELINING: USER and PASS in one flight", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "+OK logged in"}, capaAfter, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "CAPA + NOOP"}, nil, false},
		{"no PIPELINING: SASL PLAIN first, one step per round trip", Options{}, sequential, []flightStep{
			{expect: "AUTH PLAIN", reply: "+ "}, {expect: plain, reply: "+OK"}, noop,
		}, []string{"CAPA", "AUTH PLAIN", plain, "NOOP"}, nil, false},
		{"no PIPELINING, USER only: USER, then PASS after its reply", Options{}, "USER", []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "+OK"}, noop,
		}, []string{"CAPA", "USER bob", "PASS secret", "NOOP"}, nil, false},
		{"no CAPA: USER, then PASS after its reply", Options{}, "", []flightStep{
			{expect: "CAPA", reply: "-ERR unknown command"}, {expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "+OK"}, noop,
		}, []string{"CAPA", "USER bob", "PASS secret", "NOOP"}, nil, false},
		{"PIPELINING with DisablePipelining: never together, PLAIN first", Options{DisablePipelining: true}, pipelining, []flightStep{
			{expect: "AUTH PLAIN", reply: "+ "}, {expect: plain, reply: "+OK"}, noop,
		}, []string{"CAPA", "AUTH PLAIN", plain, "NOOP"}, nil, false},
		{"DisablePipelining, USER only: USER, then PASS after its reply", Options{DisablePipelining: true}, "USER\nPIPELINING", []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "+OK"}, noop,
		}, []string{"CAPA", "USER bob", "PASS secret", "NOOP"}, nil, false},
		{"USER refused: the PASS reply is read, the USER refusal returned, PLAIN tried next", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "-ERR no such user here"}, {expect: "PASS secret", reply: "-ERR USER first"},
			{expect: "AUTH PLAIN", reply: "+ "}, {expect: plain, reply: "+OK"}, capaAfter, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "AUTH PLAIN", plain, "CAPA + NOOP"}, nil, false},
		{"USER refused, nothing else offered: the typed USER refusal, session in step", Options{}, "USER\nPIPELINING", []flightStep{
			{expect: "USER bob", reply: "-ERR [AUTH] no such user"}, {expect: "PASS secret", reply: "-ERR USER first"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("USER", IsAuthFailure), false},
		{"USER refused with IN-USE: no fallback", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "-ERR [IN-USE] locked"}, {expect: "PASS secret", reply: "-ERR USER first"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("USER", IsInUse), false},
		{"PASS refused with AUTH: the password was judged, PLAIN not tried", Options{}, pipelining + "\nAUTH-RESP-CODE", []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "-ERR [AUTH] wrong password"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("PASS", IsAuthFailure), false},
		{"PASS refused without a code, no AUTH-RESP-CODE: may be the password, stop", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "-ERR invalid"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("PASS", IsAuthFailure), false},
		{"PASS refused with IN-USE", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "-ERR [IN-USE] another session is open"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("PASS", IsInUse), false},
		{"PASS refused with LOGIN-DELAY", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "-ERR [LOGIN-DELAY] wait a while"}, noop,
		}, []string{"CAPA", "USER bob + PASS secret", "NOOP"}, isCommandErr("PASS", IsLoginDelay), false},
		{"connection dropped after the USER reply: an I/O error, the session ends", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "+OK", hangUp: true},
		}, []string{"CAPA", "USER bob + PASS secret"}, func(err error) bool {
			var e *Error
			return dropped(err) && !errors.As(err, &e)
		}, true},
		{"connection dropped after a refused USER: the USER refusal, and the session ends", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "-ERR no such user", hangUp: true},
		}, []string{"CAPA", "USER bob + PASS secret"}, func(err error) bool {
			return isCommandErr("USER", nil)(err) && dropped(err)
		}, true},
		{"hostile: USER refused, then PASS accepted: the session ends", Options{}, pipelining, []flightStep{
			{expect: "USER bob", reply: "-ERR no"}, {expect: "PASS secret", reply: "+OK welcome anyway"},
		}, []string{"CAPA", "USER bob + PASS secret"}, func(err error) bool {
			var pe *ProtocolError
			return isCommandErr("USER", nil)(err) && errors.As(err, &pe)
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s := startFlights(t, tc.opts, tc.caps, tc.steps...)
			err := c.Login(bg, "bob", "secret")
			switch {
			case tc.check == nil && err != nil:
				t.Fatalf("Login: %v", err)
			case tc.check != nil && !tc.check(err):
				t.Fatalf("Login = %v, not the expected error", err)
			}
			if err != nil && strings.Contains(fmt.Sprintf("%v %+v", err, err), "secret") {
				t.Errorf("the error carries the password: %v", err)
			}
			nerr := c.Noop(bg)
			if tc.ended != (nerr != nil) || (tc.ended && !errors.Is(nerr, ErrClosed)) {
				t.Errorf("NOOP after Login = %v, want the session ended: %v", nerr, tc.ended)
			}
			c.Close()
			<-s.done
			s.check(t, tc.flights...)
		})
	}
}

// dropped reports an error of a connection the server closed: EOF on a
// read, or, net.Pipe's way, a deadline that cannot be set any more.
func dropped(err error) bool {
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.ErrClosedPipe)
}
