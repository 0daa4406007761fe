//go:build !js

package submission_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/submission"
	"github.com/poppymail/poppy/submission/submissionserver"
)

// The engine against Poppy's own in-memory submission server (the demo's
// and the fast tests'): both sign-in methods it offers, byte-exact
// delivery, its SIZE limit honoured before upload, and one recipient of
// three refused with nothing delivered.
func TestSubmissionServer(t *testing.T) {
	s := submissionserver.New(&submissionserver.Options{
		AllowInsecureAuth: true, // loopback only
		MaxMessageBytes:   200 << 10,
		Recipient: func(user, from, to string) error {
			if to == "cy@example.org" {
				return &submissionserver.Refusal{Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "No such user"}
			}
			return nil
		},
	})
	defer s.Close()
	if err := s.AddUser("ann", "secret"); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	dial := func(t *testing.T, mech sasl.Client) *submission.Client {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		c, err := submission.NewClient(conn, &submission.Options{AllowInsecureAuth: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		if err := c.Auth(ctx, mech); err != nil {
			t.Fatal(err)
		}
		return c
	}
	msg := []byte("From: ann@example.org\r\nSubject: hi\r\n\r\n.dot\r\n" + strings.Repeat("body line\r\n", 1000))
	for _, mech := range []sasl.Client{sasl.NewPlainClient("", "ann", "secret"), sasl.NewLoginClient("ann", "secret")} {
		c := dial(t, mech)
		to := []string{"bob@example.org", "di@example.org"}
		if err := c.Send(ctx, submission.Envelope{From: "ann@example.org", To: to}, bytes.NewReader(msg), int64(len(msg)), nil); err != nil {
			t.Fatal(err)
		}
		if err := c.Quit(); err != nil {
			t.Error(err)
		}
	}
	got := s.Messages()
	if len(got) != 2 || !bytes.Equal(got[0].Data, msg) || !bytes.Equal(got[1].Data, msg) || got[0].User != "ann" {
		t.Fatalf("the server holds %d messages, want 2 equal to what was sent", len(got))
	}

	c := dial(t, sasl.NewPlainClient("", "ann", "secret"))
	if lim := c.Extensions().Size; lim != 200<<10 {
		t.Fatalf("SIZE %d, want %d", lim, 200<<10)
	}
	big := bytes.Repeat([]byte("x"), 300<<10)
	var se *submission.SizeError
	if err := c.Send(ctx, submission.Envelope{From: "ann@example.org", To: []string{"bob@example.org"}}, bytes.NewReader(big), int64(len(big)), nil); !errors.As(err, &se) {
		t.Fatalf("Send of %d bytes = %v, want a *SizeError", len(big), err)
	}
	err = c.Send(ctx, submission.Envelope{From: "ann@example.org", To: []string{"bob@example.org", "cy@example.org", "di@example.org"}}, bytes.NewReader(msg), int64(len(msg)), nil)
	var re *submission.RecipientsError
	if !errors.As(err, &re) || len(re.Refused) != 1 || re.Refused[0].Recipient != "cy@example.org" || re.Refused[0].Enhanced != [3]int{5, 1, 1} {
		t.Fatalf("Send = %v, want cy@example.org refused with 5.1.1", err)
	}
	// Closing both ends drops the open DATA: with no final dot sent,
	// nothing can arrive later than this check.
	c.Close()
	s.Close()
	if n := len(s.Messages()); n != 2 {
		t.Errorf("the server holds %d messages after the refusals, want still 2", n)
	}
}
