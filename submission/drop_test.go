package submission

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// A connection lost at any stage gives the right outcome: before the
// final dot the message was not sent and may be retried; after it, and
// before the server's reply, it may have been sent.
func TestDroppedConnection(t *testing.T) {
	for _, tc := range []struct {
		dropAt    string
		wantStage Stage
		pipeStage Stage // with pipelining, replies to MAIL come first
		want      Delivery
	}{
		{"greeting", StageGreeting, StageGreeting, NotSentRetry},
		{"EHLO", StageGreeting, StageGreeting, NotSentRetry},
		{"AUTH", StageAuth, StageAuth, NotSentRetry},
		{"MAIL", StageMail, StageMail, NotSentRetry},
		{"RCPT", StageRcpt, StageMail, NotSentRetry},
		{"DATA", StageData, StageMail, NotSentRetry},
		{"body", StageData, StageData, NotSentRetry},
		{"dot", StageAfterData, StageAfterData, MaybeSent},
	} {
		for _, pipelining := range []bool{true, false} {
			name := tc.dropAt + map[bool]string{true: "/pipelining", false: "/in turn"}[pipelining]
			t.Run(name, func(t *testing.T) {
				f := &fake{ext: []string{"AUTH PLAIN"}, dropAt: tc.dropAt, dropAfter: 20 << 10}
				if pipelining {
					f.ext = append(f.ext, "PIPELINING")
				}
				err := session(t, f)
				want := tc.wantStage
				if pipelining {
					want = tc.pipeStage
				}
				var ce *ConnError
				if !errors.As(err, &ce) || ce.Stage != want {
					t.Fatalf("error %v, want a *ConnError at %v", err, want)
				}
				if got := Outcome(err); got != tc.want {
					t.Errorf("Outcome = %v, want %v", got, tc.want)
				}
				if got := errors.Is(err, ErrOutcomeUnknown); got != (tc.want == MaybeSent) {
					t.Errorf("errors.Is(err, ErrOutcomeUnknown) = %v", got)
				}
				if c := f.client; c != nil {
					// The next message, on the ended session, is not sent
					// and not in doubt, whatever ended the session.
					err := send(t, c, []string{"bob@example.org"}, testMessage(100))
					if !errors.Is(err, ErrClosed) || Outcome(err) != NotSentRetry {
						t.Errorf("Send on the ended session = %v, Outcome %v; want ErrClosed, %v", err, Outcome(err), NotSentRetry)
					}
				}
			})
		}
	}
}

// session runs a whole submission against f and returns the first error.
func session(t *testing.T, f *fake) error {
	t.Helper()
	c, err := NewClient(f.start(t), &Options{AllowInsecureAuth: true})
	if err != nil {
		return err
	}
	f.client = c
	if err := c.Auth(context.Background(), plainAuth); err != nil {
		return err
	}
	msg := testMessage(200 << 10)
	return c.Send(context.Background(), Envelope{From: "ann@example.org", To: []string{"bob@example.org", "cy@example.org"}}, bytes.NewReader(msg), int64(len(msg)), nil)
}

// Giving up (a cancelled context) follows the same line: while the
// content is going out the message was not sent; once the final dot has
// reached the server and its reply is awaited, it may have been.
func TestSendCancelled(t *testing.T) {
	for _, tc := range []struct {
		name string
		when func(f *fake) <-chan struct{}
		want Delivery
	}{
		{"during content", func(f *fake) <-chan struct{} {
			f.bodyReads = make(chan int)
			ch := make(chan struct{})
			go func() {
				for n := range f.bodyReads {
					if n > 10<<10 && ch != nil {
						close(ch)
						ch = nil
					}
				}
			}()
			return ch
		}, NotSentRetry},
		{"awaiting the verdict", func(f *fake) <-chan struct{} {
			f.sawDot = make(chan struct{})
			f.dropAt = "silent"
			return f.sawDot
		}, MaybeSent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{ext: []string{"PIPELINING"}}
			fire := tc.when(f)
			c := open(t, f, nil)
			ctx, cancel := context.WithCancel(context.Background())
			go func() { <-fire; cancel() }()
			msg := testMessage(500 << 10)
			err := c.Send(ctx, Envelope{From: "ann@example.org", To: []string{"bob@example.org"}}, bytes.NewReader(msg), int64(len(msg)), nil)
			if got := Outcome(err); got != tc.want {
				t.Errorf("Outcome(%v) = %v, want %v", err, got, tc.want)
			}
			if !errors.Is(err, context.Canceled) {
				t.Errorf("error %v does not say the context was cancelled", err)
			}
			c.Close()
			if f.bodyReads != nil {
				<-f.done
				close(f.bodyReads)
			}
		})
	}
}
