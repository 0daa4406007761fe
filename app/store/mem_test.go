package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/store/storetest"
)

func TestMem(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts *store.Options) store.DB {
		db := store.NewMem(opts)
		t.Cleanup(func() { _ = db.Close() })
		return db
	})
}

func TestMemQuota(t *testing.T) {
	ctx := context.Background()
	hs := []store.Header{{UID: "u1", Subject: "first"}, {UID: "u2", Subject: "second"}}
	probe := store.NewMem(nil)
	if err := probe.PutHeaders(ctx, "a", hs); err != nil {
		t.Fatal(err)
	}
	u, _ := probe.Usage(ctx, "")
	quota := u.HeaderBytes + 10 // room for the rows and 10 body bytes

	db := store.NewMem(&store.Options{Quota: quota})
	if err := db.PutHeaders(ctx, "a", hs); err != nil {
		t.Fatal(err)
	}
	if err := db.PutBody(ctx, "a", "u1", []byte("0123456789")); err != nil {
		t.Fatalf("PutBody within quota: %v", err)
	}
	check := func(wantBody string) {
		t.Helper()
		c, err := db.Load(ctx, "a")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Headers) != 2 || c.Headers[0].Subject != "first" || c.Headers[1].Subject != "second" {
			t.Errorf("headers changed: %+v", c.Headers)
		}
		raw, _, err := db.Body(ctx, "a", "u1")
		if err != nil || string(raw) != wantBody {
			t.Errorf("Body(u1) = %q, %v, want %q", raw, err, wantBody)
		}
	}

	tests := []struct {
		name  string
		write func() error
	}{
		{"new header", func() error {
			return db.PutHeaders(ctx, "a", []store.Header{{UID: "u3"}})
		}},
		{"replacement that grows, with a new one", func() error {
			return db.PutHeaders(ctx, "a", []store.Header{{UID: "u0"}, {UID: "u1", Subject: "first, longer"}})
		}},
		{"header in another account", func() error {
			return db.PutHeaders(ctx, "b", []store.Header{{UID: "u1"}})
		}},
		{"body that no eviction makes room for", func() error {
			return db.PutBody(ctx, "b", "u1", []byte("0123456789A"))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.write()
			if !store.IsQuota(err) {
				t.Fatalf("write past quota = %v, want IsQuota", err)
			}
			check("0123456789")
			if u, _ := db.Usage(ctx, ""); u.Bytes() != quota {
				t.Errorf("Usage = %+v (%d bytes), want %d as before", u, u.Bytes(), quota)
			}
		})
	}

	// A body that fits once the older one is evicted is stored.
	if err := db.PutBody(ctx, "b", "u9", []byte("9876543210")); err != nil {
		t.Fatalf("PutBody that fits after eviction: %v", err)
	}
	check("")
	// A replacement that shrinks a row is always allowed.
	if err := db.PutHeaders(ctx, "a", []store.Header{{UID: "u1", Subject: "1st"}}); err != nil {
		t.Errorf("shrinking replacement: %v", err)
	}
}

func ExampleNewMem() {
	ctx := context.Background()
	db := store.NewMem(&store.Options{MaxBodyBytes: 1 << 20})
	defer db.Close()

	_ = db.PutHeaders(ctx, "ada@pop.example.org", []store.Header{
		{UID: "1a2b", Number: 1, FromName: "Charles", Subject: "Engine"},
		{UID: "3c4d", Number: 2, FromName: "Mary", Subject: "Notes"},
	})
	_ = db.SetRead(ctx, "ada@pop.example.org", true, []string{"1a2b"})
	_ = db.QueueDeletes(ctx, "ada@pop.example.org", []string{"3c4d"})

	c, _ := db.Load(ctx, "ada@pop.example.org")
	for _, h := range c.Headers {
		fmt.Printf("%s %-7s read=%v\n", h.UID, h.FromName, c.Read[h.UID])
	}
	fmt.Println("to delete:", c.Deletes)
	// Output:
	// 1a2b Charles read=true
	// 3c4d Mary    read=false
	// to delete: [3c4d]
}

