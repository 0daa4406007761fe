//go:build unix

package postfixtest_test

import (
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// A test submits a message over implicit TLS as the Dovecot's user, waits
// for the LMTP delivery, and then reads it over POP3 at
// s.Dovecot.TLSAddr; postfixtest.SplitTrace separates the trace fields
// from the submitted bytes. (Compiled, not run: Start needs a test.)
func ExampleStart() {
	_ = func(t *testing.T) {
		s := postfixtest.Start(t, nil)
		c, err := smtp.DialTLS(s.SubmissionTLSAddr, s.TLSConfig())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Auth(sasl.NewPlainClient("", s.User, s.Password)); err != nil {
			t.Fatal(err)
		}
		msg := "From: " + s.Address + "\r\nTo: " + s.Address + "\r\nSubject: hi\r\n\r\nHello.\r\n"
		if err := c.SendMail(s.Address, []string{s.Address}, strings.NewReader(msg)); err != nil {
			t.Fatal(err)
		}
		s.WaitForMessages(s.User, 1)
	}
}
