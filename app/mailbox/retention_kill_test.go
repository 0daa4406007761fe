//go:build unix

package mailbox

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// TestDovecotRetentionKilled cuts a removal session at each step (after
// each DELE, before QUIT, in the middle of QUIT) as a crash or a closed
// tab would, against a real Dovecot: nothing that is not kept on the
// device is removed, since POP3 commits only at QUIT; and the next
// session, in a new Mailbox over the same device store, finishes the
// removal and logs every message removed, including those whose QUIT
// reply was lost.
func TestDovecotRetentionKilled(t *testing.T) {
	type point struct {
		name string
		cut  func(verb string, n int) string
		// committed: the server must have committed the removal at the
		// cut (true), must not have (false).
		committed bool
	}
	points := []point{
		{"after-dele-1", func(v string, n int) string { return when(v == "DELE" && n == 1, "after") }, false},
		{"after-dele-2", func(v string, n int) string { return when(v == "DELE" && n == 2, "after") }, false},
		{"after-dele-3", func(v string, n int) string { return when(v == "DELE" && n == 3, "after") }, false},
		{"before-quit", func(v string, n int) string { return when(v == "QUIT", "before") }, false},
		{"mid-quit", func(v string, n int) string { return when(v == "QUIT", "after") }, true},
	}
	var users []string
	for _, p := range points {
		users = append(users, p.name)
	}
	d := startKeepDovecot(t, users...)
	policy := store.Retention{Policy: store.RetainAtMost} // at most 0: remove every kept message
	for _, p := range points {
		t.Run(p.name, func(t *testing.T) {
			raws := map[int][]byte{}
			for i := 1; i <= 4; i++ {
				raws[i] = keepMessage(i, time.Now().Add(-time.Duration(i)*time.Hour))
				d.s.Deliver(p.name, raws[i])
			}
			db := store.NewMem(nil)
			tp := &tap{}
			m := d.open(t, p.name, db, tp)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if _, err := m.FullCopy(ctx, db, nil); err != nil {
				t.Fatal(err)
			}
			delivered := bySubject(t, db, m.key, raws)
			// Message 4 is not kept: the policy must leave it.
			var unkept string
			for uid, raw := range delivered {
				if string(raw) == string(raws[4]) {
					unkept = uid
				}
			}
			if err := db.DeleteKept(ctx, m.key, unkept); err != nil {
				t.Fatal(err)
			}

			kctx, kill := context.WithCancel(ctx)
			tp.mu.Lock()
			tp.cut, tp.cancel, tp.counts = p.cut, kill, nil
			tp.mu.Unlock()
			_, err := m.ApplyRetention(kctx, db, policy, true)
			tp.mu.Lock()
			fired := tp.fired
			tp.mu.Unlock()
			if !fired || err == nil {
				t.Fatalf("the session was not cut at %s (err %v)", p.name, err)
			}
			m.Close() // the tab is gone

			on := d.serverUIDLs(t, p.name)
			if !slices.Contains(on, unkept) {
				t.Fatalf("the message not kept on the device was removed")
			}
			gone := checkNothingUnkeptRemoved(t, d, p.name, db, m.key, delivered)
			if want := map[bool]int{true: 3, false: 0}[p.committed]; gone != want {
				t.Fatalf("cut %s: %d messages gone, want %d", p.name, gone, want)
			}

			// A new tab, the same device: the removal completes, and the
			// log names each message once, whichever session removed it.
			tp2 := &tap{}
			m2 := d.open(t, p.name, db, tp2)
			rep, err := m2.ApplyRetention(ctx, db, policy, true)
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Held) != 1 || rep.Held[0].UID != unkept {
				t.Errorf("held %+v, want only %s", rep.Held, unkept)
			}
			if on := d.serverUIDLs(t, p.name); !slices.Equal(on, []string{unkept}) {
				t.Errorf("after the next session the server lists %v, want only %s", on, unkept)
			}
			if gone := checkNothingUnkeptRemoved(t, d, p.name, db, m.key, delivered); gone != 3 {
				t.Errorf("%d gone after the next session, want 3", gone)
			}
			log, err := db.Activity(ctx, m.key)
			if err != nil {
				t.Fatal(err)
			}
			var logged []string
			for _, a := range log {
				logged = append(logged, a.UID)
			}
			var want []string
			for uid := range delivered {
				if uid != unkept {
					want = append(want, uid)
				}
			}
			if !slices.Equal(sorted(logged), sorted(want)) {
				t.Errorf("activity log %v, want %v", logged, want)
			}
			if p.committed && tp2.count("DELE") != 0 {
				t.Errorf("the next session sent DELE %d times for messages already removed", tp2.count("DELE"))
			}
		})
	}
}

func when(cond bool, s string) string {
	if cond {
		return s
	}
	return ""
}
