package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// offlineThenOnline is a Sender that cannot reach the server until it is
// told it can.
type offlineThenOnline struct{ online bool }

func (s *offlineThenOnline) Send(ctx context.Context, e outbox.Entry, progress func(int64)) error {
	if !s.online {
		return &submission.ConnError{Stage: submission.StageConnect, Err: errors.New("the bridge is unreachable")}
	}
	progress(e.Size)
	return nil // the server replied 250 to the final dot
}

func Example() {
	ctx := context.Background()
	db := store.NewMem(nil)
	sender := &offlineThenOnline{}
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	o := outbox.New(db, sender, &outbox.Options{
		Now: func() time.Time { return now },
		OnChange: func(e outbox.Entry) {
			if e.ErrKind != "" {
				fmt.Printf("%s: %s (last error: %s)\n", e.Subject, e.State, e.ErrKind)
				return
			}
			fmt.Printf("%s: %s\n", e.Subject, e.State)
		},
	})

	msg := []byte("From: ada@example.org\r\nTo: cb@example.org\r\nSubject: Engine\r\n\r\nHello.\r\n")
	env := submission.Envelope{From: "ada@example.org", To: []string{"cb@example.org"}}
	if _, err := o.Queue(ctx, "ada@pop.example.org", msg, env); err != nil {
		fmt.Println(err)
		return
	}
	_ = o.Flush(ctx) // offline: back to queued, to retry

	sender.online = true
	_ = o.Online(ctx) // the connection is back: sent at once

	sent, _ := db.SentList(ctx, "ada@pop.example.org")
	fmt.Println("in Sent:", len(sent), sent[0].Subject)
	// Output:
	// Engine: queued
	// Engine: sending
	// Engine: queued (last error: network)
	// Engine: queued (last error: network)
	// Engine: sending (last error: network)
	// Engine: sent
	// in Sent: 1 Engine
}
