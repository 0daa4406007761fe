package fakemail

import (
	"context"
	"fmt"
	"io"

	"github.com/poppymail/poppy/pop3"
)

// Listing is what ListInbox read.
type Listing struct {
	Messages    int   // messages in the Inventory
	Headers     int   // headers TopMany delivered
	HeaderBytes int64 // octets of those headers, as the client decoded them
}

// ListInbox lists the mailbox of the logged-in c the way Poppy's inbox
// does, and the way every benchmark times it: Inventory (UIDL and LIST),
// then TopMany of every message with no body lines (RFC 1939 TOP n 0),
// each header read to its end. The pop3 benchmarks, the pop3 report and
// the app report's native baseline all call it, so that their figures
// time the same work.
func ListInbox(ctx context.Context, c *pop3.Client) (Listing, error) {
	infos, _, err := c.Inventory(ctx)
	if err != nil {
		return Listing{}, fmt.Errorf("inventory: %w", err)
	}
	l := Listing{Messages: len(infos)}
	nums := make([]int, len(infos))
	for i, mi := range infos {
		nums[i] = mi.Number
	}
	err = c.TopMany(ctx, nums, 0, func(_ int, body io.Reader, err error) error {
		if err != nil {
			return err
		}
		l.Headers++
		k, err := io.Copy(io.Discard, body)
		l.HeaderBytes += k
		return err
	})
	if err != nil {
		return Listing{}, fmt.Errorf("TopMany: %w", err)
	}
	return l, nil
}
