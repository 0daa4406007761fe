//go:build unix

package postfixtest

import (
	"context"
	"errors"
	"io"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// roundTripMessage has what a submission must carry unchanged: encoded
// words for non-ASCII names (RFC 2047), an RFC 2231 attachment filename,
// quoted-printable and base64 parts, and a body line that starts with a
// dot (dot-stuffed on the way in over SMTP and out over POP3).
const roundTripMessage = "From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <alice@example.test>\r\n" +
	"To: =?UTF-8?B?w4lsb2TDrWUgTmHDr3Zl?= <alice@example.test>\r\n" +
	"Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9_attached?=\r\n" +
	"Date: Sun, 06 Dec 2026 10:00:00 +0000\r\n" +
	"Message-ID: <round-trip.1@example.test>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"poppy-boundary\"\r\n" +
	"\r\n" +
	"--poppy-boundary\r\n" +
	"Content-Type: text/plain; charset=UTF-8; format=flowed\r\n" +
	"Content-Transfer-Encoding: quoted-printable\r\n" +
	"\r\n" +
	"Gr=C3=BC=C3=9Fe aus dem Test.\r\n" +
	".A line that starts with a dot.\r\n" +
	"--poppy-boundary\r\n" +
	"Content-Type: text/plain; name*=UTF-8''%C3%A9t%C3%A9%20r%C3%A9sum%C3%A9.txt\r\n" +
	"Content-Disposition: attachment; filename*=UTF-8''%C3%A9t%C3%A9%20r%C3%A9sum%C3%A9.txt\r\n" +
	"Content-Transfer-Encoding: base64\r\n" +
	"\r\n" +
	"aGVsbG8sIHdvcmxkCg==\r\n" +
	"--poppy-boundary--\r\n"

// submit sends msg from and to the server's user over c, after AUTH
// PLAIN with the Dovecot's password.
func submit(t *testing.T, s *Server, c *smtp.Client, msg string) {
	t.Helper()
	if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
		t.Fatalf("AUTH PLAIN: %v", err)
	}
	if err := c.SendMail(s.Address, []string{s.Address}, strings.NewReader(msg)); err != nil {
		t.Fatalf("send: %v", err)
	}
	if err := c.Quit(); err != nil {
		t.Fatalf("QUIT: %v", err)
	}
}

// readBack waits for n messages for the server's user and returns message
// n as the project's POP3 client reads it from Dovecot over implicit TLS.
func readBack(t *testing.T, s *Server, n int) []byte {
	t.Helper()
	s.WaitForMessages(s.User, n)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pop3.DialTLS(ctx, s.Dovecot.TLSAddr, &pop3.Options{TLSConfig: s.TLSConfig()})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("POP3 login: %v", err)
	}
	body, err := c.Retr(ctx, n)
	if err != nil {
		t.Fatalf("RETR %d: %v", n, err)
	}
	got, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("RETR %d: %v", n, err)
	}
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("POP3 QUIT: %v", err)
	}
	return got
}

// checkDelivered holds a delivered message to the submitted one: the same
// bytes under the trace fields, one Received by Postfix from an
// authenticated TLS session (ESMTPSA, RFC 3848) and a Return-Path of the
// envelope sender.
func checkDelivered(t *testing.T, s *Server, delivered []byte, msg string) {
	t.Helper()
	trace, got := SplitTrace(delivered)
	if want := dovecottest.Wire([]byte(msg)); string(got) != string(want) {
		t.Fatalf("delivered message differs from the submitted one.\ntrace: %q\ngot:\n%s\nwant:\n%s", trace, got, want)
	}
	var returnPath, postfix bool
	for _, f := range trace {
		returnPath = returnPath || f == "Return-Path: <"+s.Address+">"
		postfix = postfix || (strings.HasPrefix(f, "Received: from ") && strings.Contains(f, "(Postfix) with ESMTPSA"))
	}
	if !returnPath || !postfix {
		t.Errorf("trace %q: want Return-Path <%s> and Postfix's Received with ESMTPSA", trace, s.Address)
	}
}

