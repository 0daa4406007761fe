package pop3_test

import (
	"crypto/tls"
	"slices"
	"testing"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// TestLoginFallbackInMemory logs in to the in-memory server configured
// as servers that refuse methods, over implicit TLS and over plain TCP,
// and checks the commands the server saw before login: exactly one of
// them carries the password or a proof of it, whether or not it is right.
func TestLoginFallbackInMemory(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		opts     pop3server.Options
		tls      bool
		password string
		want     []string // pre-login commands, as the server logs them
	}{
		{"TLS, no CAPA, USER refused: APOP from the greeting", pop3server.Options{DisableCAPA: true, DisableUSER: true}, true, "pw",
			[]string{"CAPA", "USER alice", "APOP alice ***"}},
		{"TLS, no CAPA, USER refused, wrong password: APOP once, nothing after", pop3server.Options{DisableCAPA: true, DisableUSER: true}, true, "wrong",
			[]string{"CAPA", "USER alice", "APOP alice ***"}},
		{"plain with AllowInsecureAuth, no CAPA: APOP first, no fallback needed", pop3server.Options{DisableCAPA: true, DisableUSER: true}, false, "pw",
			[]string{"CAPA", "APOP alice ***"}},
		{"TLS, CAPA without USER: SASL PLAIN", pop3server.Options{DisableUSER: true}, true, "pw",
			[]string{"CAPA", "AUTH PLAIN"}},
		{"TLS, no PIPELINING, wrong password through SASL PLAIN: [AUTH] stops, USER and APOP not tried", pop3server.Options{DisablePipelining: true}, true, "wrong",
			[]string{"CAPA", "AUTH PLAIN"}},
		{"TLS, PIPELINING: USER/PASS first, one flight", pop3server.Options{}, true, "pw",
			[]string{"CAPA", "USER alice", "PASS ***"}},
		{"TLS, PIPELINING, wrong password through USER/PASS: [AUTH] stops, PLAIN and APOP not tried", pop3server.Options{}, true, "wrong",
			[]string{"CAPA", "USER alice", "PASS ***"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec pop3server.CommandRecorder
			tc.opts.CommandLog = rec.Record
			s := pop3server.New(&tc.opts)
			t.Cleanup(func() { s.Close() })
			if err := s.AddUser("alice", "pw", mailbox(1)...); err != nil {
				t.Fatal(err)
			}
			var c *pop3.Client
			if tc.tls {
				l, err := tls.Listen("tcp", "127.0.0.1:0", leaf.ServerConfig())
				if err != nil {
					t.Fatal(err)
				}
				go s.Serve(l)
				c, err = pop3.DialTLS(ctx, l.Addr().String(), &pop3.Options{TLSConfig: &tls.Config{RootCAs: ca.Pool()}})
				if err != nil {
					t.Fatal(err)
				}
			} else {
				addr, err := s.StartLocal()
				if err != nil {
					t.Fatal(err)
				}
				if c, err = pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true}); err != nil {
					t.Fatal(err)
				}
			}
			t.Cleanup(func() { c.Close() })
			err := c.Login(ctx, "alice", tc.password)
			if tc.password == "pw" && err != nil {
				t.Fatalf("Login: %v", err)
			}
			if tc.password != "pw" && !pop3.IsAuthFailure(err) {
				t.Fatalf("Login with a wrong password = %v, want an auth failure", err)
			}
			if err == nil {
				if n, _, err := c.Stat(ctx); err != nil || n != 1 {
					t.Fatalf("Stat after login = %d, %v", n, err)
				}
			}
			if got := rec.Lines(""); !slices.Equal(got, tc.want) {
				t.Fatalf("commands before login = %q, want %q", got, tc.want)
			}
		})
	}
}
