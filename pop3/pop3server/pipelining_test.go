package pop3server

import (
	"fmt"
	"net"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingConn counts the writes the server makes, to check that a
// pipelined batch is answered in one flush.
type countingConn struct {
	net.Conn
	writes atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

func TestPipelinedBatchAnsweredInOrderInOneWrite(t *testing.T) {
	s := New(nil)
	defer s.Close()
	if err := s.AddUser("alice", "secret", msg1, msg2, msg3); err != nil {
		t.Fatal(err)
	}
	srv, cli := net.Pipe()
	cc := &countingConn{Conn: srv}
	go s.ServeConn(cc)
	cl := newClient(t, cli)
	cl.login("alice", "secret")

	var batch, want []string
	for i := range 20 {
		n := i%3 + 1
		batch = append(batch, fmt.Sprintf("UIDL %d", n))
		want = append(want, fmt.Sprintf("+OK %d uid-%d", n, n))
	}
	before := cc.writes.Load()
	go cli.Write([]byte(strings.Join(batch, "\r\n") + "\r\n"))
	var got []string
	for range batch {
		got = append(got, cl.line())
	}
	if !slices.Equal(got, want) {
		t.Fatalf("replies = %q, want %q", got, want)
	}
	if n := cc.writes.Load() - before; n != 1 {
		t.Fatalf("a batch of %d commands was answered in %d writes, want 1", len(batch), n)
	}
}

// TestPipelinedEverything sends a whole session, login to QUIT, as one
// write over TCP and checks every reply.
func TestPipelinedEverything(t *testing.T) {
	s, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	var cmds []string
	cmds = append(cmds, "CAPA", "USER alice", "PASS secret", "STAT")
	for range 30 {
		cmds = append(cmds, "RETR 2", "TOP 1 1", "LIST", "UIDL 3")
	}
	cmds = append(cmds, "DELE 2", "QUIT")
	cl.send(cmds...)

	cl.line()
	cl.multi()
	cl.line()
	if got := cl.line(); !strings.HasPrefix(got, "+OK maildrop has 3") {
		t.Fatalf("PASS = %q", got)
	}
	cl.line()
	for range 30 {
		if cl.line(); cl.multi() != msg2CRLF {
			t.Fatal("RETR 2 body differs")
		}
		if cl.line(); cl.multi() != "From: a@example.org\r\nSubject: one\r\n\r\nHello\r\n" {
			t.Fatal("TOP 1 1 differs")
		}
		cl.line()
		cl.multi()
		if got := cl.line(); got != "+OK 3 uid-3" {
			t.Fatalf("UIDL 3 = %q", got)
		}
	}
	if got := cl.line(); got != "+OK message 2 deleted" {
		t.Fatalf("DELE = %q", got)
	}
	if got := cl.line(); !strings.HasSuffix(got, "(2 messages left)") {
		t.Fatalf("QUIT = %q", got)
	}
	cl.expectEOF()
	if got := uids(s.Messages("alice")); !slices.Equal(got, []string{"uid-1", "uid-3"}) {
		t.Fatalf("mailbox = %v", got)
	}
}

// TestLatency checks the point of Options.Latency: lock-step commands pay
// a round trip each, a pipelined batch about one in all.
func TestLatency(t *testing.T) {
	const oneWay = 25 * time.Millisecond
	const n = 10
	_, addr := newTestServer(t, &Options{Latency: oneWay})
	start := time.Now()
	cl := dial(t, addr)
	if took := time.Since(start); took < oneWay {
		t.Fatalf("greeting after %v, before one delay", took)
	}
	cl.login("alice", "secret")

	start = time.Now()
	for range n {
		cl.ok("NOOP")
	}
	lockstep := time.Since(start)
	if lockstep < n*2*oneWay {
		t.Fatalf("%d lock-step commands took %v, less than %d round trips", n, lockstep, n)
	}

	// The fastest of a few batches: a busy machine only adds time.
	pipelined := time.Hour
	for range 3 {
		start = time.Now()
		cl.send(slices.Repeat([]string{"NOOP"}, n)...)
		for range n {
			if got := cl.line(); got != "+OK" {
				t.Fatalf("NOOP = %q", got)
			}
		}
		pipelined = min(pipelined, time.Since(start))
	}
	if pipelined < 2*oneWay || pipelined > lockstep/2 {
		t.Fatalf("%d pipelined commands took %v (lock-step %v); want about one round trip", n, pipelined, lockstep)
	}
	cl.ok("QUIT")
	cl.expectEOF()
}

func TestLatencyWithSTLS(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	_, addr := newTestServer(t, &Options{Latency: 5 * time.Millisecond, TLSConfig: srvCfg})
	cl := dial(t, addr)
	cl.ok("STLS")
	cl.startTLS(cliCfg)
	cl.login("alice", "secret")
	cl.ok("RETR 1")
	if got := cl.multi(); got != string(msg1.Data) {
		t.Fatalf("RETR = %q", got)
	}
	cl.ok("QUIT")
}
