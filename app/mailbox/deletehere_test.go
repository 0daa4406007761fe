package mailbox

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// hideFails is a device store whose hidden set cannot be written.
type hideFails struct{ *store.Mem }

var errHideFails = errors.New("test: the device refuses the write")

func (hideFails) SetHidden(context.Context, string, []string, bool) error { return errHideFails }

// TestDeleteHereOnly runs the delete choice against the in-memory server
// (TestDovecotDeleteChoice runs it against Dovecot): deleted here only,
// nothing reaches the server and the row stays out of a new session's
// list; a device that cannot store the hide brings the row back rather
// than let it return unannounced at the next start; and on, the same
// Flush deletes on the server (the positive control of noDeletion).
func TestDeleteHereOnly(t *testing.T) {
	ctx := context.Background()
	t.Run("hidden", func(t *testing.T) {
		h := newHarness(t, nil, messages(3)...)
		db := store.NewMem(nil)
		m, ev := h.open(&Options{Store: db, UndoWindow: time.Hour})
		m.SetDeleteHereOnly(true)
		if err := db.PutKeepSettings(ctx, m.key, store.KeepSettings{DeleteHereOnly: true}); err != nil {
			t.Fatal(err)
		}
		m.Delete("m2")
		if err := m.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if e := ev.wait(t, EventHidden); !slices.Equal(e.UIDs, []string{"m2"}) {
			t.Errorf("EventHidden names %v", e.UIDs)
		}
		h.noDeletion(t)
		if _, err := m.CheckNew(ctx); err != nil {
			t.Fatal(err)
		}
		if hasRow(m, "m2") || !hasRow(m, "m1") {
			t.Errorf("rows after a new session: %v", rowUIDs(m.Messages()))
		}
		if got := h.uids(); len(got) != 3 {
			t.Errorf("the server has %v", got)
		}
	})
	t.Run("store fails", func(t *testing.T) {
		h := newHarness(t, nil, messages(2)...)
		db := hideFails{store.NewMem(nil)}
		m, ev := h.open(&Options{Store: db, UndoWindow: time.Hour})
		m.SetDeleteHereOnly(true)
		if err := db.PutKeepSettings(ctx, m.key, store.KeepSettings{DeleteHereOnly: true}); err != nil {
			t.Fatal(err)
		}
		m.Delete("m1")
		m.Flush(ctx)
		e := ev.wait(t, EventDeleteFailed)
		if !slices.Equal(e.UIDs, []string{"m1"}) || !errors.Is(e.Problem, errHideFails) {
			t.Errorf("EventDeleteFailed %v, %v", e.UIDs, e.Problem)
		}
		if !hasRow(m, "m1") {
			t.Error("the row did not come back")
		}
		h.noDeletion(t)
	})
	t.Run("on", func(t *testing.T) {
		h := newHarness(t, nil, messages(2)...)
		m, _ := h.open(&Options{Store: store.NewMem(nil), UndoWindow: time.Hour})
		m.Delete("m1")
		if err := m.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := h.uids(); !slices.Equal(got, []string{"m2"}) {
			t.Errorf("the server has %v, want m1 deleted", got)
		}
	})
}
