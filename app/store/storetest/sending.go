package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// What the suite pins down of store.Sending, beyond its doc comments:
//   - Records round-trip exactly, bytes included (every byte value, and
//     the empty attachment); times come back Equal.
//   - Lists leave the bytes out and keep their sizes.
//   - Clear leaves Sending's records; RemoveAccount drops the account's.

// sendingTests are the subtests Run adds for store.Sending.
var sendingTests = []struct {
	name string
	f    func(*testing.T, Opener)
}{
	{"Drafts", testDrafts},
	{"Outbox", testOutbox},
	{"OutboxUpdate", testOutboxUpdate},
	{"OutboxUpdateRace", testOutboxUpdateRace},
	{"MoveToSent", testMoveToSent},
	{"Sent", testSent},
	{"Identities", testIdentities},
	{"Contacts", testContacts},
	{"ContactsBounded", testContactsBounded},
	{"SendingKeptByClear", testSendingKeptByClear},
}

// allBytes is every byte value, twice: attachments and messages are
// binary, and a store that went through text would lose some.
func allBytes() []byte {
	b := make([]byte, 512)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func draft(account, id string, updated time.Time) store.Draft {
	return store.Draft{
		ID: id, Account: account, From: "ada@example.org",
		To: "Charles <cb@example.org>, half-typed@", Cc: "Zoë 😀 <zoe@example.org>", Bcc: "me@example.org",
		Subject: "Re: <b>Engine</b> & \"notes\"", Body: "line one\r\nline two\n-- \nAda",
		InReplyTo: "<1@example.org>", References: []string{"<0@example.org>", "<1@example.org>"},
		Attach: []store.Attachment{
			{Name: "notes é.bin", Type: "application/octet-stream", Data: allBytes()},
			{Name: "empty.txt", Type: "text/plain", Data: []byte{}},
		},
		Updated: updated,
	}
}

// checkDraft compares drafts; withData compares the attachments' bytes
// too (else it checks that none came back).
func checkDraft(t *testing.T, got, want store.Draft, withData bool) {
	t.Helper()
	if !got.Updated.Equal(want.Updated) {
		t.Errorf("draft %s: Updated %v, want %v", want.ID, got.Updated, want.Updated)
	}
	if len(got.Attach) != len(want.Attach) {
		t.Fatalf("draft %s: %d attachments, want %d", want.ID, len(got.Attach), len(want.Attach))
	}
	for i, a := range want.Attach {
		g := got.Attach[i]
		if g.Name != a.Name || g.Type != a.Type || g.Size != int64(len(a.Data)) {
			t.Errorf("draft %s attachment %d = %q %q %d, want %q %q %d", want.ID, i, g.Name, g.Type, g.Size, a.Name, a.Type, len(a.Data))
		}
		if withData && !bytes.Equal(g.Data, a.Data) {
			t.Errorf("draft %s attachment %d: data %d bytes, differs", want.ID, i, len(g.Data))
		}
		if !withData && g.Data != nil {
			t.Errorf("draft %s attachment %d: a list returned its data", want.ID, i)
		}
	}
	g, w := got, want
	g.Attach, w.Attach, g.Updated, w.Updated = nil, nil, time.Time{}, time.Time{}
	if fmt.Sprintf("%#v", g) != fmt.Sprintf("%#v", w) {
		t.Errorf("draft:\n got %#v\nwant %#v", g, w)
	}
}

func testDrafts(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, cest)
	older, newer := draft("a", "d1", t0), draft("a", "d2", t0.Add(time.Minute))
	newer.Attach = nil
	other := draft("b", "d1", t0)
	other.Subject = "other account"
	for _, d := range []store.Draft{older, newer, other} {
		must(t, db.PutDraft(ctx, d))
	}
	// The caller's attachments are not written to.
	if older.Attach[0].Size != 0 {
		t.Errorf("PutDraft set Size in the caller's slice")
	}

	list, err := db.Drafts(ctx, "a")
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("Drafts(a) = %d drafts, want 2", len(list))
	}
	checkDraft(t, list[0], newer, false) // most recently updated first
	checkDraft(t, list[1], older, false)
	got, ok, err := db.Draft(ctx, "a", "d1")
	if err != nil || !ok {
		t.Fatalf("Draft(a, d1) = %v, %v", ok, err)
	}
	checkDraft(t, got, older, true)
	if got, ok, err := db.Draft(ctx, "b", "d1"); err != nil || !ok || got.Subject != "other account" {
		t.Errorf("Draft(b, d1) = %+v, %v, %v", got, ok, err)
	}

	// Saving as the person types replaces the draft, attachments too.
	older.Body += " more"
	older.Attach = older.Attach[1:]
	older.Updated = t0.Add(2 * time.Minute)
	must(t, db.PutDraft(ctx, older))
	got, _, err = db.Draft(ctx, "a", "d1")
	must(t, err)
	checkDraft(t, got, older, true)
	if list, _ := db.Drafts(ctx, "a"); len(list) != 2 || list[0].ID != "d1" {
		t.Errorf("after an update, Drafts(a) = %+v, want d1 first", list)
	}

	must(t, db.DeleteDraft(ctx, "a", "d1"))
	must(t, db.DeleteDraft(ctx, "a", "never")) // no error
	if _, ok, err := db.Draft(ctx, "a", "d1"); ok || err != nil {
		t.Errorf("deleted draft: %v, %v", ok, err)
	}
	if list, _ := db.Drafts(ctx, "b"); len(list) != 1 {
		t.Errorf("b's drafts after deleting a's: %+v", list)
	}
	var se *store.Error
	for _, d := range []store.Draft{{Account: "a"}, {ID: "x"}} {
		if err := db.PutDraft(ctx, d); !errors.As(err, &se) {
			t.Errorf("PutDraft(%+v) = %v, want a *store.Error", d, err)
		}
	}
}

