package demo_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/bridge/internal/demo"
	"github.com/poppymail/poppy/pop3"
)

// sentMessage has what a reply from the app carries: CRLF lines, a line
// that starts with a dot (dot-stuffed on the wire), 8-bit UTF-8.
var sentMessage = []byte("From: Demo <demo@poppy.example>\r\n" +
	"To: demo@poppy.example\r\n" +
	"Subject: Re: Welcome =?utf-8?q?=C3=A0?= Poppy\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Content-Transfer-Encoding: 8bit\r\n" +
	"\r\n" +
	"Thanks, it works.\r\n" +
	". a line that starts with a dot\r\n" +
	"Grüße\r\n")

// readAll logs into the demo mailbox over POP3 with the project's client
// and returns every message.
func readAll(t *testing.T, m *demo.Mailbox) [][]byte {
	t.Helper()
	ctx := context.Background()
	c, err := pop3.Dial(ctx, m.Addr(), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, demo.Username, demo.Password); err != nil {
		t.Fatal(err)
	}
	n, _, err := c.Stat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for i := 1; i <= n; i++ {
		r, err := c.Retr(ctx, i)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDemoSendsToItself: a message submitted over SMTP to the demo address
// with the demo login appears in the demo POP3 mailbox with the same
// bytes; any other recipient is refused with 550 5.7.1 and nothing is
// delivered for it.
func TestDemoSendsToItself(t *testing.T) {
	m, err := demo.Start(demoDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if tg := m.Target(); tg.Submission == nil || tg.Submission.Host != "127.0.0.1" || tg.Submission.Security != "plain" {
		t.Fatalf("demo target without a loopback submission server: %+v", tg)
	}
	before := readAll(t, m)

	c, err := smtp.Dial(m.SubmissionAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", demo.Username, demo.Password)); err != nil {
		t.Fatalf("demo login refused by AUTH: %v", err)
	}

	// Elsewhere: refused, in words that say why.
	err = c.SendMail(demo.Address, []string{"someone@example.com"}, bytes.NewReader(sentMessage))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 550 || se.EnhancedCode != (smtp.EnhancedCode{5, 7, 1}) {
		t.Fatalf("send elsewhere: %v, want 550 5.7.1", err)
	}
	t.Logf("refusal: %s", se.Message)
	// The first of two recipients refused, the second accepted: only the
	// demo gets it.
	if err := c.Mail(demo.Address, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("elsewhere@example.org", nil); err == nil {
		t.Fatal("second address outside the demo accepted")
	}
	if err := c.Rcpt("Demo@Poppy.Example", nil); err != nil {
		t.Fatalf("demo address in other case: %v", err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write(sentMessage)
	if err := w.Close(); err != nil {
		t.Fatalf("DATA: %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Fatal(err)
	}

	after := readAll(t, m)
	if len(after) != len(before)+1 {
		t.Fatalf("%d messages after sending, want %d", len(after), len(before)+1)
	}
	for i := range before {
		if !bytes.Equal(after[i], before[i]) {
			t.Fatalf("message %d changed", i+1)
		}
	}
	if got := after[len(after)-1]; !bytes.Equal(got, sentMessage) {
		t.Errorf("delivered message differs:\n got %q\nwant %q", got, sentMessage)
	}
}

// TestDemoSubmissionNeedsLogin: the published login is the only one.
func TestDemoSubmissionNeedsLogin(t *testing.T) {
	m, err := demo.Start(demoDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	c, err := smtp.Dial(m.SubmissionAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.SendMail(demo.Address, []string{demo.Address}, bytes.NewReader(sentMessage)); err == nil {
		t.Fatal("sent without AUTH")
	}
	if err := c.Auth(sasl.NewPlainClient("", demo.Username, "wrong")); err == nil {
		t.Fatal("wrong password accepted")
	}
	if n := len(readAll(t, m)); n != m.Count() {
		t.Errorf("%d messages, want the %d loaded: something was delivered", n, m.Count())
	}
}

// TestDemoDeliveryBound: once the demo took MaxDelivered bytes by
// submission, it refuses more (552 5.2.2) instead of growing.
func TestDemoDeliveryBound(t *testing.T) {
	m, err := demo.Start(demoDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	demo.SetMaxDelivered(m, int64(len(sentMessage))+10)
	c, err := smtp.Dial(m.SubmissionAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", demo.Username, demo.Password)); err != nil {
		t.Fatal(err)
	}
	// Positive control: the first message fits.
	if err := c.SendMail(demo.Address, []string{demo.Address}, bytes.NewReader(sentMessage)); err != nil {
		t.Fatal(err)
	}
	err = c.SendMail(demo.Address, []string{demo.Address}, bytes.NewReader(sentMessage))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 552 || se.EnhancedCode != (smtp.EnhancedCode{5, 2, 2}) {
		t.Fatalf("second message: %v, want 552 5.2.2", err)
	}
	if n := len(readAll(t, m)); n != m.Count()+1 {
		t.Errorf("%d messages, want %d", n, m.Count()+1)
	}
}

// TestDemoDeliversWhileSessionsRun: a POP3 session open while a message
// arrives keeps its snapshot (RFC 1939 message numbers do not shift under
// it) and can still QUIT; the next session sees the message.
func TestDemoDeliversWhileSessionsRun(t *testing.T) {
	m, err := demo.Start(demoDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	ctx := context.Background()
	p, err := pop3.Dial(ctx, m.Addr(), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.Login(ctx, demo.Username, demo.Password); err != nil {
		t.Fatal(err)
	}

	c, err := smtp.Dial(m.SubmissionAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", demo.Username, demo.Password)); err != nil {
		t.Fatal(err)
	}
	if err := c.SendMail(demo.Address, []string{demo.Address}, bytes.NewReader(sentMessage)); err != nil {
		t.Fatal(err)
	}

	if n, _, err := p.Stat(ctx); err != nil || n != m.Count() {
		t.Errorf("open session: STAT %d, %v; want its snapshot of %d", n, err, m.Count())
	}
	if err := p.Quit(ctx); err != nil {
		t.Fatal(err)
	}
	if n := len(readAll(t, m)); n != m.Count()+1 {
		t.Errorf("next session: %d messages, want %d", n, m.Count()+1)
	}
}
