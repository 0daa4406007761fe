package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// What the suite pins down of store.Keeping:
//   - PutKept verifies by reading back: a copy whose size is the LIST
//     size comes back Verified, one whose size differs is kept
//     unverified and the error wraps ErrNotVerified.
//   - Forget (a message gone from the server) and Clear leave kept
//     copies; RemoveAccount drops them.
//   - The activity log comes back oldest first.

// keepTests are the subtests Run adds for store.Keeping.
var keepTests = []struct {
	name string
	f    func(*testing.T, Opener)
}{
	{"KeptVerified", testKeptVerified},
	{"KeptSurvivesForget", testKeptSurvivesForget},
	{"KeepSettings", testKeepSettings},
	{"ActivityOrder", testActivityOrder},
	{"KeptMany", testKeptMany},
}

func testKeptMany(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	raws := [][]byte{[]byte("one\r\n"), []byte("two, longer\r\n"), {}}
	ks := []store.Kept{{UID: "a", ListSize: 5}, {UID: "b", ListSize: 99}, {UID: "c", ListSize: 0}}
	got, err := db.PutKeptMany(ctx, "acct", ks, raws)
	must(t, err)
	if len(got) != 3 || !got[0].Verified || got[1].Verified || !got[2].Verified || got[1].Size != int64(len(raws[1])) {
		t.Fatalf("PutKeptMany = %+v; want a and c verified, b (wrong LIST size) not", got)
	}
	list, err := db.KeptList(ctx, "acct")
	must(t, err)
	if len(list) != 3 || !list[0].Verified || list[1].Verified || !list[2].Verified {
		t.Fatalf("KeptList = %+v", list)
	}
	for i, uid := range []string{"a", "b", "c"} {
		b, ok, err := db.KeptBody(ctx, "acct", uid)
		if err != nil || !ok || string(b) != string(raws[i]) {
			t.Errorf("KeptBody(%s) = %q, %v, %v", uid, b, ok, err)
		}
	}
}

func testKeptVerified(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	raw := []byte("Subject: a\r\n\r\nbody\x00\xff\r\n")
	k, err := db.PutKept(ctx, "a", store.Kept{UID: "u1", ListSize: int64(len(raw))}, raw)
	if err != nil || !k.Verified || k.Size != int64(len(raw)) {
		t.Fatalf("PutKept = %+v, %v; want verified", k, err)
	}
	k2, err := db.PutKept(ctx, "a", store.Kept{UID: "u2", ListSize: int64(len(raw)) + 1}, raw)
	if !errors.Is(err, store.ErrNotVerified) || k2.Verified {
		t.Fatalf("PutKept with a wrong LIST size = %+v, %v; want ErrNotVerified", k2, err)
	}
	list, err := db.KeptList(ctx, "a")
	must(t, err)
	if len(list) != 2 || list[0].UID != "u1" || !list[0].Verified || list[1].UID != "u2" || list[1].Verified {
		t.Fatalf("KeptList = %+v", list)
	}
	got, ok, err := db.KeptBody(ctx, "a", "u1")
	if err != nil || !ok || string(got) != string(raw) {
		t.Fatalf("KeptBody = %q, %v, %v", got, ok, err)
	}
	must(t, db.UpdateKept(ctx, "a", "u1", func(k *store.Kept) { k.Gone = time.Unix(100, 0) }))
	list, err = db.KeptList(ctx, "a")
	must(t, err)
	if !list[0].OnlyHere() || !list[0].Verified {
		t.Fatalf("after UpdateKept: %+v", list[0])
	}
	if err := db.UpdateKept(ctx, "a", "nope", func(*store.Kept) {}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateKept of a missing record = %v, want ErrNotFound", err)
	}
	must(t, db.DeleteKept(ctx, "a", "u2"))
	if _, ok, _ := db.KeptBody(ctx, "a", "u2"); ok {
		t.Error("DeleteKept left the copy")
	}
}

func testKeptSurvivesForget(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	fill(t, db, "a", "u1")
	_, err := db.PutKept(ctx, "a", store.Kept{UID: "u1", ListSize: 1}, []byte("x"))
	must(t, err)
	must(t, db.Forget(ctx, "a", []string{"u1"}))
	_, err = db.Clear(ctx)
	must(t, err)
	if _, ok, err := db.KeptBody(ctx, "a", "u1"); !ok || err != nil {
		t.Fatalf("after Forget and Clear the kept copy is gone (%v)", err)
	}
	_, err = db.RemoveAccount(ctx, "a")
	must(t, err)
	if _, ok, _ := db.KeptBody(ctx, "a", "u1"); ok {
		t.Fatal("RemoveAccount left the kept copy")
	}
}

func testKeepSettings(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	ks, err := db.KeepSettings(ctx, "a")
	if err != nil || ks != (store.KeepSettings{}) {
		t.Fatalf("default settings = %+v, %v", ks, err)
	}
	want := store.KeepSettings{Retention: store.Retention{Policy: store.RetainAfterDays, Days: 30}, FullCopy: true, Budget: 1 << 20}
	must(t, db.PutKeepSettings(ctx, "a", want))
	if ks, err = db.KeepSettings(ctx, "a"); err != nil || ks != want {
		t.Fatalf("settings = %+v, %v; want %+v", ks, err, want)
	}
	if ks, _ = db.KeepSettings(ctx, "b"); ks != (store.KeepSettings{}) {
		t.Fatalf("another account's settings = %+v", ks)
	}
}

func testActivityOrder(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Unix(1_700_000_000, 0)
	must(t, db.LogActivity(ctx, "a", []store.Activity{{At: t0.Add(time.Hour), UID: "late", Reason: "r"}}))
	must(t, db.LogActivity(ctx, "a", []store.Activity{{At: t0, UID: "early", Reason: "r"}}))
	as, err := db.Activity(ctx, "a")
	must(t, err)
	if len(as) != 2 || as[0].UID != "early" || as[1].UID != "late" || !as[0].At.Equal(t0) {
		t.Fatalf("Activity = %+v", as)
	}
}