func entry(account, id string, created time.Time, raw []byte) store.OutboxEntry {
	return store.OutboxEntry{
		ID: id, Account: account, Raw: raw, From: "ada@example.org",
		To: []string{"cb@example.org", "zoe@example.org"}, State: store.OutboxQueued,
		Subject: "Zoë 😀", HeaderTo: []string{"Charles <cb@example.org>"},
		Created: created, Updated: created,
	}
}

func testOutbox(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	es := []store.OutboxEntry{
		entry("b", "o1", t0.Add(-time.Minute), []byte("first")),
		entry("a", "o2", t0, allBytes()),
		entry("a", "o3", t0.Add(time.Minute), []byte("third")),
	}
	for _, e := range es {
		must(t, db.PutOutbox(ctx, e))
	}
	check := func(account string, want ...store.OutboxEntry) {
		t.Helper()
		got, err := db.Outbox(ctx, account)
		must(t, err)
		if len(got) != len(want) {
			t.Fatalf("Outbox(%q) = %d entries, want %d", account, len(got), len(want))
		}
		for i, w := range want {
			g := got[i]
			if g.ID != w.ID || g.Account != w.Account || g.Raw != nil || g.Size != int64(len(w.Raw)) ||
				!g.Created.Equal(w.Created) || g.State != w.State || !slices.Equal(g.To, w.To) || g.Subject != w.Subject {
				t.Errorf("Outbox(%q)[%d] = %+v, want %+v without Raw", account, i, g, w)
			}
		}
	}
	check("a", es[1], es[2])
	check("", es[0], es[1], es[2]) // every account, oldest first
	got, ok, err := db.OutboxEntry(ctx, "a", "o2")
	if err != nil || !ok || !bytes.Equal(got.Raw, es[1].Raw) || !slices.Equal(got.HeaderTo, es[1].HeaderTo) {
		t.Errorf("OutboxEntry(a, o2) = %+v, %v, %v", got, ok, err)
	}
	if _, ok, err := db.OutboxEntry(ctx, "b", "o2"); ok || err != nil {
		t.Errorf("OutboxEntry of another account's ID = %v, %v", ok, err)
	}
	must(t, db.DeleteOutbox(ctx, "a", "o2"))
	must(t, db.DeleteOutbox(ctx, "a", "o2"))
	check("", es[0], es[2])
}