// TestRoundTripImplicitTLS submits over implicit TLS with AUTH PLAIN and
// reads the message back over POP3: byte for byte the submitted message
// under the trace fields, and, parsed with go-message, the non-ASCII
// display names, subject and RFC 2231 attachment filename intact.
func TestRoundTripImplicitTLS(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	submit(t, s, c, roundTripMessage)
	delivered := readBack(t, s, 1)
	checkDelivered(t, s, delivered, roundTripMessage)

	r, err := mail.CreateReader(strings.NewReader(string(delivered)))
	if err != nil {
		t.Fatal(err)
	}
	from, err := r.Header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Name != "Zoë Müller" || from[0].Address != s.Address {
		t.Errorf("From = %v, %v; want Zoë Müller <%s>", from, err, s.Address)
	}
	to, err := r.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Élodíe Naïve" {
		t.Errorf("To = %v, %v; want Élodíe Naïve", to, err)
	}
	if subj, err := r.Header.Subject(); err != nil || subj != "Résumé attached" {
		t.Errorf("Subject = %q, %v", subj, err)
	}
	var text, filename, attachment string
	for {
		p, err := r.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		switch h := p.Header.(type) {
		case *mail.InlineHeader:
			text = string(b)
		case *mail.AttachmentHeader:
			if filename, err = h.Filename(); err != nil {
				t.Fatal(err)
			}
			attachment = string(b)
		}
	}
	// The line break before a boundary belongs to the boundary (RFC 2046).
	if text != "Grüße aus dem Test.\r\n.A line that starts with a dot." {
		t.Errorf("text part %q", text)
	}
	if filename != "été résumé.txt" || attachment != "hello, world\n" {
		t.Errorf("attachment %q = %q, want %q = %q", filename, attachment, "été résumé.txt", "hello, world\n")
	}
}

