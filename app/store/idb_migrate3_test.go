//go:build js && wasm

package store

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"syscall/js"
	"testing"
	"time"
)

// TestIDBMigrateFrom2 writes data as version 2 of the schema kept it (the
// last release before sending mail), then opens the database with the
// current code: version 3 adds the stores of Sending and must keep every
// record of version 2 where its readers and writers find it.
func TestIDBMigrateFrom2(t *testing.T) {
	ctx := context.Background()
	name := tempDBName(t)
	db2, err := openVersion(ctx, name, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Call("close") // closing again is a no-op
	if v := db2.Get("version").Int(); v != 2 {
		t.Fatalf("opened version %d, want 2", v)
	}
	if db2.Get("objectStoreNames").Call("contains", "outbox").Bool() {
		t.Fatal("version 2 already has the outbox store: the test would show nothing")
	}
	v2 := &IDB{db: db2, opts: (*Options)(nil).withDefaults()}
	body := bytes.Repeat([]byte{0, 0xff, '\n'}, 20)
	// Literal records, in version 2's format (see TestIDBMigrateFrom1 for
	// the buckets: u1 is in bucket 3).
	err = v2.do(ctx, "write v2", "readwrite", []string{storeAccounts, storeHeaders, storeBodies, storeBodyMeta, storeMarks, storeDeletes, storeListings}, func(t *txn) {
		t.store(storeAccounts).Call("put", `{"key":"ada@pop","server":"pop","username":"ada","lastUsed":"2024-05-06T07:08:09+02:00"}`, "ada@pop")
		t.store(storeHeaders).Call("put", `{"u":"u1","o":1,"n":"Charles","s":"Engine","z":60}`, js.ValueOf([]any{"ada@pop", 3}))
		b := jsUint8Array.New(len(body))
		js.CopyBytesToJS(b, body)
		t.store(storeBodies).Call("put", b, key("ada@pop", "u1"))
		t.store(storeBodyMeta).Call("put", bodyMeta(len(body), 7), key("ada@pop", "u1"))
		t.store(storeMarks).Call("put", "u1", js.ValueOf([]any{"ada@pop", 3}))
		t.store(storeDeletes).Call("put", 1, key("ada@pop", "u9"))
		t.store(storeListings).Call("put", `{"o":60,"u":["u1"]}`, js.ValueOf([]any{"ada@pop"}))
	})
	if err != nil {
		t.Fatal(err)
	}
	db2.Call("close")

	d, err := OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if v := d.db.Get("version").Int(); v != len(schema) || v < 3 {
		t.Errorf("upgraded to version %d, want %d", v, len(schema))
	}
	c, err := d.Load(ctx, "ada@pop")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Headers) != 1 || c.Headers[0].Subject != "Engine" || c.Headers[0].Size != 60 {
		t.Errorf("headers after upgrade: %+v", c.Headers)
	}
	if !maps.Equal(c.Read, map[string]bool{"u1": true}) || len(c.Deletes) != 1 || c.Deletes[0] != "u9" ||
		c.Listing.Octets != 60 || len(c.Listing.UIDs) != 1 {
		t.Errorf("marks, deletes, listing after upgrade: %+v", c)
	}
	if raw, ok, err := d.Body(ctx, "ada@pop", "u1"); err != nil || !ok || !bytes.Equal(raw, body) {
		t.Errorf("body after upgrade: %q, %v, %v", raw, ok, err)
	}
	if u, err := d.Usage(ctx, "ada@pop"); err != nil || u.Bodies != 1 || u.BodyBytes != int64(len(body)) || u.Headers != 1 {
		t.Errorf("usage after upgrade: %+v, %v", u, err)
	}
	if as, err := d.Accounts(ctx); err != nil || len(as) != 1 || as[0].Username != "ada" {
		t.Errorf("accounts after upgrade: %+v, %v", as, err)
	}
	// Version 3's stores work, and RemoveAccount reaches both versions'.
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := d.PutDraft(ctx, Draft{ID: "d1", Account: "ada@pop", Subject: "kept", Updated: t0}); err != nil {
		t.Fatal(err)
	}
	if err := d.PutOutbox(ctx, OutboxEntry{ID: "o1", Account: "ada@pop", Raw: body, State: OutboxQueued}); err != nil {
		t.Fatal(err)
	}
	if ds, err := d.Drafts(ctx, "ada@pop"); err != nil || len(ds) != 1 || ds[0].Subject != "kept" {
		t.Errorf("drafts after upgrade: %+v, %v", ds, err)
	}
	if _, err := d.RemoveAccount(ctx, "ada@pop"); err != nil {
		t.Fatal(err)
	}
	if es, err := d.Outbox(ctx, ""); err != nil || len(es) != 0 {
		t.Errorf("outbox after RemoveAccount: %+v, %v", es, err)
	}
	if c, err := d.Load(ctx, "ada@pop"); err != nil || len(c.Headers) != 0 {
		t.Errorf("mail after RemoveAccount: %+v, %v", c, err)
	}
}