func testOutboxUpdate(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	e := entry("a", "o1", t0, allBytes())
	must(t, db.PutOutbox(ctx, e))
	lease := t0.Add(time.Minute)

	// A transition is written, and returned, with Raw if asked for.
	got, err := db.UpdateOutbox(ctx, "a", "o1", true, func(cur *store.OutboxEntry) error {
		if cur.Raw != nil {
			t.Errorf("f got Raw")
		}
		cur.State, cur.Owner, cur.LeaseUntil, cur.Attempts = store.OutboxSending, "tab-1", lease, cur.Attempts+1
		cur.ID, cur.Account = "moved?", "elsewhere?" // keys are not f's to change
		return nil
	})
	must(t, err)
	if got.State != store.OutboxSending || got.Owner != "tab-1" || !got.LeaseUntil.Equal(lease) || got.Attempts != 1 ||
		got.ID != "o1" || got.Account != "a" || !bytes.Equal(got.Raw, e.Raw) {
		t.Errorf("UpdateOutbox returned %+v", got)
	}
	stored, _, err := db.OutboxEntry(ctx, "a", "o1")
	must(t, err)
	if stored.State != store.OutboxSending || stored.Owner != "tab-1" || !bytes.Equal(stored.Raw, e.Raw) {
		t.Errorf("stored after update: %+v", stored)
	}
	if got, err := db.UpdateOutbox(ctx, "a", "o1", false, func(*store.OutboxEntry) error { return nil }); err != nil || got.Raw != nil {
		t.Errorf("UpdateOutbox without Raw returned Raw %d bytes, %v", len(got.Raw), err)
	}

	// An error from f changes nothing and comes back, matchable.
	refuse := errors.New("not yours")
	_, err = db.UpdateOutbox(ctx, "a", "o1", false, func(cur *store.OutboxEntry) error {
		cur.State = store.OutboxFailed
		return refuse
	})
	var se *store.Error
	if !errors.Is(err, refuse) || !errors.As(err, &se) {
		t.Errorf("UpdateOutbox with f failing = %v, want a *store.Error wrapping f's error", err)
	}
	if stored, _, _ := db.OutboxEntry(ctx, "a", "o1"); stored.State != store.OutboxSending {
		t.Errorf("after a refused update, state %q", stored.State)
	}

	// A missing entry: ErrNotFound, and f is not called.
	called := false
	_, err = db.UpdateOutbox(ctx, "a", "none", false, func(*store.OutboxEntry) error { called = true; return nil })
	if !errors.Is(err, store.ErrNotFound) || called {
		t.Errorf("UpdateOutbox of a missing entry = %v (f called: %v), want ErrNotFound", err, called)
	}
	if es, _ := db.Outbox(ctx, ""); len(es) != 1 {
		t.Errorf("a missing entry's update created one: %+v", es)
	}
}

