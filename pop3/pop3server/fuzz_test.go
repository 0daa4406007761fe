package pop3server

import (
	"bytes"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// FuzzSession feeds arbitrary client input to a session. The server must
// not panic (TestMain turns a recovered panic into a crash), must end the
// session once the input ends with QUIT, and must only ever send CRLF
// lines.
func FuzzSession(f *testing.F) {
	for _, seed := range []string{
		"USER alice\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL\r\nRETR 2\r\nTOP 1 0\r\nDELE 1\r\nRSET\r\nQUIT\r\n",
		"CAPA\r\nAUTH\r\nAUTH PLAIN\r\nAGFsaWNlAHNlY3JldA==\r\nLIST 1\r\n",
		"AUTH PLAIN\r\n*\r\nAUTH PLAIN =\r\nAUTH PLAIN !!\r\n",
		"APOP alice 00000000000000000000000000000000\r\nSTLS\r\n",
		"USER alice\nPASS secret\nRETR 99999999999999999999\nTOP 1 -1\nDELE 0\n",
		strings.Repeat("A", 300) + "\r\nNOOP\r\n",
		"\x00\xff\r\n\r\n \r\nUSER\r\nPASS\r\n",
		"user alice\r\npass secret\r\ndele 1\r\ndele 1\r\nuidl 1\r\nquit\r\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, input []byte) {
		s := New(&Options{IdleTimeout: 2 * time.Second, MaxAuthFailures: -1})
		if err := s.AddUser("alice", "secret", msg1, msg2, msg3); err != nil {
			t.Fatal(err)
		}
		srv, cli := net.Pipe()
		done := make(chan struct{})
		go func() {
			s.ServeConn(srv)
			close(done)
		}()
		// The tail ends any partial line, cancels a SASL exchange if one
		// is open, and quits.
		go cli.Write(append(input, "\r\n*\r\nQUIT\r\n"...))
		cli.SetReadDeadline(time.Now().Add(10 * time.Second))
		out, err := io.ReadAll(cli)
		cli.Close()
		<-done
		s.Close()
		if err != nil {
			t.Fatalf("session did not end: %v", err)
		}
		if !bytes.HasSuffix(out, []byte("\r\n")) {
			t.Fatalf("output does not end in CRLF: %q", out)
		}
		if bytes.Count(out, []byte("\n")) != bytes.Count(out, []byte("\r\n")) {
			t.Fatalf("output has a bare LF: %q", out)
		}
	})
}
