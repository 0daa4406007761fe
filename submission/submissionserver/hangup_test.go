package submissionserver_test

import (
	"bytes"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission/submissionserver"
)

// TestHangUpAfterFinalDot: Deliver keeps the message, then drops the
// connection before the reply: the client sees the connection end with no
// reply (not an SMTP refusal) although the message arrived, which is the
// "may have been sent" case an outbox must handle.
func TestHangUpAfterFinalDot(t *testing.T) {
	var (
		mu   sync.Mutex
		kept [][]byte
		drop = true
	)
	_, addr := start(t, &submissionserver.Options{
		AllowInsecureAuth: true,
		Deliver: func(_ string, _ []string, msg []byte) error {
			mu.Lock()
			defer mu.Unlock()
			kept = append(kept, msg)
			if drop {
				return submissionserver.ErrHangUp
			}
			return nil
		},
	})
	c := dial(t, addr)
	login(t, c)
	err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage)
	var se *smtp.SMTPError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("send = %v, want the connection lost without a reply", err)
	}
	mu.Lock()
	if len(kept) != 1 || !bytes.Equal(kept[0], testMessage) {
		t.Errorf("kept %q, want the message", kept)
	}
	drop = false
	mu.Unlock()

	// Positive control: the same server replies when Deliver does not
	// hang up, so the error above came from ErrHangUp.
	c = dial(t, addr)
	login(t, c)
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
}

func TestHangUpAtRecipient(t *testing.T) {
	_, addr := start(t, &submissionserver.Options{
		AllowInsecureAuth: true,
		Recipient: func(_, _, to string) error {
			if to == "drop@example.com" {
				return submissionserver.ErrHangUp
			}
			return nil
		},
	})
	c := dial(t, addr)
	login(t, c)
	if err := c.Mail("alice@example.com", nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("bob@example.com", nil); err != nil {
		t.Fatalf("positive control: %v", err)
	}
	err := c.Rcpt("drop@example.com", nil)
	var se *smtp.SMTPError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("RCPT = %v, want the connection lost without a reply", err)
	}
}

// TestLatency: a round trip costs at least two one-way delays, and a
// whole transaction still goes through.
func TestLatency(t *testing.T) {
	const oneWay = 40 * time.Millisecond
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true, Latency: oneWay})
	c := dial(t, addr)
	login(t, c)
	begin := time.Now()
	if err := c.Noop(); err != nil {
		t.Fatal(err)
	}
	if rtt := time.Since(begin); rtt < 2*oneWay {
		t.Errorf("NOOP took %v, want at least %v", rtt, 2*oneWay)
	}
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want 1", n)
	}
}
