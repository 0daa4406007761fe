//go:build unix

package mailbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/archive/mbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// TestDovecotFullCopy keeps a full copy of a real Dovecot mailbox: with
// progress to done, every copy verified and byte for byte what the
// server serves, resuming after a lost connection and after a reload
// (a new Mailbox over the same store) without fetching anything twice,
// stopping at the budget and at a full device without touching the
// server, and keeping what the server no longer has.
func TestDovecotFullCopy(t *testing.T) {
	const n = 60
	users := []string{"plain", "dropped", "budget", "quota", "onlyhere"}
	d := startKeepDovecot(t, users...)
	deliver := func(user string) map[int][]byte {
		raws := map[int][]byte{}
		for i := 1; i <= n; i++ {
			raws[i] = keepMessage(i, time.Now().Add(-time.Duration(i)*time.Hour))
			d.s.Deliver(user, raws[i])
		}
		return raws
	}
	ctxFor := func(t *testing.T) context.Context {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		t.Cleanup(cancel)
		return ctx
	}
	checkAll := func(t *testing.T, user string, db store.DB, key string, raws map[int][]byte) {
		t.Helper()
		delivered := bySubject(t, db, key, raws) // every one kept
		list, _ := db.KeptList(context.Background(), key)
		for _, k := range list {
			if !k.Verified {
				t.Errorf("copy %s not verified", k.UID)
			}
		}
		if gone := checkNothingUnkeptRemoved(t, d, user, db, key, delivered); gone != 0 {
			t.Errorf("a full copy removed %d messages from the server", gone)
		}
	}

	t.Run("plain", func(t *testing.T) {
		raws := deliver("plain")
		db := store.NewMem(nil)
		tp := &tap{}
		m := d.open(t, "plain", db, tp)
		var seen []CopyProgress
		pr, err := m.FullCopy(ctxFor(t), db, &CopyOptions{Window: 8, Progress: func(p CopyProgress) { seen = append(seen, p) }})
		if err != nil || !pr.Done || pr.Messages != n || pr.TotalMessages != n || pr.Bytes != pr.TotalBytes {
			t.Fatalf("FullCopy = %+v, %v", pr, err)
		}
		for i := 1; i < len(seen); i++ {
			if seen[i].Messages < seen[i-1].Messages {
				t.Fatalf("progress went back: %+v after %+v", seen[i], seen[i-1])
			}
		}
		if len(seen) < n || !seen[len(seen)-1].Done {
			t.Fatalf("%d progress reports, last %+v", len(seen), seen[len(seen)-1])
		}
		if got := tp.count("RETR"); got != n {
			t.Errorf("%d RETR for %d messages", got, n)
		}
		checkAll(t, "plain", db, m.key, raws)
		// The export is a valid mbox of every message, as kept.
		var buf bytes.Buffer
		if k, err := m.ExportMbox(ctxFor(t), &buf); err != nil || k != n {
			t.Fatalf("ExportMbox = %d, %v", k, err)
		}
		r := mbox.NewReader(&buf, nil)
		want := map[string]bool{}
		for _, raw := range raws {
			want[string(bytes.ReplaceAll(dovecottest.Wire(raw), []byte("\r\n"), []byte("\n")))] = true
		}
		for k := 0; ; k++ {
			msg, err := r.Next()
			if err == io.EOF {
				if k != n {
					t.Errorf("the mbox holds %d messages, want %d", k, n)
				}
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(msg)
			if !want[string(got)] {
				t.Errorf("message %d of the mbox is not one delivered: %q", k+1, got)
			}
		}
		// Again: nothing left to fetch.
		if pr, err := m.FullCopy(ctxFor(t), db, nil); err != nil || !pr.Done || tp.count("RETR") != n {
			t.Errorf("second FullCopy = %+v, %v, %d RETR in all", pr, err, tp.count("RETR"))
		}
	})

	t.Run("dropped", func(t *testing.T) {
		raws := deliver("dropped")
		db := store.NewMem(nil)
		tp := &tap{}
		m := d.open(t, "dropped", db, tp)
		tp.mu.Lock()
		tp.cut = func(v string, k int) string { return when(v == "RETR" && k == 20, "after") }
		tp.mu.Unlock()
		pr, err := m.FullCopy(ctxFor(t), db, &CopyOptions{Window: 8})
		if err != nil || !pr.Done || pr.Messages != n {
			t.Fatalf("FullCopy across a drop = %+v, %v", pr, err)
		}
		if !tp.fired {
			t.Fatal("the connection was not cut")
		}
		// At most the window cut short is fetched again.
		if got := tp.count("RETR"); got > n+8 {
			t.Errorf("%d RETR for %d messages", got, n)
		}
		checkAll(t, "dropped", db, m.key, raws)
	})

	t.Run("budget", func(t *testing.T) {
		raws := deliver("budget")
		db := store.NewMem(nil)
		m := d.open(t, "budget", db, nil)
		var total int64
		for i := 1; i <= n; i++ {
			total += int64(len(raws[i]))
		}
		pr, err := m.FullCopy(ctxFor(t), db, &CopyOptions{Budget: total / 2})
		if !errors.Is(err, ErrBudget) || pr.Done || pr.Messages == 0 || pr.Messages >= n {
			t.Fatalf("FullCopy over budget = %+v, %v; want ErrBudget part way", pr, err)
		}
		if d.s.Count("budget") != n {
			t.Fatal("the server lost messages")
		}
		first := pr.Messages
		m.Close()
		// A reload: a new Mailbox, the same device store, no budget.
		tp := &tap{}
		m2 := d.open(t, "budget", db, tp)
		pr, err = m2.FullCopy(ctxFor(t), db, nil)
		if err != nil || !pr.Done || pr.Messages != n {
			t.Fatalf("resumed FullCopy = %+v, %v", pr, err)
		}
		if got := tp.count("RETR"); got != n-first {
			t.Errorf("resumed with %d RETR, want %d (the rest only)", got, n-first)
		}
		checkAll(t, "budget", db, m2.key, raws)
	})

	t.Run("quota", func(t *testing.T) {
		deliver("quota")
		db := store.NewMem(&store.Options{Quota: 20 << 10})
		m := d.open(t, "quota", db, nil)
		// Small windows: a window is written all or none, and some must
		// fit before the device is full.
		pr, err := m.FullCopy(ctxFor(t), db, &CopyOptions{Window: 8})
		if !store.IsQuota(err) || pr.Done || pr.Messages == 0 {
			t.Fatalf("FullCopy on a full device = %+v, %v; want a quota error after some copies", pr, err)
		}
		if d.s.Count("quota") != n {
			t.Fatal("a quota error removed messages from the server")
		}
		// A policy must mark each copy before its DELE: on a full
		// device it cannot, and removes nothing. The copy stopped with
		// up to a window's bytes still free, which may hold the marks:
		// fill the device to the last few bytes first.
		fillDevice(t, db)
		if _, err := m.ApplyRetention(ctxFor(t), db, store.Retention{Policy: store.RetainWhenSafe}, true); !store.IsQuota(err) || d.s.Count("quota") != n {
			t.Fatalf("retention on a full device = %v, %d on the server", err, d.s.Count("quota"))
		}
		// With room again, what was kept before the device filled up
		// is verified, and the policy removes those and only those.
		// (Room for the marks and the log too: each entry carries its
		// reason as words and as data, store.Why.)
		list, _ := db.KeptList(context.Background(), m.key)
		for _, k := range list[:12] {
			if err := db.DeleteKept(context.Background(), m.key, k.UID); err != nil {
				t.Fatal(err)
			}
		}
		list = list[12:]
		rep, err := m.ApplyRetention(ctxFor(t), db, store.Retention{Policy: store.RetainWhenSafe}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Removed) == 0 || len(rep.Removed) != len(list) || d.s.Count("quota") != n-len(list) {
			t.Errorf("after the quota stop: %d kept, %d removed, %d on the server", len(list), len(rep.Removed), d.s.Count("quota"))
		}
	})

	t.Run("onlyhere", func(t *testing.T) {
		raws := deliver("onlyhere")
		db := store.NewMem(nil)
		m := d.open(t, "onlyhere", db, nil)
		if _, err := m.FullCopy(ctxFor(t), db, nil); err != nil {
			t.Fatal(err)
		}
		delivered := bySubject(t, db, m.key, raws)
		var two []string
		for uid := range delivered {
			if len(two) < 2 {
				two = append(two, uid)
			}
		}
		d.removeOnServer(t, "onlyhere", two...) // another mail program
		if err := m.Sync(ctxFor(t), nil); err != nil {
			t.Fatal(err)
		}
		pr, err := m.FullCopy(ctxFor(t), db, nil)
		if err != nil || !pr.Done || pr.OnlyHere != 2 || pr.TotalMessages != n-2 {
			t.Fatalf("FullCopy after removals elsewhere = %+v, %v", pr, err)
		}
		for _, uid := range two {
			raw, ok, err := db.KeptBody(context.Background(), m.key, uid)
			if !ok || err != nil || len(raw) == 0 {
				t.Errorf("the copy of %s, gone from the server, left the device", uid)
			}
		}
		// The list keeps them, marked, and they open from the device.
		var local []string
		for _, r := range m.Messages() {
			if r.LocalOnly {
				local = append(local, r.UID)
			}
		}
		if !slices.Equal(sorted(local), sorted(two)) {
			t.Errorf("LocalOnly rows %v, want %v", local, two)
		}
		if raw, err := m.Fetch(ctxFor(t), two[0], nil); err != nil || string(raw) != string(dovecottest.Wire(delivered[two[0]])) {
			t.Errorf("Fetch of a message only on this device = %d bytes, %v", len(raw), err)
		}
		if log, _ := db.Activity(context.Background(), m.key); len(log) != 0 {
			t.Errorf("Poppy logged removals it did not make: %+v", log)
		}
	})
}

// fillDevice writes rows of another account until db refuses even a
// tiny one: what is left is too little for any mark or log entry.
func fillDevice(t *testing.T, db store.DB) {
	t.Helper()
	for _, size := range []int{1024, 64, 1} {
		for i := 0; ; i++ {
			err := db.PutHeaders(context.Background(), "filler", []store.Header{{UID: fmt.Sprintf("%d-%d", size, i), Subject: strings.Repeat("x", size)}})
			if store.IsQuota(err) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}
