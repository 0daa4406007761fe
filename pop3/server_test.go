package pop3_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

var ctx = context.Background()

// mailbox makes n distinct messages, some with lines that need
// dot-stuffing.
func mailbox(n int) []pop3server.Message {
	msgs := make([]pop3server.Message, n)
	for i := range msgs {
		msgs[i] = pop3server.Message{
			UID: fmt.Sprintf("uid-%04d", i+1),
			Data: []byte(fmt.Sprintf("From: sender%d@example.com\r\nSubject: message %d\r\n\r\n"+
				"Hello %d.\r\n.a line that starts with a dot\r\n..two dots\r\n.\r\nend\r\n", i, i+1, i)),
		}
	}
	return msgs
}

// startServer runs an in-memory server with one user, "alice"/"pw".
func startServer(t testing.TB, opts *pop3server.Options, msgs []pop3server.Message) string {
	t.Helper()
	s := pop3server.New(opts)
	if err := s.AddUser("alice", "pw", msgs...); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return addr
}

func login(t testing.TB, addr string, opts *pop3.Options) *pop3.Client {
	t.Helper()
	if opts == nil {
		opts = &pop3.Options{}
	}
	opts.AllowInsecureAuth = true // loopback test server
	c, err := pop3.Dial(ctx, addr, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if err := c.Login(ctx, "alice", "pw"); err != nil {
		t.Fatal(err)
	}
	return c
}

// snapshot is everything a client can read of a mailbox, for comparing
// the pipelined and the one-at-a-time paths.
type snapshot struct {
	Infos   []pop3.MessageInfo
	Headers map[int]string
	Bodies  map[int]string
	Lists   []pop3.MessageInfo
	UIDLs   []pop3.MessageInfo
	DeleErr string
}

func takeSnapshot(t *testing.T, c *pop3.Client) snapshot {
	t.Helper()
	var s snapshot
	var err error
	s.Infos, _, err = c.Inventory(ctx)
	if err != nil {
		t.Fatal(err)
	}
	nums := make([]int, len(s.Infos))
	for i, mi := range s.Infos {
		nums[i] = mi.Number
	}
	collect := func(into map[int]string) func(int, io.Reader, error) error {
		return func(n int, r io.Reader, err error) error {
			if err != nil {
				return err
			}
			b, err := io.ReadAll(r)
			into[n] = string(b)
			return err
		}
	}
	s.Headers, s.Bodies = map[int]string{}, map[int]string{}
	if err := c.TopMany(ctx, nums, 0, collect(s.Headers)); err != nil {
		t.Fatal(err)
	}
	if err := c.RetrMany(ctx, nums, collect(s.Bodies)); err != nil {
		t.Fatal(err)
	}
	if s.Lists, err = c.ListMany(ctx, nums); err != nil {
		t.Fatal(err)
	}
	if s.UIDLs, err = c.UIDLMany(ctx, nums); err != nil {
		t.Fatal(err)
	}
	// Message 999 does not exist: each refusal is reported, the rest done.
	err = c.DeleMany(ctx, []int{1, 999, 2})
	var item *pop3.ItemError
	if !errors.As(err, &item) || item.Msg != 999 {
		t.Fatalf("DeleMany = %v, want an ItemError for 999", err)
	}
	s.DeleErr = err.Error()
	if err := c.Rset(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPipelinedAndSequentialAgree(t *testing.T) {
	msgs := mailbox(300)
	var got [2]snapshot
	for i, disable := range []bool{false, true} {
		addr := startServer(t, nil, msgs)
		c := login(t, addr, &pop3.Options{DisablePipelining: disable, PipelineWindow: 512})
		got[i] = takeSnapshot(t, c)
	}
	if !reflect.DeepEqual(got[0], got[1]) {
		t.Fatal("pipelined and one-at-a-time results differ")
	}
	s := got[0]
	if len(s.Infos) != len(msgs) {
		t.Fatalf("Inventory has %d messages, want %d", len(s.Infos), len(msgs))
	}
	for i, m := range msgs {
		mi := s.Infos[i]
		if mi.UID != m.UID || mi.Size != int64(len(m.Data)) {
			t.Fatalf("message %d: info %+v, want UID %s size %d", i+1, mi, m.UID, len(m.Data))
		}
		if s.Bodies[mi.Number] != string(m.Data) {
			t.Fatalf("message %d: body differs:\n%q\nwant\n%q", i+1, s.Bodies[mi.Number], m.Data)
		}
		hdr, _, _ := strings.Cut(string(m.Data), "\r\n\r\n")
		if s.Headers[mi.Number] != hdr+"\r\n\r\n" {
			t.Fatalf("message %d: header %q", i+1, s.Headers[mi.Number])
		}
	}
}

// A server that does not pipeline refuses commands sent before the
// previous reply; the client must notice from CAPA and not pipeline.
func TestNoPipeliningWhenNotAdvertised(t *testing.T) {
	addr := startServer(t, &pop3server.Options{DisablePipelining: true}, mailbox(50))
	c := login(t, addr, nil)
	n := 0
	err := c.TopMany(ctx, seq(50), 0, func(_ int, r io.Reader, err error) error {
		n++
		return err
	})
	if err != nil || n != 50 {
		t.Fatalf("TopMany = %v after %d messages", err, n)
	}
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i + 1
	}
	return s
}

func TestBatchStopsOnHandlerError(t *testing.T) {
	addr := startServer(t, nil, mailbox(100))
	c := login(t, addr, &pop3.Options{PipelineWindow: 256})
	stop := errors.New("enough")
	seen := 0
	err := c.RetrMany(ctx, seq(100), func(n int, r io.Reader, err error) error {
		seen++
		if n == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != 10 {
		t.Fatalf("RetrMany = %v after %d calls, want the handler's error after 10", err, seen)
	}
	// The replies already requested were drained: the session is in step.
	if n, _, err := c.Stat(ctx); err != nil || n != 100 {
		t.Fatalf("Stat after a stopped batch = %d, %v", n, err)
	}
}

func TestUpdateState(t *testing.T) {
	msgs := mailbox(5)
	s := pop3server.New(nil)
	if err := s.AddUser("alice", "pw", msgs...); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	// Marked, then the connection drops: nothing is deleted.
	c := login(t, addr, nil)
	if err := c.DeleMany(ctx, []int{1, 2}); err != nil {
		t.Fatal(err)
	}
	c.Close()
	if got := len(s.Messages("alice")); got != 5 {
		t.Fatalf("after a dropped session %d messages, want 5", got)
	}
	// Marked, then QUIT: gone.
	c = login(t, addr, nil)
	if err := c.Dele(ctx, 2); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	left := s.Messages("alice")
	if len(left) != 4 {
		t.Fatalf("after QUIT %d messages, want 4", len(left))
	}
	for _, m := range left {
		if m.UID == msgs[1].UID {
			t.Fatal("the deleted message is still there")
		}
	}
}

func TestTLS(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	trust := &tls.Config{RootCAs: ca.Pool()}

	t.Run("STLS", func(t *testing.T) {
		addr := startServer(t, &pop3server.Options{TLSConfig: leaf.ServerConfig()}, mailbox(2))
		c, err := pop3.Dial(ctx, addr, &pop3.Options{TLSConfig: trust})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		caps, err := c.Capabilities(ctx)
		if err != nil || !caps.STLS {
			t.Fatalf("caps before STLS = %+v, %v", caps, err)
		}
		if err := c.StartTLS(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if _, ok := c.TLSConnectionState(); !ok {
			t.Fatal("no TLS state after StartTLS")
		}
		caps, err = c.Capabilities(ctx)
		if err != nil || caps.STLS {
			t.Fatalf("caps after STLS still offer STLS: %+v, %v", caps, err)
		}
		// Encrypted now, so Login works without AllowInsecureAuth.
		if err := c.Login(ctx, "alice", "pw"); err != nil {
			t.Fatal(err)
		}
		if n, _, err := c.Stat(ctx); err != nil || n != 2 {
			t.Fatalf("Stat = %d, %v", n, err)
		}
	})

	t.Run("STLS with an untrusted certificate", func(t *testing.T) {
		addr := startServer(t, &pop3server.Options{TLSConfig: leaf.ServerConfig()}, nil)
		c, err := pop3.Dial(ctx, addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		err = c.StartTLS(ctx, nil)
		var unknown x509UnknownAuthority
		if err == nil || !errors.As(err, &unknown.err) {
			t.Fatalf("StartTLS = %v, want an unknown-authority error", err)
		}
		if err := c.Noop(ctx); !errors.Is(err, pop3.ErrClosed) {
			t.Fatalf("Noop after a failed handshake = %v, want ErrClosed", err)
		}
	})

	t.Run("STLS not offered", func(t *testing.T) {
		addr := startServer(t, nil, nil)
		c, err := pop3.Dial(ctx, addr, &pop3.Options{TLSConfig: trust})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.StartTLS(ctx, nil); !errors.Is(err, pop3.ErrNotSupported) {
			t.Fatalf("StartTLS = %v, want ErrNotSupported", err)
		}
	})

	t.Run("implicit TLS through NewClient", func(t *testing.T) {
		s := pop3server.New(nil)
		if err := s.AddUser("alice", "pw", mailbox(3)...); err != nil {
			t.Fatal(err)
		}
		l, err := tls.Listen("tcp", "127.0.0.1:0", leaf.ServerConfig())
		if err != nil {
			t.Fatal(err)
		}
		go s.Serve(l)
		defer s.Close()
		c, err := pop3.DialTLS(ctx, l.Addr().String(), &pop3.Options{TLSConfig: trust})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(ctx, "alice", "pw"); err != nil {
			t.Fatal(err)
		}
		// The browser's case: a *tls.Conn made by the caller counts as
		// encrypted too.
		raw, err := net.Dial("tcp", l.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		tc := tls.Client(raw, &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"})
		c2, err := pop3.NewClient(tc, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c2.Close()
		if err := c2.Login(ctx, "alice", "pw"); err != nil {
			t.Fatalf("Login over a caller-made *tls.Conn: %v", err)
		}
	})
}

func TestRetrExactBytes(t *testing.T) {
	var big bytes.Buffer
	big.WriteString("Subject: big\r\n\r\n")
	for i := 0; big.Len() < 3<<20; i++ {
		switch i % 7 {
		case 0:
			big.WriteString(".dotted line\r\n")
		case 3:
			big.WriteString(strings.Repeat("x", 5000) + "\r\n") // longer than one read
		default:
			fmt.Fprintf(&big, "line %d of the body\r\n", i)
		}
	}
	addr := startServer(t, nil, []pop3server.Message{{UID: "big", Data: big.Bytes()}})
	var last pop3.Progress
	c := login(t, addr, &pop3.Options{Progress: func(p pop3.Progress) { last = p }})
	if _, err := c.List(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.Retr(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	if !bytes.Equal(got, big.Bytes()) {
		t.Fatalf("RETR returned %d bytes that differ from the %d stored", len(got), big.Len())
	}
	if !last.Done || last.Bytes != int64(big.Len()) || last.Total != int64(big.Len()) {
		t.Fatalf("last progress = %+v", last)
	}
}
