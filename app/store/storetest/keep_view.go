package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/poppymail/poppy/app/store"
)

// What the suite pins down of the hidden set, the view settings and the
// kept copies' part of Usage:
//   - SetHidden adds and removes UIDLs per account, Hidden returns them
//     sorted, and neither the settings nor the view settings overwrite
//     them (three records, one per concern);
//   - Usage counts kept copies (their bytes in Bytes), Clear leaves them
//     and says it freed none of them, RemoveAccount drops them and says
//     it freed them.

func init() {
	keepTests = append(keepTests,
		struct {
			name string
			f    func(*testing.T, Opener)
		}{"HiddenAndView", testHiddenAndView},
		struct {
			name string
			f    func(*testing.T, Opener)
		}{"UsageCountsKept", testUsageCountsKept},
	)
}

func testHiddenAndView(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	if h, err := db.Hidden(ctx, "a"); err != nil || len(h) != 0 {
		t.Fatalf("Hidden of a new account = %v, %v", h, err)
	}
	must(t, db.SetHidden(ctx, "a", []string{"u3", "u1", "u2"}, true))
	must(t, db.SetHidden(ctx, "a", []string{"u2", "u9"}, false))
	must(t, db.SetHidden(ctx, "b", []string{"other"}, true))
	must(t, db.PutKeepSettings(ctx, "a", store.KeepSettings{DeleteHereOnly: true}))
	v := store.ViewSettings{Sort: store.SortSender, Conversations: true}
	must(t, db.PutViewSettings(ctx, "a", v))
	h, err := db.Hidden(ctx, "a")
	must(t, err)
	if !slices.Equal(h, []string{"u1", "u3"}) {
		t.Errorf("Hidden = %v, want [u1 u3]", h)
	}
	if got, err := db.ViewSettings(ctx, "a"); err != nil || got != v {
		t.Errorf("ViewSettings = %+v, %v; want %+v", got, err, v)
	}
	if got, err := db.ViewSettings(ctx, "b"); err != nil || got != (store.ViewSettings{}) {
		t.Errorf("another account's ViewSettings = %+v, %v", got, err)
	}
	if ks, err := db.KeepSettings(ctx, "a"); err != nil || !ks.DeleteHereOnly {
		t.Errorf("KeepSettings = %+v, %v", ks, err)
	}
	if _, err := db.RemoveAccount(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if h, err := db.Hidden(ctx, "a"); err != nil || len(h) != 0 {
		t.Errorf("Hidden after RemoveAccount = %v, %v", h, err)
	}
}

func testUsageCountsKept(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	must(t, db.PutHeaders(ctx, "a", []store.Header{{UID: "u1", Subject: "s"}}))
	before, err := db.Usage(ctx, "a")
	must(t, err)
	raw := []byte("Subject: kept\r\n\r\nbody\r\n")
	_, err = db.PutKept(ctx, "a", store.Kept{UID: "u1", ListSize: int64(len(raw))}, raw)
	must(t, err)
	_, err = db.PutKept(ctx, "b", store.Kept{UID: "u2", ListSize: 3}, []byte("abc"))
	must(t, err)
	u, err := db.Usage(ctx, "a")
	must(t, err)
	if u.Kept != 1 || u.KeptBytes != int64(len(raw)) || u.Bytes() != before.Bytes()+int64(len(raw)) {
		t.Errorf("Usage(a) = %+v (before the copy %+v); want one kept copy of %d bytes", u, before, len(raw))
	}
	all, err := db.Usage(ctx, "")
	must(t, err)
	if all.Kept != 2 || all.KeptBytes != int64(len(raw))+3 {
		t.Errorf("Usage() = %+v; want two kept copies", all)
	}
	freed, err := db.Clear(ctx)
	must(t, err)
	if freed.KeptBytes != 0 {
		t.Errorf("Clear freed %+v, but kept copies stay", freed)
	}
	if u, err := db.Usage(ctx, "a"); err != nil || u.Kept != 1 {
		t.Errorf("Usage(a) after Clear = %+v, %v; the copy stays", u, err)
	}
	if freed, err := db.RemoveAccount(ctx, "a"); err != nil || freed.Kept != 1 || freed.KeptBytes != int64(len(raw)) {
		t.Errorf("RemoveAccount(a) freed %+v, %v; want its kept copy", freed, err)
	}
	if u, err := db.Usage(ctx, "a"); err != nil || u.Bytes() != 0 {
		t.Errorf("Usage(a) after RemoveAccount = %+v, %v", u, err)
	}
}
