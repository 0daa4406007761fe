package mailbox

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/store"
)

// trickyMbox has garbage before its first separator, a body with a
// quoted ">From " line and an unquoted "From " line, a message with
// mixed CRLF and LF, a duplicate Message-ID, a duplicate content without
// Message-ID, and a truncated last message.
const trickyMbox = "garbage before the first message\n" +
	"From ann@example.org Mon Mar  3 10:00:00 2025\n" +
	"Message-ID: <one@example.org>\nFrom: Ann <ann@example.org>\nSubject: Quoted\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n\n" +
	">From the desk of Ann\nFrom here on, plain text.\n\n" +
	"From bob@example.org Mon Mar  3 10:01:00 2025\n" +
	"Message-ID: <two@example.org>\r\nFrom: bob@example.org\r\nSubject: Mixed\nDate: Mon, 3 Mar 2025 10:01:00 +0000\r\n\r\nline one\nline two\r\n\n" +
	"From ann@example.org Mon Mar  3 10:02:00 2025\n" +
	"Message-ID: <one@example.org>\nSubject: Same ID, other body\n\nother\n\n" +
	"From cy@example.org Mon Mar  3 10:03:00 2025\n" +
	"Subject: No ID\n\nsame content\n\n" +
	"From cy@example.org Mon Mar  3 10:04:00 2025\n" +
	"Subject: No ID\r\n\r\nsame content\r\n\n" +
	"From dee@example.org Mon Mar  3 10:05:00 2025\n" +
	"Message-ID: <last@example.org>\nSubject: Cut\n\nthe file ends in the middle of"

func TestImportMbox(t *testing.T) {
	ctx := context.Background()
	st := store.NewMem(nil)
	m := New(nil, Account{Server: "pop", Username: "ann"}, &Options{Store: st})
	var reads []int
	rep, err := m.ImportMbox(ctx, strings.NewReader(trickyMbox), func(n int) { reads = append(reads, n) })
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 3 {
		t.Errorf("imported %d, want 3 (%v)", rep.Imported, rep)
	}
	wantSkips := []ImportSkip{
		{3, "ann@example.org", SkipSameID},
		{5, "cy@example.org", SkipSameContent},
		{6, "dee@example.org", SkipTruncated},
	}
	if !slices.Equal(rep.Skipped, wantSkips) {
		t.Errorf("skipped %+v, want %+v", rep.Skipped, wantSkips)
	}
	if rep.Garbage != int64(len("garbage before the first message\n")) || rep.MixedEndings != 1 || rep.FromLines != 1 {
		t.Errorf("report %v: want the garbage, 1 mixed, 1 with From lines", rep)
	}
	if len(reads) != 6 || reads[5] != 6 {
		t.Errorf("progress told %v, want 1..6", reads)
	}

	// The imported messages are local-only rows, with CRLF bodies as
	// POP3 gives them, unquoted.
	rows := m.Messages()
	var subjects []string
	for _, r := range rows {
		if !r.LocalOnly {
			t.Errorf("row %q is not local-only", r.Subject)
		}
		subjects = append(subjects, r.Subject)
	}
	slices.Sort(subjects)
	if want := []string{"Mixed", "No ID", "Quoted"}; !slices.Equal(subjects, want) {
		t.Fatalf("rows %v, want %v", subjects, want)
	}
	kept, _ := st.KeptList(ctx, m.key)
	for _, k := range kept {
		if !k.Verified || !k.OnlyHere() || !strings.HasPrefix(k.UID, "mbox-") {
			t.Errorf("kept %+v: want a verified copy only on this device", k)
		}
		raw, _, _ := st.KeptBody(ctx, m.key, k.UID)
		if bytes.Contains(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")) {
			t.Errorf("%s has a bare LF: %q", k.Row.Subject, raw)
		}
		if k.Row.Subject == "Quoted" && !bytes.Contains(raw, []byte("\r\nFrom the desk of Ann\r\nFrom here on")) {
			t.Errorf("the From lines were not kept as body text: %q", raw)
		}
	}

	// A second import of the same file adds nothing.
	rep, err = m.ImportMbox(ctx, strings.NewReader(trickyMbox), nil)
	if err != nil || rep.Imported != 0 || len(rep.Skipped) != 6 {
		t.Errorf("the second import: %v, %v; want nothing imported, 6 skipped", rep, err)
	}
}

// A full device stops the import with the Store's error, which the UI
// tells apart with store.IsQuota; what came before stays.
func TestImportMboxQuota(t *testing.T) {
	ctx := context.Background()
	st := store.NewMem(&store.Options{Quota: 1})
	m := New(nil, Account{Server: "pop", Username: "ann"}, &Options{Store: st})
	_, err := m.ImportMbox(ctx, strings.NewReader(trickyMbox), nil)
	if !store.IsQuota(err) {
		t.Fatalf("import into a full store: %v, want a quota error", err)
	}
	var p *Problem
	if !errors.As(err, &p) || p.Kind != KindStorage {
		t.Errorf("the error %v is not a storage problem", err)
	}
}

// An import over several batches keeps every message, and a repeat of
// a message an earlier batch wrote is still skipped.
func TestImportMboxBatches(t *testing.T) {
	ctx := context.Background()
	var b strings.Builder
	const n = 2*importBatch + 5
	for i := range n {
		fmt.Fprintf(&b, "From a@b Mon Mar  3 10:00:00 2025\nMessage-ID: <%d@batch>\nSubject: %d\n\nbody %d\n\n", i, i, i)
	}
	b.WriteString("From a@b Mon Mar  3 10:00:00 2025\nMessage-ID: <0@batch>\nSubject: again\n\nagain\n\n")
	st := store.NewMem(nil)
	m := New(nil, Account{Server: "pop", Username: "ann"}, &Options{Store: st})
	rep, err := m.ImportMbox(ctx, strings.NewReader(b.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != n || len(rep.Skipped) != 1 || rep.Skipped[0].Why != SkipSameID {
		t.Errorf("report %v %+v: want %d imported and the repeat skipped", rep, rep.Skipped, n)
	}
	if kept, _ := st.KeptList(ctx, m.key); len(kept) != n {
		t.Errorf("%d copies kept, want %d", len(kept), n)
	}
	if rows := m.Messages(); len(rows) != n {
		t.Errorf("%d rows, want %d", len(rows), n)
	}
}
