package submission_test

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission"
)

// Against go-smtp's server, which offers PIPELINING: a message to three
// recipients arrives byte for byte; with one of them refused, nothing
// arrives for anyone, even though the server had already said 354 to
// the pipelined DATA.
func TestGoSMTPRecipients(t *testing.T) {
	body := strings.Repeat("a line of text, and\r\n.a line that starts with a dot\r\n", 2000)
	msg := []byte("From: ann@example.org\r\nSubject: three\r\n\r\n" + body)
	to := []string{"bob@example.org", "cy@example.org", "di@example.org"}
	for _, refuse := range []bool{false, true} {
		be := &backend{}
		if refuse {
			be.refuse = map[string]*smtp.SMTPError{"cy@example.org": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}}
		}
		l, stop := startGoSMTP(be)
		c, err := submission.NewClient(l.dial(), &submission.Options{AllowInsecureAuth: true})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Extensions().Pipelining {
			t.Fatal("go-smtp's server no longer offers PIPELINING; this test needs it")
		}
		if err := c.Auth(context.Background(), sasl.NewPlainClient("", "ann@example.org", "secret")); err != nil {
			t.Fatal(err)
		}
		err = c.Send(context.Background(), submission.Envelope{From: "ann@example.org", To: to}, bytes.NewReader(msg), int64(len(msg)), nil)
		c.Close()
		stop()
		got := be.delivered()
		if !refuse {
			if err != nil || len(got) != 1 || !bytes.Equal(got[0].data, msg) || !reflect.DeepEqual(got[0].to, to) {
				t.Fatalf("control: Send = %v; delivered %d messages", err, len(got))
			}
			continue
		}
		var re *submission.RecipientsError
		if !errors.As(err, &re) || len(re.Refused) != 1 || re.Refused[0].Recipient != "cy@example.org" || re.Refused[0].Enhanced != [3]int{5, 1, 1} {
			t.Fatalf("Send = %v, want cy@example.org refused with 5.1.1", err)
		}
		if len(got) != 0 {
			t.Fatalf("%d messages were delivered after a recipient was refused", len(got))
		}
	}
}

func TestGoSMTPWrongPassword(t *testing.T) {
	l, stop := startGoSMTP(&backend{})
	defer stop()
	c, err := submission.NewClient(l.dial(), &submission.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	err = c.Auth(context.Background(), sasl.NewPlainClient("", "ann@example.org", "wrong"))
	var e *submission.Error
	if !errors.As(err, &e) || e.Code != 535 || e.Enhanced != [3]int{5, 7, 8} || submission.Outcome(err) != submission.NotSentPermanent {
		t.Fatalf("Auth = %v, want a permanent 535 5.7.8", err)
	}
}
