//go:build !js

package fakemail

import (
	"context"
	"testing"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// TestListInbox: the listing sees every message of Inbox and reads every
// header whole, in both the pipelined and the sequential client.
func TestListInbox(t *testing.T) {
	const n = 30
	msgs := Inbox(n)
	var want int64
	for _, m := range msgs {
		want += int64(HeaderSize(m.Data))
	}
	srv := pop3server.New(nil)
	t.Cleanup(func() { srv.Close() })
	if err := srv.AddUser("u", "p", msgs...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		sequential bool
	}{{"pipelined", false}, {"sequential", true}} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			c, err := pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true, DisablePipelining: tc.sequential})
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := c.Login(ctx, "u", "p"); err != nil {
				t.Fatal(err)
			}
			got, err := ListInbox(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if want := (Listing{Messages: n, Headers: n, HeaderBytes: want}); got != want {
				t.Errorf("ListInbox = %+v, want %+v", got, want)
			}
		})
	}
}
