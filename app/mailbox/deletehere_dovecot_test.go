//go:build unix

package mailbox

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// TestDovecotDeleteChoice holds "Delete from the server when I delete it
// here" (store.KeepSettings.DeleteHereOnly) against a real Dovecot,
// checking the server's maildir and UIDL listing after each session:
//   - on (the default), a deletion here is deleted on the server: the
//     positive control that the check sees a deletion;
//   - off, it is hidden on the device only: the server keeps it, and it
//     stays out of the list after a reload and a new sync, until the
//     retention policy removes it from the server;
//   - a choice turned off within the undo window wins over the one the
//     deletion was made under;
//   - a row kept only on this device is deleted from the device, with
//     undo, and nothing is sent to the server.
func TestDovecotDeleteChoice(t *testing.T) {
	d := startKeepDovecot(t, "on", "off", "changed", "local")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	// setup delivers three messages to user and opens a Mailbox on db
	// whose settings are ks; it returns the Mailbox and the UIDLs in
	// delivery order.
	setup := func(t *testing.T, user string, db store.DB, ks store.KeepSettings) (*Mailbox, []string) {
		t.Helper()
		for i := 1; i <= 3; i++ {
			d.s.Deliver(user, keepMessage(i, time.Now().Add(-time.Duration(i)*time.Hour)))
		}
		if err := db.PutKeepSettings(ctx, user+"@dovecot", ks); err != nil {
			t.Fatal(err)
		}
		m := d.open(t, user, db, nil)
		if m.key != user+"@dovecot" {
			t.Fatalf("account key %q", m.key)
		}
		return m, d.serverUIDLs(t, user)
	}
	flush := func(t *testing.T, m *Mailbox) {
		t.Helper()
		if err := m.Flush(ctx); err != nil {
			t.Fatalf("Flush: %v", err)
		}
	}
	listed := func(m *Mailbox, uid string) bool {
		return slices.Contains(rowUIDs(m.Messages()), uid)
	}

	t.Run("on", func(t *testing.T) {
		db := store.NewMem(nil)
		m, uids := setup(t, "on", db, store.KeepSettings{})
		if m.DeleteHereOnly() {
			t.Fatal("the default choice is not to delete on the server")
		}
		m.Delete(uids[0])
		flush(t, m)
		if got := d.serverUIDLs(t, "on"); !slices.Equal(got, uids[1:]) {
			t.Fatalf("the server lists %v, want %v", got, uids[1:])
		}
		if h, _ := db.Hidden(ctx, m.key); len(h) != 0 {
			t.Errorf("hidden %v, but the message was deleted on the server", h)
		}
	})

	t.Run("off", func(t *testing.T) {
		db := store.NewMem(nil)
		m, uids := setup(t, "off", db, store.KeepSettings{DeleteHereOnly: true, FullCopy: true})
		if !m.DeleteHereOnly() {
			t.Fatal("the stored choice was not read")
		}
		m.Delete(uids[0])
		flush(t, m)
		if got := d.serverUIDLs(t, "off"); !slices.Equal(got, uids) {
			t.Fatalf("after deleting here only, the server lists %v, want all of %v", got, uids)
		}
		if listed(m, uids[0]) || !listed(m, uids[1]) {
			t.Fatalf("rows %v", rowUIDs(m.Messages()))
		}
		if h, err := db.Hidden(ctx, m.key); err != nil || !slices.Equal(h, uids[:1]) {
			t.Fatalf("hidden %v, %v", h, err)
		}
		// A reload: a new Mailbox over the same device syncs again.
		m.Close()
		m2 := d.open(t, "off", db, nil)
		if listed(m2, uids[0]) || !listed(m2, uids[1]) || !listed(m2, uids[2]) {
			t.Fatalf("after a new sync the rows are %v; %s must stay hidden", rowUIDs(m2.Messages()), uids[0])
		}
		if got := d.serverUIDLs(t, "off"); !slices.Equal(got, uids) {
			t.Fatalf("after the new sync the server lists %v", got)
		}
		// The retention policy removes it from the server, as any other.
		if _, err := m2.FullCopy(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		rep, err := m2.ApplyRetention(ctx, db, store.Retention{Policy: store.RetainAtMost, Max: 2}, false)
		if err != nil || len(rep.Removed) != 1 {
			t.Fatalf("ApplyRetention = %+v, %v", rep, err)
		}
		if got := d.serverUIDLs(t, "off"); slices.Contains(got, rep.Removed[0].UID) || len(got) != 2 {
			t.Fatalf("after the policy the server lists %v", got)
		}
		if listed(m2, uids[0]) {
			t.Errorf("%s came back once the server removed it", uids[0])
		}
	})

	t.Run("changed", func(t *testing.T) {
		db := store.NewMem(nil)
		m, uids := setup(t, "changed", db, store.KeepSettings{})
		m.Delete(uids[1])
		// Within the undo window the person turns the choice off.
		if err := db.PutKeepSettings(ctx, m.key, store.KeepSettings{DeleteHereOnly: true}); err != nil {
			t.Fatal(err)
		}
		flush(t, m)
		if got := d.serverUIDLs(t, "changed"); !slices.Equal(got, uids) {
			t.Fatalf("the server lists %v, want all of %v", got, uids)
		}
		if listed(m, uids[1]) {
			t.Errorf("%s is listed, but was deleted here", uids[1])
		}
		// And back on, as the accounts panel does it (the store and the
		// Mailbox): the next deletion goes to the server.
		if err := db.PutKeepSettings(ctx, m.key, store.KeepSettings{}); err != nil {
			t.Fatal(err)
		}
		m.SetDeleteHereOnly(false)
		m.Delete(uids[2])
		flush(t, m)
		if got := d.serverUIDLs(t, "changed"); !slices.Equal(got, uids[:2]) {
			t.Fatalf("the server lists %v, want %v", got, uids[:2])
		}
	})

	t.Run("local", func(t *testing.T) {
		db := store.NewMem(nil)
		m, uids := setup(t, "local", db, store.KeepSettings{FullCopy: true})
		if _, err := m.FullCopy(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		d.removeOnServer(t, "local", uids[0])
		// The next copy run finds it gone and lists it "only here".
		if _, err := m.CheckNew(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := m.FullCopy(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		row, ok := findRow(m, uids[0])
		if !ok || !row.LocalOnly {
			t.Fatalf("%s is not a local-only row: %+v", uids[0], m.Messages())
		}
		// Undo in time: the row and its copy stay.
		undo := m.Delete(uids[0])
		if listed(m, uids[0]) {
			t.Fatal("the deleted local-only row is still listed")
		}
		if !undo() || !listed(m, uids[0]) {
			t.Fatal("undo did not bring the local-only row back")
		}
		if _, ok, _ := db.KeptBody(ctx, m.key, uids[0]); !ok {
			t.Fatal("the copy went, though the deletion was undone")
		}
		before := d.serverUIDLs(t, "local")
		m.Delete(uids[0])
		flush(t, m)
		if _, ok, _ := db.KeptBody(ctx, m.key, uids[0]); ok {
			t.Error("the copy of the deleted local-only row is still on the device")
		}
		if listed(m, uids[0]) {
			t.Error("the deleted local-only row is still listed")
		}
		if got := d.serverUIDLs(t, "local"); !slices.Equal(got, before) {
			t.Errorf("the server lists %v, want %v as before", got, before)
		}
		if err := m.LoadKept(ctx); err != nil || listed(m, uids[0]) {
			t.Errorf("the row came back from the device: %v", err)
		}
	})
}

func findRow(m *Mailbox, uid string) (Summary, bool) {
	for _, r := range m.Messages() {
		if r.UID == uid {
			return r, true
		}
	}
	return Summary{}, false
}
