package mailbox

import (
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// A copy in the folder archive makes "safely" remove it without
// persistent storage, and the reason logged names the archive.
func TestPlanRetentionArchiveReason(t *testing.T) {
	k := store.Kept{UID: "a", Size: 10, ListSize: 10, Verified: true}
	server := []ServerMessage{{"a", 10}}
	for _, tt := range []struct {
		persistent, archived bool
		want                 string // the reason, or "" for held
	}{
		{false, false, ""},
		{false, true, "kept safely on this device and in the folder archive"},
		{true, false, "kept safely on this device"},
		{true, true, "kept safely on this device"},
	} {
		k.Archived = tt.archived
		plan := PlanRetention(store.Retention{Policy: store.RetainWhenSafe}, server,
			Device{Kept: map[string]store.Kept{"a": k}, Persistent: tt.persistent, Now: time.Now()})
		got := ""
		if len(plan.Remove) == 1 {
			got = plan.Remove[0].Reason
		}
		if got != tt.want {
			t.Errorf("persistent %v, archived %v: removes with %q, want %q (held %v)", tt.persistent, tt.archived, got, tt.want, plan.Held)
		}
	}
}
