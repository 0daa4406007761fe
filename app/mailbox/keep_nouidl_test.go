package mailbox

import (
	"context"
	"errors"
	"testing"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// Without UIDL no message can be matched with a copy: FullCopy keeps
// nothing and ApplyRetention removes nothing, and both say why. The
// positive control runs the same calls against a server with UIDL.
func TestKeepNoUIDL(t *testing.T) {
	for _, uidl := range []bool{false, true} {
		h := newHarness(t, &pop3server.Options{DisableUIDL: !uidl}, messages(3)...)
		db := store.NewMem(nil)
		m, _ := h.open(&Options{Store: db})
		ctx := context.Background()
		_, cerr := m.FullCopy(ctx, db, nil)
		rep, rerr := m.ApplyRetention(ctx, db, store.Retention{Policy: store.RetainAtMost}, true)
		kept, _ := db.KeptList(ctx, m.key)
		left := len(h.uids())
		if !uidl {
			if !errors.Is(cerr, ErrRetentionNoUIDL) || !errors.Is(rerr, ErrRetentionNoUIDL) || len(kept) != 0 || left != 3 || len(h.lines("DELE")) != 0 {
				t.Errorf("no UIDL: FullCopy %v, ApplyRetention %v, %d kept, %d left on the server", cerr, rerr, len(kept), left)
			}
			continue
		}
		if cerr != nil || rerr != nil || len(kept) != 3 || len(rep.Removed) != 3 || left != 0 {
			t.Errorf("with UIDL: FullCopy %v, ApplyRetention %v, %d kept, %d removed, %d left", cerr, rerr, len(kept), len(rep.Removed), left)
		}
	}
}
