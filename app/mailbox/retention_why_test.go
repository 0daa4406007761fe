package mailbox

import (
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// TestPlanRetentionWhy: every removal and hold carries its reason as
// data (store.Why, HeldKind), with the numbers the words need.
func TestPlanRetentionWhy(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	dated, seen := now.Add(-40*day), now.Add(-35*day)
	safe := store.Kept{UID: "a", Size: 10, ListSize: 10, Verified: true, Date: dated}
	server := []ServerMessage{{"a", 10}}
	for _, tc := range []struct {
		name       string
		p          store.Retention
		k          *store.Kept // nil: no copy
		persistent bool
		why        store.Why
		held       HeldKind
		copySize   int64
	}{
		{"older, by date", store.Retention{Policy: store.RetainAfterDays, Days: 30}, &safe, false,
			store.Why{Kind: store.WhyOlderThan, Days: 30, At: dated}, HeldNone, 0},
		{"older, first seen", store.Retention{Policy: store.RetainAfterDays, Days: 30},
			&store.Kept{UID: "a", Size: 10, ListSize: 10, Verified: true, FirstSeen: seen}, false,
			store.Why{Kind: store.WhyOlderThan, Days: 30, At: seen, FirstSeen: true}, HeldNone, 0},
		{"kept safely", store.Retention{Policy: store.RetainWhenSafe}, &safe, true,
			store.Why{Kind: store.WhyKeptSafely}, HeldNone, 0},
		{"at most", store.Retention{Policy: store.RetainAtMost, Max: 0}, &safe, false,
			store.Why{Kind: store.WhyAtMost}, HeldNone, 0},
		{"kept in the archive", store.Retention{Policy: store.RetainWhenSafe},
			&store.Kept{UID: "a", Size: 10, ListSize: 10, Verified: true, Archived: true}, false,
			store.Why{Kind: store.WhyKeptInArchive}, HeldNone, 0},
		{"held: not persistent", store.Retention{Policy: store.RetainWhenSafe}, &safe, false,
			store.Why{Kind: store.WhyKeptSafely}, HeldNotPersistent, 10},
		{"held: not verified", store.Retention{Policy: store.RetainAtMost, Max: 0},
			&store.Kept{UID: "a", Size: 10, ListSize: 10}, false, store.Why{Kind: store.WhyAtMost}, HeldNotVerified, 10},
		{"held: size differs", store.Retention{Policy: store.RetainAtMost, Max: 0},
			&store.Kept{UID: "a", Size: 9, ListSize: 9, Verified: true}, false, store.Why{Kind: store.WhyAtMost}, HeldSizeDiffers, 9},
		{"held: not kept", store.Retention{Policy: store.RetainAtMost, Max: 0}, nil, false,
			store.Why{Kind: store.WhyAtMost}, HeldNotKept, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kept := map[string]store.Kept{}
			if tc.k != nil {
				kept["a"] = *tc.k
			}
			plan := PlanRetention(tc.p, server, Device{Kept: kept, Persistent: tc.persistent, Now: now})
			all := append(plan.Remove, plan.Held...)
			if len(all) != 1 {
				t.Fatalf("plan %+v, want one removal or hold", plan)
			}
			r := all[0]
			if r.Why != tc.why || r.Held != tc.held || r.CopySize != tc.copySize {
				t.Errorf("Why %+v Held %d CopySize %d, want %+v %d %d", r.Why, r.Held, r.CopySize, tc.why, tc.held, tc.copySize)
			}
			if (tc.held == HeldNone) != (len(plan.Remove) == 1) {
				t.Errorf("Remove %d, Held %d: a hold must be in Held, a removal in Remove", len(plan.Remove), len(plan.Held))
			}
		})
	}
}
