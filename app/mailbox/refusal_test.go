package mailbox

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// A bridge that refuses the target for good (4403 target not allowed,
// 4404 unknown target) is not asked again by the reconnect loop, and a
// deletion made while it refuses is not queued for later: its row comes
// back at once, and nothing waits on the device to be sent. The same
// paths with a temporary ending (4502 target unreachable) retry and queue,
// which shows that the checks would see a retry or a queued deletion.
func TestBridgeRefusalNotRetriedNorQueued(t *testing.T) {
	const attempts = 3
	for _, tc := range []struct {
		code      bridgeapi.CloseCode
		temporary bool
	}{
		{bridgeapi.CodeForbiddenTarget, false},
		{bridgeapi.CodeUnknownTarget, false},
		{bridgeapi.CodeTargetUnreachable, true}, // the positive control
	} {
		t.Run(fmt.Sprint(int(tc.code)), func(t *testing.T) {
			h := newHarness(t, nil, messages(3)...)
			st := store.NewMem(nil)
			var refusing atomic.Bool
			var refused atomic.Int32 // dials the bridge refused
			dial := func(ctx context.Context) (*pop3.Client, error) {
				if refusing.Load() {
					refused.Add(1)
					return nil, bridgeClose(tc.code)
				}
				return h.dialer()(ctx)
			}
			ev := newEvents()
			m := New(dial, account, &Options{Store: st, OnChange: ev.on, UndoWindow: time.Millisecond,
				KeepaliveInterval: 10 * time.Millisecond, ReconnectBase: time.Millisecond, ReconnectMax: 2 * time.Millisecond,
				ReconnectAttempts: attempts})
			defer m.Close()
			if err := m.Sync(context.Background(), nil); err != nil {
				t.Fatal(err)
			}

			// The session drops; the keepalive notices, and the reconnect
			// loop meets the bridge's answer. Its last act is the
			// EventProblem it reports when it gives up.
			refusing.Store(true)
			h.dropAll()
			p := ev.wait(t, EventProblem).Problem
			wantTries := 1
			if tc.temporary {
				wantTries = attempts
			}
			if got := ev.count(EventReconnecting); got != wantTries || int(refused.Load()) != wantTries {
				t.Fatalf("%d reconnect attempts, %d dials; want %d", got, refused.Load(), wantTries)
			}
			if p.Temporary() != tc.temporary {
				t.Fatalf("problem %v (kind %v) temporary = %v", p, p.Kind, p.Temporary())
			}

			// A deletion now: committing it meets the same answer.
			before := refused.Load()
			m.Delete("m2")
			if tc.temporary {
				e := ev.wait(t, EventDeleteQueued)
				if !slices.Equal(e.UIDs, []string{"m2"}) {
					t.Fatalf("queued %q", e.UIDs)
				}
				m.Close() // waits for the Store's writes
				if q := load(t, st).Deletes; !slices.Equal(q, []string{"m2"}) {
					t.Fatalf("store queue %q, want m2", q)
				}
				return
			}
			e := ev.wait(t, EventDeleteFailed)
			if !slices.Equal(e.UIDs, []string{"m2"}) || e.Problem == nil || e.Problem.Kind != KindRefused {
				t.Fatalf("delete failed event %+v", e)
			}
			if n := ev.count(EventDeleteQueued); n != 0 {
				t.Errorf("%d EventDeleteQueued behind a lasting refusal", n)
			}
			if !slices.ContainsFunc(m.Messages(), func(s Summary) bool { return s.UID == "m2" && !s.PendingDelete }) {
				t.Errorf("m2 not back as a normal row: %+v", m.Messages())
			}
			m.Close() // waits for the Store's writes
			if q := load(t, st).Deletes; len(q) != 0 {
				t.Errorf("store queue %q behind a lasting refusal", q)
			}
			if n := refused.Load() - before; n != 1 {
				t.Errorf("the commit dialled %d times, want once", n)
			}
			h.noDeletion(t)
		})
	}
}