// TestMemQuotaSending: Sending's writes count against the Quota as a
// full device refuses them: IsQuota, and nothing changed.
func TestMemQuotaSending(t *testing.T) {
	ctx := context.Background()
	db := store.NewMem(&store.Options{Quota: 1000})
	small := store.OutboxEntry{ID: "o1", Account: "a", Raw: make([]byte, 100), State: store.OutboxQueued}
	if err := db.PutOutbox(ctx, small); err != nil {
		t.Fatalf("PutOutbox within quota: %v", err)
	}
	tests := []struct {
		name  string
		write func() error
	}{
		{"outbox entry", func() error {
			return db.PutOutbox(ctx, store.OutboxEntry{ID: "o2", Account: "a", Raw: make([]byte, 1000)})
		}},
		{"draft attachment", func() error {
			return db.PutDraft(ctx, store.Draft{ID: "d", Account: "a", Attach: []store.Attachment{{Name: "big", Data: make([]byte, 1000)}}})
		}},
		{"update that grows", func() error {
			_, err := db.UpdateOutbox(ctx, "a", "o1", false, func(e *store.OutboxEntry) error {
				e.ErrText = string(make([]byte, 1000))
				return nil
			})
			return err
		}},
		{"headers", func() error {
			return db.PutHeaders(ctx, "a", []store.Header{{UID: "u", Subject: string(make([]byte, 950))}})
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.write(); !store.IsQuota(err) {
				t.Fatalf("write past quota = %v, want IsQuota", err)
			}
			es, err := db.Outbox(ctx, "")
			if err != nil || len(es) != 1 || es[0].ID != "o1" || es[0].ErrText != "" {
				t.Errorf("outbox after a refused write: %+v, %v", es, err)
			}
			if ds, _ := db.Drafts(ctx, "a"); len(ds) != 0 {
				t.Errorf("drafts after a refused write: %+v", ds)
			}
		})
	}
	// Moving to Sent takes the entry's bytes with it: it fits.
	if err := db.MoveToSent(ctx, "a", "o1", func(store.OutboxEntry) (store.SentMessage, error) { return store.SentMessage{}, nil }); err != nil {
		t.Errorf("MoveToSent at the quota: %v", err)
	}
}

func ExampleMem_LookupContacts() {
	ctx := context.Background()
	db := store.NewMem(nil)
	defer db.Close()
	seen := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	_ = db.SeeContacts(ctx, "ada@pop.example.org", []store.Contact{
		{Name: "Charles Babbage", Addr: "cb@example.org", LastSeen: seen},
		{Name: "Mary Somerville", Addr: "mary@example.org", LastSeen: seen},
	})
	// The person typed "bab" in the To field.
	cs, _ := db.LookupContacts(ctx, "ada@pop.example.org", "bab", 5)
	for _, c := range cs {
		fmt.Printf("%s <%s>\n", c.Name, c.Addr)
	}
	// Output:
	// Charles Babbage <cb@example.org>
}

func ExampleMem_MoveToSent() {
	ctx := context.Background()
	db := store.NewMem(nil)
	defer db.Close()
	_ = db.PutOutbox(ctx, store.OutboxEntry{ID: "1", Account: "ada", Raw: []byte("Subject: Engine\r\n\r\n"), State: store.OutboxSending, Subject: "Engine"})
	// The server replied 250 to the final dot: out of the outbox and into
	// Sent, in one transaction.
	_ = db.MoveToSent(ctx, "ada", "1", func(e store.OutboxEntry) (store.SentMessage, error) {
		return store.SentMessage{Subject: e.Subject, Date: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)}, nil
	})
	out, _ := db.Outbox(ctx, "ada")
	sent, _ := db.SentList(ctx, "ada")
	fmt.Println(len(out), "in the outbox;", len(sent), "sent:", sent[0].Subject, sent[0].Size, "bytes")
	// Output:
	// 0 in the outbox; 1 sent: Engine 19 bytes
}

// A batch of kept copies that does not fit is not kept at all, as an
// aborted IDB transaction would leave it.
func TestMemQuotaKeptMany(t *testing.T) {
	db := store.NewMem(&store.Options{Quota: 1000})
	ctx := context.Background()
	_, err := db.PutKeptMany(ctx, "a", []store.Kept{{UID: "x", ListSize: 400}, {UID: "y", ListSize: 700}},
		[][]byte{make([]byte, 400), make([]byte, 700)})
	if !store.IsQuota(err) {
		t.Fatalf("PutKeptMany over the quota = %v, want a quota error", err)
	}
	if list, _ := db.KeptList(ctx, "a"); len(list) != 0 {
		t.Fatalf("a refused batch left %d copies", len(list))
	}
	// The positive control: the same path keeps a batch that fits.
	got, err := db.PutKeptMany(ctx, "a", []store.Kept{{UID: "x", ListSize: 400}}, [][]byte{make([]byte, 400)})
	if err != nil || len(got) != 1 || !got[0].Verified {
		t.Fatalf("PutKeptMany within the quota = %+v, %v", got, err)
	}
}
