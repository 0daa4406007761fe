package pop3server

import (
	"bufio"
	"crypto/tls"
	"net"
	"strings"
	"testing"

	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func tlsConfigs(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	return leaf.ServerConfig(), &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"}
}

// startTLS switches the test client to TLS after a +OK to STLS.
func (cl *client) startTLS(cfg *tls.Config) {
	cl.t.Helper()
	tc := tls.Client(cl.c, cfg)
	if err := tc.Handshake(); err != nil {
		cl.t.Fatalf("TLS handshake: %v", err)
	}
	cl.c = tc
	cl.r = bufio.NewReader(tc)
}

func TestSTLS(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	s, addr := newTestServer(t, &Options{TLSConfig: srvCfg})
	cl := dial(t, addr)
	cl.ok("CAPA")
	if caps := cl.multi(); !strings.HasSuffix(caps, "STLS\r\n") {
		t.Fatalf("CAPA without STLS:\n%s", caps)
	}
	cl.ok("USER alice") // forgotten by STLS
	if got := cl.ok("STLS"); got != "+OK begin TLS negotiation" {
		t.Fatalf("STLS = %q", got)
	}
	cl.startTLS(cliCfg)

	cl.ok("CAPA")
	if caps := cl.multi(); strings.Contains(caps, "STLS") {
		t.Fatalf("CAPA over TLS still offers STLS:\n%s", caps)
	}
	cl.fail("PASS secret", " send USER first")
	cl.fail("STLS", " already using TLS")
	cl.login("alice", "secret")
	cl.ok("DELE 1")
	cl.ok("QUIT")
	if got := uids(s.Messages("alice")); len(got) != 2 {
		t.Fatalf("mailbox after QUIT over TLS = %v", got)
	}
}

// TestSTLSDiscardsPlaintextInjection: commands sent in the clear right
// after STLS must not run inside the TLS session (CVE-2011-0411 class).
func TestSTLSDiscardsPlaintextInjection(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	_, addr := newTestServer(t, &Options{TLSConfig: srvCfg})
	cl := dial(t, addr)
	cl.send("STLS", "CAPA")
	if got := cl.line(); got != "+OK begin TLS negotiation" {
		t.Fatalf("STLS = %q", got)
	}
	cl.startTLS(cliCfg)
	if got := cl.cmd("NOOP"); got != "-ERR command not valid in this state" {
		t.Fatalf("first reply over TLS = %q, want the one to NOOP", got)
	}
}

func TestSTLSNotOffered(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.ok("CAPA")
	if caps := cl.multi(); strings.Contains(caps, "STLS") {
		t.Fatalf("CAPA offers STLS without a TLS config:\n%s", caps)
	}
	cl.fail("STLS", " STLS not available")
}

func TestImplicitTLS(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	s := New(&Options{TLSConfig: srvCfg})
	defer s.Close()
	if err := s.AddUser("alice", "secret", msg1); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.ServeConn(tls.Server(c, srvCfg))
		}
	}()
	c, err := tls.Dial("tcp", l.Addr().String(), cliCfg)
	if err != nil {
		t.Fatal(err)
	}
	cl := newClient(t, c)
	cl.ok("CAPA")
	if caps := cl.multi(); strings.Contains(caps, "STLS") {
		t.Fatalf("CAPA offers STLS on an implicit-TLS connection:\n%s", caps)
	}
	cl.login("alice", "secret")
	cl.ok("RETR 1")
	if got := cl.multi(); got != string(msg1.Data) {
		t.Fatalf("RETR over TLS = %q", got)
	}
}
