package mailbox

import (
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

func TestPlanRetention(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	safe := func(uid string, date, seen time.Time) store.Kept {
		return store.Kept{UID: uid, Size: 10, ListSize: 10, Verified: true, Date: date, FirstSeen: seen}
	}
	server := []ServerMessage{{"a", 10}, {"b", 10}, {"c", 10}, {"d", 10}}
	kept := map[string]store.Kept{
		"a": safe("a", now.Add(-40*day), now.Add(-1*day)),  // old by Date
		"b": safe("b", time.Time{}, now.Add(-35*day)),      // no Date: first seen
		"c": safe("c", now.Add(365*day), now.Add(-31*day)), // Date in the future: first seen
		"d": safe("d", now.Add(-2*day), now.Add(-2*day)),   // young
	}
	with := func(uid string, f func(*store.Kept)) map[string]store.Kept {
		m := make(map[string]store.Kept, len(kept))
		for k, v := range kept {
			m[k] = v
		}
		k := m[uid]
		f(&k)
		m[uid] = k
		return m
	}
	type want struct{ remove, held []string }
	tests := []struct {
		name       string
		p          store.Retention
		kept       map[string]store.Kept
		persistent bool
		want       want
		basis      map[string]Basis
	}{
		{"leave", store.Retention{}, kept, true, want{}, nil},
		{"delete-here removes nothing by itself", store.Retention{Policy: store.RetainDeleteHere}, kept, true, want{}, nil},
		{"unknown policy", store.Retention{Policy: "bogus", Days: 1}, kept, true, want{}, nil},
		{"after 30 days", store.Retention{Policy: store.RetainAfterDays, Days: 30}, kept, false, want{remove: []string{"a", "b", "c"}},
			map[string]Basis{"a": BasisDate, "b": BasisFirstSeen, "c": BasisFirstSeen}},
		{"after 32 days", store.Retention{Policy: store.RetainAfterDays, Days: 32}, kept, false, want{remove: []string{"a", "b"}}, nil},
		{"after 0 days", store.Retention{Policy: store.RetainAfterDays}, kept, false, want{remove: []string{"a", "b", "c", "d"}}, nil},
		{"after days, unverified copy held", store.Retention{Policy: store.RetainAfterDays, Days: 30},
			with("a", func(k *store.Kept) { k.Verified = false }), false, want{remove: []string{"b", "c"}, held: []string{"a"}}, nil},
		{"after days, size changed on the server", store.Retention{Policy: store.RetainAfterDays, Days: 30},
			with("b", func(k *store.Kept) { k.Size, k.ListSize = 9, 9 }), false, want{remove: []string{"a", "c"}, held: []string{"b"}}, nil},
		{"when safe, persistent", store.Retention{Policy: store.RetainWhenSafe}, kept, true, want{remove: []string{"a", "b", "c", "d"}}, nil},
		{"when safe, not persistent", store.Retention{Policy: store.RetainWhenSafe}, kept, false, want{held: []string{"a", "b", "c", "d"}}, nil},
		{"when safe, not persistent but archived", store.Retention{Policy: store.RetainWhenSafe},
			with("c", func(k *store.Kept) { k.Archived = true }), false, want{remove: []string{"c"}, held: []string{"a", "b", "d"}}, nil},
		{"when safe, one not kept", store.Retention{Policy: store.RetainWhenSafe},
			func() map[string]store.Kept { m := with("a", func(*store.Kept) {}); delete(m, "b"); return m }(), true, want{remove: []string{"a", "c", "d"}}, nil},
		{"at most 2", store.Retention{Policy: store.RetainAtMost, Max: 2}, kept, false, want{remove: []string{"a", "b"}}, nil},
		{"at most 10", store.Retention{Policy: store.RetainAtMost, Max: 10}, kept, false, want{}, nil},
		{"at most 0", store.Retention{Policy: store.RetainAtMost}, kept, false, want{remove: []string{"a", "b", "c", "d"}}, nil},
		{"at most 2, oldest not kept", store.Retention{Policy: store.RetainAtMost, Max: 2},
			func() map[string]store.Kept { m := with("a", func(*store.Kept) {}); delete(m, "a"); return m }(), false, want{remove: []string{"b"}, held: []string{"a"}}, nil},
		{"after days, an old row without a copy is held", store.Retention{Policy: store.RetainAfterDays, Days: 30},
			func() map[string]store.Kept { m := with("a", func(*store.Kept) {}); delete(m, "a"); return m }(), false, want{remove: []string{"b", "c"}, held: []string{"a"}}, nil},
		{"negative max", store.Retention{Policy: store.RetainAtMost, Max: -1}, kept, false, want{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Every row's date is known, as in a Mailbox; for a kept
			// message the copy's own Date wins.
			dated := map[string]time.Time{"a": now.Add(-40 * day), "b": now.Add(-1 * day), "c": now.Add(-1 * day), "d": now.Add(-2 * day)}
			plan := PlanRetention(tt.p, server, Device{Kept: tt.kept, Persistent: tt.persistent, Now: now, Dated: dated})
			if got := removalUIDs(plan.Remove); !slices.Equal(got, tt.want.remove) {
				t.Errorf("Remove = %v, want %v", got, tt.want.remove)
			}
			if got := removalUIDs(plan.Held); !slices.Equal(got, tt.want.held) {
				t.Errorf("Held = %v, want %v", got, tt.want.held)
			}
			for _, r := range append(plan.Remove, plan.Held...) {
				if r.Reason == "" {
					t.Errorf("%s has no reason", r.UID)
				}
				if b, ok := tt.basis[r.UID]; ok && r.Basis != b {
					t.Errorf("%s: basis %q, want %q", r.UID, r.Basis, b)
				}
			}
			// The safety rule, whatever the policy: nothing removed
			// without a verified copy of the listed size.
			for _, r := range plan.Remove {
				k, ok := tt.kept[r.UID]
				if !ok || !k.Verified || k.Size != r.Size {
					t.Errorf("%s removed without a verified copy: %+v", r.UID, k)
				}
			}
		})
	}
}

func removalUIDs(rs []Removal) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.UID)
	}
	return out
}
