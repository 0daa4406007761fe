package submission

import (
	"errors"
	"testing"
)

// A server that refuses service in its greeting (RFC 5321 §3.1) gives an
// *Error at StageGreeting; 554 is permanent, 421 temporary.
func TestGreetingRefused(t *testing.T) {
	for _, tc := range []struct {
		greeting string
		want     Delivery
	}{
		{"554 5.7.1 No SMTP service here", NotSentPermanent},
		{"421 4.3.2 Too busy, try later", NotSentRetry},
	} {
		f := &fake{greeting: tc.greeting}
		_, err := NewClient(f.start(t), nil)
		var e *Error
		if !errors.As(err, &e) || e.Stage != StageGreeting || Outcome(err) != tc.want {
			t.Errorf("greeting %q: NewClient = %v, Outcome %v; want an *Error at StageGreeting, %v", tc.greeting, err, Outcome(err), tc.want)
		}
	}
}

// A server that does not know EHLO gets HELO, is taken to offer nothing,
// and still takes a message, one command at a time.
func TestHELOFallback(t *testing.T) {
	f := &fake{noEHLO: true}
	c := open(t, f, nil)
	if x := c.Extensions(); x.Pipelining || x.SizeOffered || len(x.Auth) != 0 {
		t.Errorf("extensions after HELO: %+v", x)
	}
	msg := testMessage(2000)
	if err := send(t, c, []string{"bob@example.org"}, msg); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.messages) != 1 || string(f.messages[0]) != string(msg) {
		t.Errorf("the server got %d messages", len(f.messages))
	}
}
