//go:build unix

package mailbox

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// TestDovecotRetention runs each retention policy against a real
// Dovecot, after a full copy, and checks the server's maildir and UIDL
// listing after each session, the activity log and the copies.
func TestDovecotRetention(t *testing.T) {
	policies := []string{"leave", "deletehere", "afterdays", "whensafe", "atmost"}
	d := startKeepDovecot(t, policies...)
	now := time.Now()
	day := 24 * time.Hour
	dates := map[int]time.Time{1: now.Add(-40 * day), 2: {}, 3: now.Add(365 * day), 4: now.Add(-2 * day), 5: now.Add(-50 * day)}

	// setup delivers the five messages to user, opens a Mailbox and
	// keeps a full copy; it returns the Mailbox, its store and the
	// delivered bytes by UIDL, and the UIDL of message i.
	setup := func(t *testing.T, user string) (*Mailbox, store.DB, map[string][]byte, map[int]string) {
		raws := map[int][]byte{}
		for i := 1; i <= 5; i++ {
			raws[i] = keepMessage(i, dates[i])
			d.s.Deliver(user, raws[i])
		}
		db := store.NewMem(nil)
		m := d.open(t, user, db, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		pr, err := m.FullCopy(ctx, db, nil)
		if err != nil || !pr.Done || pr.Messages != 5 || pr.Unverified != 0 {
			t.Fatalf("FullCopy = %+v, %v", pr, err)
		}
		if got := d.serverUIDLs(t, user); len(got) != 5 {
			t.Fatalf("after the full copy the server lists %v", got)
		}
		delivered := bySubject(t, db, m.key, raws)
		num := map[int]string{}
		for uid, raw := range delivered {
			for i, r := range raws {
				if string(r) == string(raw) {
					num[i] = uid
				}
			}
		}
		return m, db, delivered, num
	}
	apply := func(t *testing.T, m *Mailbox, db store.DB, p store.Retention, persistent bool) RetentionReport {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		rep, err := m.ApplyRetention(ctx, db, p, persistent)
		if err != nil {
			t.Fatalf("ApplyRetention(%+v) = %v", p, err)
		}
		return rep
	}
	// check: the server lists exactly want (message numbers), the log
	// names exactly the others, each copy of those is "only on this
	// device", and nothing unkept was removed.
	check := func(t *testing.T, user string, m *Mailbox, db store.DB, delivered map[string][]byte, num map[int]string, want ...int) {
		t.Helper()
		var wantUIDs, removed []string
		for i := 1; i <= 5; i++ {
			if slices.Contains(want, i) {
				wantUIDs = append(wantUIDs, num[i])
			} else {
				removed = append(removed, num[i])
			}
		}
		got := d.serverUIDLs(t, user)
		if !slices.Equal(sorted(got), sorted(wantUIDs)) {
			t.Errorf("the server lists %v, want %v", got, wantUIDs)
		}
		if gone := checkNothingUnkeptRemoved(t, d, user, db, m.key, delivered); gone != len(removed) {
			t.Errorf("%d messages gone from the server, want %d", gone, len(removed))
		}
		log, err := db.Activity(context.Background(), m.key)
		if err != nil {
			t.Fatal(err)
		}
		var logged []string
		for _, a := range log {
			logged = append(logged, a.UID)
			if a.Reason == "" || a.At.IsZero() || a.Subject == "" {
				t.Errorf("activity entry without what, when or why: %+v", a)
			}
		}
		if !slices.Equal(sorted(logged), sorted(removed)) {
			t.Errorf("activity log names %v, want %v", logged, removed)
		}
		kept, err := db.KeptList(context.Background(), m.key)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kept {
			if k.OnlyHere() != slices.Contains(removed, k.UID) || k.Removing != "" {
				t.Errorf("copy %s: only here %v, removing %q", k.UID, k.OnlyHere(), k.Removing)
			}
		}
	}

	t.Run("leave", func(t *testing.T) {
		m, db, delivered, num := setup(t, "leave")
		rep := apply(t, m, db, store.Retention{}, true)
		if len(rep.Removed)+len(rep.Held) != 0 {
			t.Errorf("report %+v", rep)
		}
		check(t, "leave", m, db, delivered, num, 1, 2, 3, 4, 5)
	})
	t.Run("deletehere", func(t *testing.T) {
		m, db, delivered, num := setup(t, "deletehere")
		apply(t, m, db, store.Retention{Policy: store.RetainDeleteHere}, true)
		check(t, "deletehere", m, db, delivered, num, 1, 2, 3, 4, 5)
	})
	t.Run("afterdays", func(t *testing.T) {
		m, db, delivered, num := setup(t, "afterdays")
		// Message 2 has no Date: its age is when the device first saw
		// it, set back as if that were 40 days ago. Message 3's Date is
		// in the future: first seen now, so it stays.
		if err := db.UpdateKept(context.Background(), m.key, num[2], func(k *store.Kept) { k.FirstSeen = now.Add(-40 * day) }); err != nil {
			t.Fatal(err)
		}
		rep := apply(t, m, db, store.Retention{Policy: store.RetainAfterDays, Days: 30}, false)
		check(t, "afterdays", m, db, delivered, num, 3, 4)
		for _, r := range rep.Removed {
			want := BasisDate
			if r.UID == num[2] {
				want = BasisFirstSeen
			}
			if r.Basis != want || !strings.Contains(r.Reason, "30 days") {
				t.Errorf("%s removed on basis %q (%s), want %q", r.UID, r.Basis, r.Reason, want)
			}
		}
		// Again: nothing more to do, nothing logged twice.
		apply(t, m, db, store.Retention{Policy: store.RetainAfterDays, Days: 30}, false)
		check(t, "afterdays", m, db, delivered, num, 3, 4)
	})
	t.Run("whensafe", func(t *testing.T) {
		m, db, delivered, num := setup(t, "whensafe")
		// Not persistent and no archive: the copies are not safe.
		rep := apply(t, m, db, store.Retention{Policy: store.RetainWhenSafe}, false)
		if len(rep.Held) != 5 || len(rep.Removed) != 0 {
			t.Errorf("not persistent: report %+v", rep)
		}
		check(t, "whensafe", m, db, delivered, num, 1, 2, 3, 4, 5)
		// Persistent, but message 4's copy is gone from the device.
		if err := db.DeleteKept(context.Background(), m.key, num[4]); err != nil {
			t.Fatal(err)
		}
		delete(delivered, num[4])
		apply(t, m, db, store.Retention{Policy: store.RetainWhenSafe}, true)
		check(t, "whensafe", m, db, delivered, num, 4)
	})
	t.Run("atmost", func(t *testing.T) {
		m, db, delivered, num := setup(t, "atmost")
		apply(t, m, db, store.Retention{Policy: store.RetainAtMost, Max: 2}, false)
		check(t, "atmost", m, db, delivered, num, 4, 5)
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