// TestIDBSendingReopen: what the person wrote outlives the connection,
// as it must outlive a reload or a crash: a draft, with its attachment,
// and an outbox entry, read back through a new connection.
func TestIDBSendingReopen(t *testing.T) {
	ctx := context.Background()
	name := tempDBName(t)
	d, err := OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte{0, 1, 0xfe, 0xff}, 1000)
	if err := d.PutDraft(ctx, Draft{ID: "d1", Account: "a", Body: "half a sentence", Attach: []Attachment{{Name: "f.bin", Data: data}}}); err != nil {
		t.Fatal(err)
	}
	if err := d.PutOutbox(ctx, OutboxEntry{ID: "o1", Account: "a", Raw: data, State: OutboxSending, Owner: "tab"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dr, ok, err := d.Draft(ctx, "a", "d1")
	if err != nil || !ok || dr.Body != "half a sentence" || len(dr.Attach) != 1 || !bytes.Equal(dr.Attach[0].Data, data) {
		t.Errorf("draft after reopening: %+v, %v, %v", dr, ok, err)
	}
	e, ok, err := d.OutboxEntry(ctx, "a", "o1")
	if err != nil || !ok || e.State != OutboxSending || e.Owner != "tab" || !bytes.Equal(e.Raw, data) {
		t.Errorf("outbox entry after reopening: %+v, %v, %v", e, ok, err)
	}
}

// TestIDBTwoConnectionsTakeOnce is testOutboxUpdateRace across two
// connections to one database, as two tabs have them: IndexedDB runs
// their read-write transactions one after the other, so each entry is
// taken once. The tabs go through the entries from opposite ends, so
// they meet, and contend, in the middle; each taking some entries is the
// positive control (that a take through this path succeeds).
func TestIDBTwoConnectionsTakeOnce(t *testing.T) {
	ctx := context.Background()
	name := tempDBName(t)
	var tabs [2]*IDB
	for i := range tabs {
		d, err := OpenIDB(ctx, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		tabs[i] = d
	}
	const n = 20
	ids := make([]string, n)
	for i := range ids {
		ids[i] = string(rune('a' + i))
		if err := tabs[0].PutOutbox(ctx, OutboxEntry{ID: ids[i], Account: "a", Raw: []byte("m"), State: OutboxQueued}); err != nil {
			t.Fatal(err)
		}
	}
	type win struct {
		tab int
		id  string
	}
	wins := make(chan win, 2*n)
	done := make(chan error, 2)
	for ti, d := range tabs {
		order := slices.Clone(ids)
		if ti == 1 {
			slices.Reverse(order)
		}
		go func() {
			for _, id := range order {
				_, err := d.UpdateOutbox(ctx, "a", id, false, func(e *OutboxEntry) error {
					if e.State != OutboxQueued {
						return ErrNotFound // taken: any error will do
					}
					e.State = OutboxSending
					return nil
				})
				if err == nil {
					wins <- win{ti, id}
				}
			}
			done <- nil
		}()
	}
	<-done
	<-done
	close(wins)
	taken := make(map[string]int)
	per := make([]int, 2)
	for w := range wins {
		taken[w.id]++
		per[w.tab]++
	}
	for _, id := range ids {
		if taken[id] != 1 {
			t.Errorf("entry %s taken %d times", id, taken[id])
		}
	}
	if per[0] == 0 || per[1] == 0 {
		t.Errorf("taken per connection: %v, want some by each", per)
	}
}