// TestRoundTripSTARTTLS submits on the STARTTLS listener, which offers
// AUTH only once the session is encrypted (smtpd_tls_auth_only), as a
// client that refuses to send credentials in clear relies on.
func TestRoundTripSTARTTLS(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)

	plain, err := smtp.Dial(s.SubmissionStartTLSAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	if err := plain.Hello("client.example.test"); err != nil {
		t.Fatal(err)
	}
	if ok, _ := plain.Extension("STARTTLS"); !ok {
		t.Fatal("STARTTLS not offered on the STARTTLS listener")
	}
	if ok, mechs := plain.Extension("AUTH"); ok {
		t.Fatalf("AUTH %s offered before STARTTLS", mechs)
	}
	_ = plain.Quit()

	c, err := smtp.DialStartTLS(s.SubmissionStartTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ok, mechs := c.Extension("AUTH"); !ok || !strings.Contains(mechs, "PLAIN") {
		t.Fatalf("after STARTTLS: AUTH %v %q, want PLAIN offered", ok, mechs)
	}
	msg := "From: alice@example.test\r\nTo: alice@example.test\r\nSubject: over STARTTLS\r\n" +
		"Date: Sun, 06 Dec 2026 10:00:00 +0000\r\nMessage-ID: <starttls.1@example.test>\r\n\r\nHello.\r\n"
	submit(t, s, c, msg)
	checkDelivered(t, s, readBack(t, s, 1), msg)
}

// TestRefusals holds the refusals a client must show in words: a wrong
// password is 535 (RFC 4954), a recipient of the domain who does not exist
// is 550 5.1.1 at RCPT, and another domain is refused at RCPT too, never
// relayed (554 5.7.1); a declared size over the limit is 552 at MAIL.
// Each positive control (the right password, a smaller size, the real
// recipient in the same transaction) shows the refusal came from the
// check, not from a broken session.
//
// The right password is tried on a new connection: after a 535, go-smtp
// v0.26.0's Client.Auth sends "*" as if a challenge were pending, and
// Postfix answers that stray line with 221 and hangs up
// (TestGoSMTPAbortAfter535EndsTheSession).
func TestRefusals(t *testing.T) {
	t.Parallel()
	const limit = 200000 // above header_size_limit, which Postfix requires
	s := Start(t, &Options{MessageSizeLimit: limit})
	bad, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	err = bad.Auth(sasl.NewPlainClient("", s.User, "not-"+s.Password))
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code != 535 || se.EnhancedCode != (smtp.EnhancedCode{5, 7, 8}) {
		t.Fatalf("AUTH with a wrong password: %v, want 535 5.7.8", err)
	}

	c, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
		t.Fatalf("AUTH with the right password: %v", err)
	}
	// SIZE (RFC 1870): the limit is announced, and a MAIL that declares
	// more is refused with 552 before any data.
	if got, ok := c.MaxMessageSize(); !ok || got != limit {
		t.Errorf("SIZE %d, %v; want %d announced", got, ok, limit)
	}
	if err := c.Mail(s.Address, &smtp.MailOptions{Size: limit + 1}); !errors.As(err, &se) || se.Code != 552 {
		t.Errorf("MAIL with SIZE=%d: %v, want 552", limit+1, err)
	}
	if err := c.Mail(s.Address, &smtp.MailOptions{Size: 100}); err != nil {
		t.Fatalf("MAIL with SIZE=100 after the refusal: %v", err)
	}
	for _, tc := range []struct {
		rcpt string
		code int
		enh  smtp.EnhancedCode
	}{
		{"nobody-here@" + s.Domain, 550, smtp.EnhancedCode{5, 1, 1}},
		{"someone@elsewhere.test", 554, smtp.EnhancedCode{5, 7, 1}},
	} {
		err := c.Rcpt(tc.rcpt, nil)
		if !errors.As(err, &se) || se.Code != tc.code || se.EnhancedCode != tc.enh {
			t.Errorf("RCPT %s: %v, want %d %v", tc.rcpt, err, tc.code, tc.enh)
		}
	}
	if err := c.Rcpt(s.Address, nil); err != nil {
		t.Fatalf("RCPT %s after the refusals: %v", s.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(w, "From: alice@example.test\r\nSubject: control\r\n\r\nx\r\n"); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("DATA: %v", err)
	}
	_ = c.Quit()
	s.WaitForMessages(s.User, 1)
}

// TestGoSMTPAbortAfter535EndsTheSession records an interop fact that a
// client built on go-smtp must design around: after a refused AUTH,
// go-smtp v0.26.0 sends "*" (RFC 4954 allows it only while a challenge
// is pending), Postfix replies 221 and closes, so the next command on
// that session fails. A client retries AUTH on a new connection. When
// go-smtp stops sending the "*", this test fails and the note can go.
func TestGoSMTPAbortAfter535EndsTheSession(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Positive control: the session answers a command before the refusal.
	if err := c.Noop(); err != nil {
		t.Fatalf("NOOP on a fresh session: %v", err)
	}
	var se *smtp.SMTPError
	if err := c.Auth(sasl.NewPlainClient("", s.User, "not-"+s.Password)); !errors.As(err, &se) || se.Code != 535 {
		t.Fatalf("AUTH with a wrong password: %v, want 535", err)
	}
	if err := c.Noop(); err == nil {
		t.Fatal("the session still answers after go-smtp's abort: go-smtp or Postfix changed; update TestRefusals' note")
	}
}

// TestNoAuthNoMail: without AUTH, the submission listeners take no mail,
// not even for the local domain.
func TestNoAuthNoMail(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Mail(s.Address, nil); err != nil {
		t.Fatal(err)
	}
	err = c.Rcpt(s.Address, nil)
	var se *smtp.SMTPError
	if !errors.As(err, &se) || se.Code/100 != 5 {
		t.Fatalf("RCPT without AUTH: %v, want a 5xx refusal", err)
	}
}

// TestLayoutPassesPostfixCheck runs `postfix check` on a running
// instance: the queue the harness lays out has the owners and modes
// Postfix requires, and it warns about nothing.
func TestLayoutPassesPostfixCheck(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	out, err := exec.Command("postfix", "-c", s.ConfigDir, "check").CombinedOutput()
	if err != nil {
		t.Fatalf("postfix check: %v: %s", err, out)
	}
	if strings.Contains(string(out), "warning") {
		t.Errorf("postfix check warns: %s", out)
	}
	for _, l := range strings.Split(s.LogText(), "\n") {
		if strings.Contains(l, "postfix-script") || strings.Contains(l, "postfix/postfix") {
			if strings.Contains(l, "warning") || strings.Contains(l, "fatal") {
				t.Errorf("postfix check logged: %s", l)
			}
		}
	}
}

// TestCloseLeavesNoProcess stops the server early: no process of its
// group is left and its ports refuse connections.
func TestCloseLeavesNoProcess(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	pgid := s.proc.Cmd.Process.Pid
	if !harness.GroupAlive(pgid) {
		t.Fatalf("no process in group %d of a running server", pgid)
	}
	s.Close()
	if harness.GroupAlive(pgid) {
		t.Errorf("processes of group %d survived Close", pgid)
	}
	for _, addr := range []string{s.SubmissionTLSAddr, s.SubmissionStartTLSAddr} {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			t.Errorf("%s still accepts connections after Close", addr)
		}
	}
}
