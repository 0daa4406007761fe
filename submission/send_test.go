package submission

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"
)

var plainAuth = sasl.NewPlainClient("", "ann@example.org", "secret")

// open starts f and a client on it. Plain connections are allowed to
// carry credentials unless opts says otherwise, as on loopback.
func open(t *testing.T, f *fake, opts *Options) *Client {
	t.Helper()
	if opts == nil {
		opts = &Options{AllowInsecureAuth: true}
	}
	c, err := NewClient(f.start(t), opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// testMessage returns a message of about n bytes whose lines would break
// a careless writer: some start with a dot, one is the terminator itself.
func testMessage(n int) []byte {
	var b bytes.Buffer
	b.WriteString("From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nSubject: test\r\n\r\n")
	b.WriteString(".\r\n..two dots\r\n.leading dot\r\n")
	for i := 0; b.Len() < n; i++ {
		b.WriteString("line of the body, long enough to fill a message quickly: 0123456789\r\n")
	}
	return b.Bytes()
}

func send(t *testing.T, c *Client, to []string, msg []byte) error {
	t.Helper()
	return c.Send(context.Background(), Envelope{From: "ann@example.org", To: to}, bytes.NewReader(msg), int64(len(msg)), nil)
}

// With PIPELINING the whole session, from the greeting to the 250 after
// the final dot, takes 4 round trips: EHLO, AUTH with its initial
// response, MAIL+RCPT×3+DATA, and the content. The same count on a
// server without PIPELINING is the positive control: the counter sees
// every turn the client waits for.
func TestSendRoundTrips(t *testing.T) {
	to := []string{"bob@example.org", "cy@example.org", "di@example.org"}
	for _, tc := range []struct {
		name string
		ext  []string
		want int
	}{
		{"pipelining", []string{"PIPELINING", "AUTH PLAIN", "SIZE 10000000"}, 4},
		// EHLO, AUTH, MAIL, 3 RCPT, DATA, content.
		{"in turn", []string{"AUTH PLAIN", "SIZE 10000000"}, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{ext: tc.ext}
			c := open(t, f, nil)
			if err := c.Auth(context.Background(), plainAuth); err != nil {
				t.Fatal(err)
			}
			msg := testMessage(100 << 10)
			if err := send(t, c, to, msg); err != nil {
				t.Fatal(err)
			}
			f.mu.Lock()
			got, n := f.verdictAt, len(f.messages)
			f.mu.Unlock()
			if got != tc.want {
				t.Errorf("%d round trips from the greeting to the 250 after DATA, want %d", got, tc.want)
			}
			if n != 1 {
				t.Fatalf("the server accepted %d messages", n)
			}
			if !bytes.Equal(f.messages[0], msg) {
				t.Error("the message arrived changed")
			}
		})
	}
}

// One recipient of three refused: nothing is sent to anyone, the error
// says which and why, and the refusal is permanent.
func TestSendOneRecipientRefused(t *testing.T) {
	for _, pipelining := range []bool{true, false} {
		name := map[bool]string{true: "pipelining", false: "in turn"}[pipelining]
		t.Run(name, func(t *testing.T) {
			f := &fake{rcptReply: map[string]string{"cy@example.org": "550 5.1.1 <cy@example.org>: Recipient address rejected: User unknown"}}
			if pipelining {
				f.ext = []string{"PIPELINING"}
			}
			c := open(t, f, nil)
			msg := testMessage(1000)
			err := send(t, c, []string{"bob@example.org", "cy@example.org", "di@example.org"}, msg)
			var re *RecipientsError
			if !errors.As(err, &re) {
				t.Fatalf("Send = %v, want a *RecipientsError", err)
			}
			want := Error{Stage: StageRcpt, Code: 550, Enhanced: [3]int{5, 1, 1},
				Text: "<cy@example.org>: Recipient address rejected: User unknown", Recipient: "cy@example.org"}
			if len(re.Refused) != 1 || *re.Refused[0] != want {
				t.Fatalf("refused = %+v, want just %+v", re.Refused, want)
			}
			if d := Outcome(err); d != NotSentPermanent {
				t.Errorf("Outcome = %v, want %v", d, NotSentPermanent)
			}
			if strings.Contains(f.receivedString(), "leading dot") {
				t.Error("the content went out")
			}
			if !pipelining {
				// RSET left the session usable: the same message to the
				// others goes through.
				if err := send(t, c, []string{"bob@example.org", "di@example.org"}, msg); err != nil {
					t.Fatalf("Send after the refusal: %v", err)
				}
				if !strings.Contains(f.receivedString(), "RSET\r\n") {
					t.Error("no RSET before the next transaction")
				}
			} else if err := send(t, c, []string{"bob@example.org"}, msg); !errors.Is(err, ErrClosed) {
				// The server had said 354: only ending the session
				// without the final dot sends nothing.
				t.Errorf("Send after an aborted DATA = %v, want ErrClosed", err)
			}
			c.Close()
			<-f.done
			if len(f.messages) != 1 && !pipelining || len(f.messages) != 0 && pipelining {
				t.Errorf("the server accepted %d messages", len(f.messages))
			}
		})
	}
}

// A message larger than the server's SIZE is refused before any byte of
// the transaction is sent; one within it goes, and declares its size.
func TestSendSizeExceeded(t *testing.T) {
	f := &fake{ext: []string{"PIPELINING", "SIZE 1000"}}
	c := open(t, f, nil)
	big := testMessage(5000)
	err := send(t, c, []string{"bob@example.org"}, big)
	var se *SizeError
	if !errors.As(err, &se) || se.Size != int64(len(big)) || se.Limit != 1000 {
		t.Fatalf("Send = %v, want a SizeError of %d over 1000", err, len(big))
	}
	if Outcome(err) != NotSentPermanent {
		t.Errorf("Outcome = %v", Outcome(err))
	}
	if got := f.receivedString(); strings.Contains(got, "MAIL") {
		t.Errorf("the client began a transaction: %q", got)
	}
	// Positive control, through the same recorder.
	small := testMessage(500)
	if err := send(t, c, []string{"bob@example.org"}, small); err != nil {
		t.Fatal(err)
	}
	if got := f.receivedString(); !strings.Contains(got, "MAIL FROM:<ann@example.org> SIZE="+itoa(len(small))+"\r\n") {
		t.Errorf("MAIL did not declare the size: %q", got)
	}
}

func itoa(n int) string { return string(appendInt(nil, n)) }

func appendInt(b []byte, n int) []byte {
	if n >= 10 {
		b = appendInt(b, n/10)
	}
	return append(b, byte('0'+n%10))
}

// 8BITMIME and SMTPUTF8 are declared when offered and needed; an address
// that needs SMTPUTF8 on a server without it is refused before anything
// is sent.
func TestSendParameters(t *testing.T) {
	for _, tc := range []struct {
		name    string
		ext     []string
		from    string
		wantErr error
		mail    string
	}{
		{"plain", nil, "ann@example.org", nil, "MAIL FROM:<ann@example.org>\r\n"},
		{"8bitmime", []string{"8BITMIME"}, "ann@example.org", nil, "MAIL FROM:<ann@example.org> BODY=8BITMIME\r\n"},
		{"smtputf8", []string{"8BITMIME", "SMTPUTF8"}, "anné@example.org", nil, "MAIL FROM:<anné@example.org> BODY=8BITMIME SMTPUTF8\r\n"},
		{"ascii needs no smtputf8", []string{"SMTPUTF8"}, "ann@example.org", nil, "MAIL FROM:<ann@example.org>\r\n"},
		{"smtputf8 missing", []string{"8BITMIME"}, "anné@example.org", ErrSMTPUTF8NotOffered, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{ext: tc.ext}
			c := open(t, f, nil)
			err := c.Send(context.Background(), Envelope{From: tc.from, To: []string{"bob@example.org"}}, strings.NewReader("Subject: x\r\n\r\nhi\r\n"), -1, nil)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Send = %v, want %v", err, tc.wantErr)
			}
			got := f.receivedString()
			if tc.mail == "" {
				if strings.Contains(got, "MAIL") {
					t.Errorf("a transaction began: %q", got)
				}
				return
			}
			if !strings.Contains(got, tc.mail) {
				t.Errorf("sent %q, want the line %q", got, tc.mail)
			}
		})
	}
}

