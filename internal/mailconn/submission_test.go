package mailconn

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/submission"
)

// smtpScript is a submission server that greets, answers EHLO with ext,
// answers STARTTLS with 220 and then hangs up, and records every line.
func smtpScript(t *testing.T, ext string, greet bool) (net.Conn, func() string) {
	t.Helper()
	cli, srv := net.Pipe()
	lines := make(chan string, 16)
	go func() {
		defer close(lines)
		defer srv.Close()
		if !greet {
			srv.Read(make([]byte, 1)) // until the client gives up
			return
		}
		srv.Write([]byte("220 mx.example ESMTP\r\n"))
		br := bufio.NewReader(srv)
		for {
			l, err := br.ReadString('\n')
			if err != nil {
				return
			}
			lines <- l
			switch {
			case strings.HasPrefix(l, "EHLO"):
				srv.Write([]byte("250-mx.example\r\n250 " + ext + "\r\n"))
			case strings.HasPrefix(l, "STARTTLS"):
				srv.Write([]byte("220 2.0.0 go ahead\r\n"))
				return
			default:
				srv.Write([]byte("502 5.5.2 no\r\n"))
			}
		}
	}()
	t.Cleanup(func() { cli.Close() })
	return cli, func() string {
		var b strings.Builder
		for l := range lines {
			b.WriteString(l)
		}
		return b.String()
	}
}

// STARTTLS is required for a starttls target: a server that does not
// offer it gets nothing after EHLO. The control, a server that offers
// it, shows the recorder sees the STARTTLS line.
func TestOpenSubmissionStartTLS(t *testing.T) {
	cfg := &tls.Config{ServerName: "mx.example"}
	for _, tc := range []struct {
		ext      string
		wantErr  error
		recorded string
	}{
		{"PIPELINING", submission.ErrStartTLSNotOffered, "EHLO localhost\r\n"},
		{"STARTTLS", nil, "EHLO localhost\r\nSTARTTLS\r\n"},
	} {
		conn, recorded := smtpScript(t, tc.ext, true)
		_, err := OpenSubmission(context.Background(), conn, bridgeapi.SecurityStartTLS, cfg, nil)
		if err == nil {
			t.Fatalf("%s: OpenSubmission succeeded against a server that hangs up", tc.ext)
		}
		if tc.wantErr != nil && !errors.Is(err, tc.wantErr) {
			t.Errorf("%s: OpenSubmission = %v, want %v", tc.ext, err, tc.wantErr)
		}
		if got := recorded(); got != tc.recorded {
			t.Errorf("%s: the server received %q, want %q", tc.ext, got, tc.recorded)
		}
	}
}

// A plain target opens a session that has read the greeting and EHLO.
func TestOpenSubmissionPlain(t *testing.T) {
	conn, _ := smtpScript(t, "PIPELINING", true)
	c, err := OpenSubmission(context.Background(), conn, bridgeapi.SecurityPlain, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if !c.Extensions().Pipelining {
		t.Error("the EHLO reply was not read")
	}
}

// The context bounds the greeting too, which the engines alone would
// wait for until their timeout.
func TestOpenSubmissionCancelled(t *testing.T) {
	conn, _ := smtpScript(t, "", false)
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := OpenSubmission(ctx, conn, bridgeapi.SecurityPlain, nil, nil)
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("OpenSubmission = %v, want context.Canceled", err)
	}
}
