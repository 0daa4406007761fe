package pop3server

import (
	"errors"
	"net"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// loginWhenFree logs in, retrying while an earlier session still holds the
// mailbox. With LockSession on, a successful login proves that earlier
// sessions have ended, and so that whatever they were going to commit has
// been committed.
func loginWhenFree(t *testing.T, addr, user, pass string) *client {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		cl := dial(t, addr)
		cl.ok("USER " + user)
		r := cl.cmd("PASS " + pass)
		if strings.HasPrefix(r, "+OK") {
			return cl
		}
		if !strings.HasPrefix(r, "-ERR [IN-USE]") || time.Now().After(deadline) {
			t.Fatalf("login: %q", r)
		}
		cl.c.Close()
		time.Sleep(5 * time.Millisecond)
	}
}

func TestUpdateSemantics(t *testing.T) {
	tests := []struct {
		name string
		// end finishes the session that marked messages 1 and 3.
		end  func(t *testing.T, s *Server, cl *client)
		want []string
	}{
		{"DELE then QUIT deletes", func(t *testing.T, s *Server, cl *client) {
			if got := cl.ok("QUIT"); got != "+OK poppy-pop3server signing off (1 messages left)" {
				t.Fatalf("QUIT = %q", got)
			}
		}, []string{"uid-2"}},
		{"dropped connection deletes nothing", func(t *testing.T, s *Server, cl *client) {
			cl.c.Close()
		}, []string{"uid-1", "uid-2", "uid-3"}},
		{"RSET unmarks", func(t *testing.T, s *Server, cl *client) {
			if got := cl.ok("RSET"); !strings.HasPrefix(got, "+OK maildrop has 3 messages") {
				t.Fatalf("RSET = %q", got)
			}
			cl.ok("RETR 1") // readable again
			cl.multi()
			cl.ok("QUIT")
		}, []string{"uid-1", "uid-2", "uid-3"}},
		{"RSET then DELE again", func(t *testing.T, s *Server, cl *client) {
			cl.ok("RSET")
			cl.ok("DELE 2")
			cl.ok("QUIT")
		}, []string{"uid-1", "uid-3"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, addr := newTestServer(t, &Options{LockSession: true})
			cl := dial(t, addr)
			cl.login("alice", "secret")
			cl.ok("DELE 1")
			cl.ok("DELE 3")
			if got := uids(s.Messages("alice")); len(got) != 3 {
				t.Fatalf("DELE changed the mailbox before QUIT: %v", got)
			}
			tt.end(t, s, cl)
			loginWhenFree(t, addr, "alice", "secret").ok("QUIT")
			if got := uids(s.Messages("alice")); !slices.Equal(got, tt.want) {
				t.Fatalf("mailbox = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestServerCloseCommitsNothing(t *testing.T) {
	s, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.login("alice", "secret")
	cl.ok("DELE 1")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	cl.expectEOF()
	if got := uids(s.Messages("alice")); len(got) != 3 {
		t.Fatalf("mailbox after Close = %v, want all 3", got)
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Fatal("listener still accepting after Close")
	}
}

func TestServeReturnsErrServerClosed(t *testing.T) {
	s := New(nil)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(l) }()
	cl := dial(t, l.Addr().String())
	s.Close()
	if err := <-errc; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve = %v, want ErrServerClosed", err)
	}
	cl.expectEOF()
	if err := s.Serve(l); !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve after Close = %v", err)
	}
}

// TestSnapshotNumbering: a session's message numbers are fixed when it
// logs in; new mail and other sessions' deletions do not shift them.
func TestSnapshotNumbering(t *testing.T) {
	s, addr := newTestServer(t, nil)
	a := dial(t, addr)
	a.login("alice", "secret")

	if err := s.Deliver("alice", Message{UID: "uid-4", Data: []byte("Subject: four\r\n\r\nnew\r\n")}); err != nil {
		t.Fatal(err)
	}
	if got := a.ok("STAT"); !strings.HasPrefix(got, "+OK 3 ") {
		t.Fatalf("STAT in the open session = %q, want the 3 of its snapshot", got)
	}
	a.fail("RETR 4", " no such message")

	b := dial(t, addr)
	b.login("alice", "secret")
	if got := b.ok("UIDL 4"); got != "+OK 4 uid-4" {
		t.Fatalf("new session: UIDL 4 = %q", got)
	}
	b.ok("DELE 1")
	b.ok("QUIT")

	// b's commit does not renumber a's session.
	if got := a.ok("UIDL 2"); got != "+OK 2 uid-2" {
		t.Fatalf("after another session's QUIT: UIDL 2 = %q", got)
	}
	a.ok("RETR 1")
	if got := a.multi(); got != string(msg1.Data) {
		t.Fatalf("RETR 1 of the snapshot = %q", got)
	}
	a.ok("DELE 1") // already gone from the mailbox: harmless
	a.ok("QUIT")
	if got := uids(s.Messages("alice")); !slices.Equal(got, []string{"uid-2", "uid-3", "uid-4"}) {
		t.Fatalf("mailbox = %v", got)
	}
}

func TestLockSessionInUse(t *testing.T) {
	_, addr := newTestServer(t, &Options{LockSession: true})
	a := dial(t, addr)
	a.login("alice", "secret")

	b := dial(t, addr)
	b.ok("USER alice")
	b.fail("PASS secret", " [IN-USE]")
	b.fail("AUTH PLAIN AGFsaWNlAHNlY3JldA==", " [IN-USE]")

	a.ok("QUIT")
	// The lock is released before the QUIT reply is sent, so an immediate
	// retry succeeds.
	b.login("alice", "secret")
}

func TestWithoutLockSessionOverlap(t *testing.T) {
	_, addr := newTestServer(t, nil)
	a := dial(t, addr)
	a.login("alice", "secret")
	b := dial(t, addr)
	b.login("alice", "secret")
}

func TestIdleTimeout(t *testing.T) {
	s, addr := newTestServer(t, &Options{IdleTimeout: 100 * time.Millisecond})
	cl := dial(t, addr)
	cl.login("alice", "secret")
	cl.ok("DELE 1")
	start := time.Now()
	cl.expectEOF() // RFC 1939 §3: no reply, just the close
	if took := time.Since(start); took < 80*time.Millisecond {
		t.Fatalf("closed after %v, before the idle timeout", took)
	}
	if got := uids(s.Messages("alice")); len(got) != 3 {
		t.Fatalf("autologout deleted messages: %v", got)
	}
}

// TestCloseLeavesNoGoroutines: Close waits for every session, including
// the helper goroutines of delayed connections.
func TestCloseLeavesNoGoroutines(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New(&Options{Latency: 5 * time.Millisecond})
	if err := s.AddUser("alice", "secret", msg1); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	var clients []*client
	for range 20 {
		cl := dial(t, addr)
		cl.login("alice", "secret")
		clients = append(clients, cl)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, cl := range clients {
		cl.expectEOF()
		cl.c.Close()
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after Close:\n%s", before, runtime.NumGoroutine(), buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}