// testOutboxUpdateRace has workers race to take one queued entry, as two
// tabs flushing at once do: exactly one must win. The positive control is
// the winner itself: the same path does take an entry.
func testOutboxUpdateRace(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	const entries, workers = 5, 4
	for i := range entries {
		must(t, db.PutOutbox(ctx, entry("a", fmt.Sprint("o", i), time.Unix(int64(i), 0), []byte("x"))))
	}
	var (
		mu   sync.Mutex
		wins = make(map[string][]int)
		wg   sync.WaitGroup
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range entries {
				id := fmt.Sprint("o", i)
				_, err := db.UpdateOutbox(ctx, "a", id, false, func(cur *store.OutboxEntry) error {
					if cur.State != store.OutboxQueued {
						return errTaken
					}
					cur.State, cur.Owner = store.OutboxSending, fmt.Sprint("worker-", w)
					return nil
				})
				switch {
				case err == nil:
					mu.Lock()
					wins[id] = append(wins[id], w)
					mu.Unlock()
				case !errors.Is(err, errTaken):
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	for i := range entries {
		id := fmt.Sprint("o", i)
		if len(wins[id]) != 1 {
			t.Errorf("%s taken by workers %v, want exactly one", id, wins[id])
			continue
		}
		e, _, err := db.OutboxEntry(ctx, "a", id)
		if err != nil || e.Owner != fmt.Sprint("worker-", wins[id][0]) {
			t.Errorf("%s owner %q, %v; winner was %d", id, e.Owner, err, wins[id][0])
		}
	}
}

var errTaken = errors.New("taken")

func testMoveToSent(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	e := entry("a", "o1", t0, allBytes())
	must(t, db.PutOutbox(ctx, e))

	// f refusing leaves the entry where it was.
	refuse := errors.New("still sending")
	if err := db.MoveToSent(ctx, "a", "o1", func(store.OutboxEntry) (store.SentMessage, error) {
		return store.SentMessage{}, refuse
	}); !errors.Is(err, refuse) {
		t.Errorf("MoveToSent with f failing = %v", err)
	}
	if _, ok, _ := db.OutboxEntry(ctx, "a", "o1"); !ok {
		t.Fatal("a refused move lost the entry")
	}
	if ms, _ := db.SentList(ctx, "a"); len(ms) != 0 {
		t.Errorf("a refused move wrote to Sent: %+v", ms)
	}

	accepted := t0.Add(time.Minute)
	err := db.MoveToSent(ctx, "a", "o1", func(cur store.OutboxEntry) (store.SentMessage, error) {
		if cur.ID != "o1" || cur.Raw != nil || cur.Subject != e.Subject {
			t.Errorf("f got %+v", cur)
		}
		return store.SentMessage{ID: "ignored", From: cur.From, To: cur.HeaderTo, Subject: cur.Subject, Date: accepted, Envelope: cur.To}, nil
	})
	must(t, err)
	if _, ok, err := db.OutboxEntry(ctx, "a", "o1"); ok || err != nil {
		t.Errorf("moved entry still in the outbox: %v, %v", ok, err)
	}
	m, ok, err := db.SentMessage(ctx, "a", "o1")
	if err != nil || !ok {
		t.Fatalf("SentMessage after the move: %v, %v", ok, err)
	}
	if !bytes.Equal(m.Raw, e.Raw) || m.Size != int64(len(e.Raw)) || m.Subject != e.Subject || !m.Date.Equal(accepted) ||
		!slices.Equal(m.To, e.HeaderTo) || !slices.Equal(m.Envelope, e.To) || m.Account != "a" {
		t.Errorf("sent message = %+v (%d bytes)", m, len(m.Raw))
	}
	// Moving again: the entry is gone.
	if err := db.MoveToSent(ctx, "a", "o1", func(store.OutboxEntry) (store.SentMessage, error) {
		return store.SentMessage{}, nil
	}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second MoveToSent = %v, want ErrNotFound", err)
	}
	if ms, _ := db.SentList(ctx, "a"); len(ms) != 1 {
		t.Errorf("Sent after a second move: %+v", ms)
	}
}

func testSent(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 6, nst)
	ms := []store.SentMessage{
		{ID: "s1", Account: "a", Raw: []byte("one"), To: []string{"x@example.org"}, Subject: "first", Date: t0},
		{ID: "s2", Account: "a", Raw: allBytes(), To: []string{"Zoë <z@example.org>"}, Subject: "second", Date: t0.Add(time.Hour)},
		{ID: "s3", Account: "b", Raw: []byte("b's"), Subject: "other", Date: t0.Add(2 * time.Hour)},
	}
	for _, m := range ms {
		must(t, db.PutSent(ctx, m))
	}
	list, err := db.SentList(ctx, "a")
	must(t, err)
	if len(list) != 2 || list[0].ID != "s2" || list[1].ID != "s1" {
		t.Fatalf("SentList(a) = %+v, want s2, s1 (newest first)", list)
	}
	if l := list[0]; l.Raw != nil || l.Size != int64(len(ms[1].Raw)) || l.Subject != "second" || !l.Date.Equal(ms[1].Date) || !slices.Equal(l.To, ms[1].To) {
		t.Errorf("SentList(a)[0] = %+v", l)
	}
	if m, ok, err := db.SentMessage(ctx, "a", "s2"); err != nil || !ok || !bytes.Equal(m.Raw, ms[1].Raw) {
		t.Errorf("SentMessage(a, s2) = %d bytes, %v, %v", len(m.Raw), ok, err)
	}
	must(t, db.DeleteSent(ctx, "a", "s2"))
	if list, _ := db.SentList(ctx, "a"); len(list) != 1 || list[0].ID != "s1" {
		t.Errorf("after DeleteSent: %+v", list)
	}
	if list, _ := db.SentList(ctx, "b"); len(list) != 1 {
		t.Errorf("b's Sent after a's delete: %+v", list)
	}
}

func testIdentities(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	ids := []store.Identity{
		{Name: "Ada Lovelace", Addresses: []string{"ada@example.org", "countess@example.org"}, Signature: "Ada\nLondon", BccSelf: true, ReplyFromRecipient: true},
		{Name: "Zoë 😀", Addresses: []string{"zoe@example.org"}},
	}
	if got, err := db.Identities(ctx, "a"); err != nil || len(got) != 0 {
		t.Errorf("Identities of a new account = %+v, %v", got, err)
	}
	must(t, db.PutIdentities(ctx, "a", ids))
	got, err := db.Identities(ctx, "a")
	must(t, err)
	if fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", ids) {
		t.Errorf("Identities = %#v\nwant %#v", got, ids)
	}
	if got, _ := db.Identities(ctx, "b"); len(got) != 0 {
		t.Errorf("b's identities = %+v", got)
	}
	must(t, db.PutIdentities(ctx, "a", ids[1:]))
	if got, _ := db.Identities(ctx, "a"); len(got) != 1 || got[0].Name != "Zoë 😀" {
		t.Errorf("after replacing: %+v", got)
	}
	must(t, db.PutIdentities(ctx, "a", nil))
	if got, _ := db.Identities(ctx, "a"); len(got) != 0 {
		t.Errorf("after putting none: %+v", got)
	}
}

func testContacts(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	must(t, db.SeeContacts(ctx, "a", []store.Contact{
		{Name: "Ada Lovelace", Addr: "ada@example.org", LastSeen: t0},
		{Name: "Charles Babbage", Addr: "CB@Example.org", LastSeen: t0},
		{Addr: "zoe@example.org", LastSeen: t0.Add(time.Hour)},
		{Addr: "  "}, // ignored
	}))
	must(t, db.SeeContacts(ctx, "a", []store.Contact{
		{Addr: "cb@example.org", LastSeen: t0.Add(-time.Hour)}, // same address, other case; older, no name
		{Name: "Zoë Ökonom", Addr: "zoe@example.org", LastSeen: t0.Add(2 * time.Hour)},
		{Addr: "zoe@example.org", LastSeen: t0},
	}))
	must(t, db.SeeContacts(ctx, "b", []store.Contact{{Name: "Other", Addr: "ada@other.example", LastSeen: t0}}))

	names := func(cs []store.Contact) []string {
		var s []string
		for _, c := range cs {
			s = append(s, fmt.Sprintf("%s<%s>%d", c.Name, c.Addr, c.Count))
		}
		return s
	}
	tests := []struct {
		prefix string
		limit  int
		want   []string
	}{
		{"", 0, []string{"Zoë Ökonom<zoe@example.org>3", "Charles Babbage<CB@Example.org>2", "Ada Lovelace<ada@example.org>1"}},
		{"", 2, []string{"Zoë Ökonom<zoe@example.org>3", "Charles Babbage<CB@Example.org>2"}},
		{"ADA", 0, []string{"Ada Lovelace<ada@example.org>1"}},     // address and name, any case
		{"love", 0, []string{"Ada Lovelace<ada@example.org>1"}},    // a word of the name
		{"cb@ex", 0, []string{"Charles Babbage<CB@Example.org>2"}}, // address, other case
		{"ök", 0, []string{"Zoë Ökonom<zoe@example.org>3"}},        // non-ASCII, folded
		{"example", 0, nil}, // not a prefix of anything
		{"xyz", 0, nil},
	}
	for _, tt := range tests {
		got, err := db.LookupContacts(ctx, "a", tt.prefix, tt.limit)
		must(t, err)
		if !slices.Equal(names(got), tt.want) {
			t.Errorf("LookupContacts(%q, %d) = %v, want %v", tt.prefix, tt.limit, names(got), tt.want)
		}
	}
	got, _ := db.LookupContacts(ctx, "a", "zoe", 0)
	if len(got) != 1 || !got[0].LastSeen.Equal(t0.Add(2*time.Hour)) {
		t.Errorf("zoe's LastSeen = %+v, want the latest", got)
	}
	got, _ = db.LookupContacts(ctx, "a", "cb", 0)
	if len(got) != 1 || !got[0].LastSeen.Equal(t0) {
		t.Errorf("cb's LastSeen = %+v, want kept when an older sighting comes", got)
	}
	if got, _ := db.LookupContacts(ctx, "b", "", 0); len(got) != 1 || got[0].Name != "Other" {
		t.Errorf("b's contacts = %+v", got)
	}
	if got, err := db.LookupContacts(ctx, "nobody", "", 0); err != nil || len(got) != 0 {
		t.Errorf("contacts of an unknown account = %+v, %v", got, err)
	}
}

// testContactsBounded checks that an address book stays within
// MaxContacts, dropping the least recently seen.
func testContactsBounded(t *testing.T, open Opener) {
	db := open(t, &store.Options{MaxContacts: 3})
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var cs []store.Contact
	for i := range 5 {
		cs = append(cs, store.Contact{Addr: fmt.Sprintf("p%d@example.org", i), LastSeen: t0.Add(time.Duration(i) * time.Hour)})
	}
	must(t, db.SeeContacts(ctx, "a", cs[:2]))
	must(t, db.SeeContacts(ctx, "a", cs[2:]))
	got, err := db.LookupContacts(ctx, "a", "", 0)
	must(t, err)
	var addrs []string
	for _, c := range got {
		addrs = append(addrs, c.Addr)
	}
	slices.Sort(addrs)
	if want := []string{"p2@example.org", "p3@example.org", "p4@example.org"}; !slices.Equal(addrs, want) {
		t.Errorf("bounded book = %v, want %v", addrs, want)
	}
}

// testSendingKeptByClear: Clear empties the mail cache, a copy of the
// server, and keeps what exists only here; RemoveAccount drops the
// account's records and no other's.
func testSendingKeptByClear(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, a := range []string{"a", "b"} {
		must(t, db.PutAccount(ctx, store.Account{Key: a, Server: "s", Username: a}))
		fill(t, db, a, "u1")
		must(t, db.PutDraft(ctx, draft(a, "d", t0)))
		must(t, db.PutOutbox(ctx, entry(a, "o", t0, []byte("raw"))))
		must(t, db.PutSent(ctx, store.SentMessage{ID: "s", Account: a, Raw: []byte("sent"), Date: t0}))
		must(t, db.PutIdentities(ctx, a, []store.Identity{{Addresses: []string{a + "@example.org"}}}))
		must(t, db.SeeContacts(ctx, a, []store.Contact{{Addr: "x@example.org"}}))
	}
	count := func(a string) (n int) {
		t.Helper()
		ds, err1 := db.Drafts(ctx, a)
		es, err2 := db.Outbox(ctx, a)
		ms, err3 := db.SentList(ctx, a)
		ids, err4 := db.Identities(ctx, a)
		cs, err5 := db.LookupContacts(ctx, a, "", 0)
		must(t, errors.Join(err1, err2, err3, err4, err5))
		return len(ds) + len(es) + len(ms) + len(ids) + len(cs)
	}
	if n := count("a"); n != 5 {
		t.Fatalf("records before Clear: %d, want 5", n) // the positive control
	}
	_, err := db.Clear(ctx)
	must(t, err)
	if c := load(t, db, "a"); len(c.Headers) != 0 {
		t.Errorf("Clear kept the mail cache: %+v", c)
	}
	if n := count("a"); n != 5 {
		t.Errorf("records after Clear: %d, want 5 kept", n)
	}
	_, err = db.RemoveAccount(ctx, "a")
	must(t, err)
	if n := count("a"); n != 0 {
		t.Errorf("records after RemoveAccount(a): %d, want none", n)
	}
	if n := count("b"); n != 5 {
		t.Errorf("b's records after RemoveAccount(a): %d, want 5", n)
	}
}