// Addresses that would break out of the path or smuggle a command are
// refused before anything is sent.
func TestSendBadAddress(t *testing.T) {
	for _, env := range []Envelope{
		{From: "ann@example.org", To: nil},
		{From: "ann@example.org", To: []string{""}},
		{From: "ann@example.org", To: []string{"bob@example.org>\r\nRCPT TO:<eve@example.org"}},
		{From: "Ann <ann@example.org>", To: []string{"bob@example.org"}},
	} {
		f := &fake{}
		c := open(t, f, nil)
		err := c.Send(context.Background(), env, strings.NewReader("x\r\n"), 3, nil)
		var ae *AddressError
		if !errors.As(err, &ae) || Outcome(err) != NotSentPermanent {
			t.Errorf("Send(%q) = %v, want a permanent *AddressError", env, err)
		}
		if strings.Contains(f.receivedString(), "MAIL") {
			t.Errorf("Send(%q) began a transaction", env)
		}
	}
}

// The server's verdict on the content is final either way: a refusal
// means not sent, and the session goes on.
func TestSendVerdictRefused(t *testing.T) {
	for _, tc := range []struct {
		verdict string
		want    Delivery
	}{
		{"552 5.3.4 Message size exceeds fixed limit", NotSentPermanent},
		{"451 4.3.0 Try again later", NotSentRetry},
		{"250 2.0.0 Ok: queued as 4F3A", Delivered},
	} {
		f := &fake{ext: []string{"PIPELINING"}, verdict: tc.verdict}
		c := open(t, f, nil)
		err := send(t, c, []string{"bob@example.org"}, testMessage(100))
		if got := Outcome(err); got != tc.want {
			t.Errorf("verdict %q: Outcome(%v) = %v, want %v", tc.verdict, err, got, tc.want)
		}
		var e *Error
		if tc.want != Delivered && (!errors.As(err, &e) || e.Stage != StageAfterData || e.Text == "") {
			t.Errorf("verdict %q: error %#v", tc.verdict, err)
		}
		if err := c.Quit(); err != nil {
			t.Errorf("Quit after verdict %q: %v", tc.verdict, err)
		}
	}
}

// Progress rises to the whole message, and reaches it before the server
// has the final dot.
func TestSendProgress(t *testing.T) {
	f := &fake{ext: []string{"PIPELINING"}, sawDot: make(chan struct{})}
	c := open(t, f, nil)
	msg := testMessage(300 << 10)
	var calls []int64
	dotSeen := false
	err := c.Send(context.Background(), Envelope{From: "ann@example.org", To: []string{"bob@example.org"}}, bytes.NewReader(msg), int64(len(msg)), func(n int64) {
		select {
		case <-f.sawDot:
			dotSeen = true
		default:
		}
		calls = append(calls, n)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(calls) < 5 {
		t.Fatalf("progress was called %d times for %d bytes", len(calls), len(msg))
	}
	for i := 1; i < len(calls); i++ {
		if calls[i] <= calls[i-1] {
			t.Fatalf("progress went from %d to %d", calls[i-1], calls[i])
		}
	}
	if last := calls[len(calls)-1]; last != int64(len(msg)) {
		t.Errorf("last progress %d, want %d", last, len(msg))
	}
	if dotSeen {
		t.Error("progress was reported after the final dot")
	}
}
