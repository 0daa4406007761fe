package pop3server

import (
	"net"
	"slices"
	"strings"
	"testing"
)

func TestDisableOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		missing string   // capability that must not be listed
		refused []string // commands answered with -ERR
	}{
		{"without UIDL", Options{DisableUIDL: true}, "UIDL", []string{"UIDL", "UIDL 1"}},
		{"without TOP", Options{DisableTOP: true}, "TOP", []string{"TOP 1 0"}},
		{"without PIPELINING", Options{DisablePipelining: true}, "PIPELINING", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := newTestServer(t, &tt.opts)
			cl := dial(t, addr)
			cl.login("alice", "secret")
			cl.ok("CAPA")
			for _, c := range strings.Split(cl.multi(), "\r\n") {
				if c == tt.missing {
					t.Fatalf("CAPA still lists %s", c)
				}
			}
			for _, c := range tt.refused {
				cl.fail(c, " unknown command")
			}
			cl.ok("STAT")
		})
	}
}

// TestDisablePipeliningRefusesBatches: a command sent before the previous
// reply arrived is refused, not run, and every command still gets exactly
// one reply, so a client that pipelines anyway fails visibly.
func TestDisablePipeliningRefusesBatches(t *testing.T) {
	var rec CommandRecorder
	s := New(&Options{DisablePipelining: true, CommandLog: rec.Record})
	defer s.Close()
	if err := s.AddUser("alice", "secret", msg1, msg2); err != nil {
		t.Fatal(err)
	}
	srv, cli := net.Pipe()
	go s.ServeConn(srv)
	cl := newClient(t, cli)
	cl.login("alice", "secret")

	go cli.Write([]byte("DELE 1\r\nDELE 2\r\nSTAT\r\n"))
	want := []string{"+OK message 1 deleted", "-ERR pipelining not supported; wait for each reply", "-ERR pipelining not supported; wait for each reply"}
	for _, w := range want {
		if got := cl.line(); got != w {
			t.Fatalf("got %q, want %q", got, w)
		}
	}
	if got := cl.ok("STAT"); !strings.HasPrefix(got, "+OK 1 ") {
		t.Fatalf("STAT = %q: the refused DELE 2 must not have run", got)
	}
	// The log shows what the client sent, refused commands included.
	if got, want := rec.Lines("alice"), []string{"DELE 1", "DELE 2", "STAT", "STAT"}; !slices.Equal(got, want) {
		t.Fatalf("command log = %q, want %q", got, want)
	}
}

func TestNilAndZeroOptionsAreDefaults(t *testing.T) {
	for _, o := range []*Options{nil, {}} {
		got := o.withDefaults()
		if got.IdleTimeout != defaultIdleTimeout || got.MaxAuthFailures != defaultMaxAuthFailures ||
			got.Hostname != defaultHostname || got.Logger == nil {
			t.Fatalf("withDefaults(%v) = %+v", o, got)
		}
	}
	if got := (&Options{MaxAuthFailures: -1}).withDefaults(); got.MaxAuthFailures != -1 {
		t.Fatalf("negative MaxAuthFailures (no limit) was overridden: %d", got.MaxAuthFailures)
	}
}

// TestDisableCAPAAndUSER: a server without CAPA and without USER, as some
// APOP-only servers are, still logs in with APOP; a refused USER does not
// count as a failed login, so it never closes the session.
func TestDisableCAPAAndUSER(t *testing.T) {
	_, addr := newTestServer(t, &Options{DisableCAPA: true, DisableUSER: true, MaxAuthFailures: 1})
	cl := dial(t, addr)
	cl.fail("CAPA", " unknown command")
	for range 3 { // more than MaxAuthFailures
		cl.fail("USER alice", " unknown command")
		cl.fail("PASS secret", " unknown command")
	}
	cl.ok("APOP alice " + apopDigest(cl.greeting, "secret"))
	cl.ok("STAT")
	// Positive control: on the same server one wrong APOP does end the
	// session (MaxAuthFailures 1).
	cl = dial(t, addr)
	cl.fail("APOP alice "+apopDigest(cl.greeting, "wrong"), " [AUTH]")
	cl.expectEOF()

	// USER alone turned off still lists CAPA, without
	// USER but with the SASL line.
	_, addr = newTestServer(t, &Options{DisableUSER: true})
	cl = dial(t, addr)
	cl.ok("CAPA")
	caps := strings.Split(cl.multi(), "\r\n")
	if slices.Contains(caps, "USER") || !slices.Contains(caps, "SASL PLAIN") {
		t.Fatalf("CAPA with DisableUSER = %q, want SASL PLAIN and no USER", caps)
	}
}
