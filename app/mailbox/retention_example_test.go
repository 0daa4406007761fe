package mailbox_test

import (
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// PlanRetention previews a policy: here "remove after 30 days" over a
// server with three messages, of which the device keeps two verified
// copies. The old message without a copy stays on the server.
func ExamplePlanRetention() {
	now := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)
	server := []mailbox.ServerMessage{{UID: "old-kept", Size: 100}, {UID: "old-not-kept", Size: 80}, {UID: "new", Size: 50}}
	dev := mailbox.Device{Now: now, Dated: map[string]time.Time{"old-not-kept": now.AddDate(0, -3, 0)}, Kept: map[string]store.Kept{
		"old-kept": {UID: "old-kept", Size: 100, ListSize: 100, Verified: true, Date: now.AddDate(0, -2, 0)},
		"new":      {UID: "new", Size: 50, ListSize: 50, Verified: true, Date: now.AddDate(0, 0, -1)},
	}}
	plan := mailbox.PlanRetention(store.Retention{Policy: store.RetainAfterDays, Days: 30}, server, dev)
	for _, r := range plan.Remove {
		fmt.Println("remove", r.UID, r.Basis, "-", r.Reason)
	}
	for _, r := range plan.Held {
		fmt.Println("held", r.UID, "-", r.Reason)
	}
	// Output:
	// remove old-kept date - older than 30 days: dated 2026-10-06
	// held old-not-kept - older than 30 days: dated 2026-09-06; kept on the server: not kept on this device
}
