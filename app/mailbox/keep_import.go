package mailbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/archive/mbox"
	"github.com/poppymail/poppy/app/store"
)

// Importing an mbox (RFC 4155) into the device store: mail from another
// client becomes copies kept only on this device (store.Keeping), shown
// as LocalOnly rows, never sent to the server.

// ErrNoKeeping: the Store keeps no full copies, so there is nowhere to
// import into.
var ErrNoKeeping = errors.New("mailbox: this device's storage cannot keep imported mail")

// ImportSkip is a message an import left out, and why.
type ImportSkip struct {
	Number int    // 1-based, in the file
	From   string // the separator's sender
	// Why is one of the Skip constants.
	Why string
}

// Why an import skipped a message.
const (
	SkipSameID      = "same-message-id" // a message with its Message-ID is on this device
	SkipSameContent = "same-content"    // a message with the same content is on this device
	SkipTruncated   = "truncated"       // the file ends inside it: import the whole file again
	SkipTooLarge    = "too-large"       // over mbox.DefaultMaxMessageSize
)

// ImportReport says what ImportMbox did, for the person.
type ImportReport struct {
	Imported int
	Skipped  []ImportSkip
	// Garbage is the bytes before the first "From " line, skipped.
	Garbage int64
	// MixedEndings counts imported messages whose lines mixed CRLF and
	// LF; all are kept with CRLF, as POP3 gives them.
	MixedEndings int
	// FromLines counts imported messages with body lines starting "From "
	// (quoted ">From " in mboxrd, or not quoted at all): they were kept
	// as body text, not taken as the start of a message.
	FromLines int
}

// ImportMbox reads an mbox from r a message at a time (a message is held
// whole, the file never) and keeps each message that is new to this
// account's copies, deduplicated by Message-ID and by content (both keys
// of mbox.Keys), as a verified copy only on this device, in batches of
// at most 64 messages or 4 MiB (so a batch is what it holds in memory).
// A truncated last message and one over the size limit are skipped and
// reported. The error is the Store's (a full device) or r's; the batches
// written before it stay, and Imported counts them. progress, if set, is told the messages read so far.
func (m *Mailbox) ImportMbox(ctx context.Context, r io.Reader, progress func(read int)) (ImportReport, error) {
	var rep ImportReport
	keep, ok := m.keeping()
	if !ok {
		return rep, ErrNoKeeping
	}
	seen, err := m.importKeys(ctx, keep)
	if err != nil {
		return rep, err
	}
	mr := mbox.NewReader(r, &mbox.ReaderOptions{CRLF: true})
	now := time.Now()
	var (
		batch      []store.Kept
		raws       [][]byte
		batchBytes int
		pending    ImportReport // counts of the batch not yet written
	)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if _, err := keep.PutKeptMany(ctx, m.key, batch, raws); err != nil {
			return storeProblem(err)
		}
		rep.Imported += pending.Imported
		rep.MixedEndings += pending.MixedEndings
		rep.FromLines += pending.FromLines
		batch, raws, batchBytes, pending = nil, nil, 0, ImportReport{}
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		msg, err := mr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return rep, err
		}
		raw, err := io.ReadAll(msg)
		if progress != nil {
			progress(msg.Number)
		}
		switch {
		case errors.Is(err, mbox.ErrTooLarge):
			rep.Skipped = append(rep.Skipped, ImportSkip{msg.Number, msg.From, SkipTooLarge})
			continue
		case err != nil:
			return rep, err
		case msg.Warning() != nil:
			rep.Skipped = append(rep.Skipped, ImportSkip{msg.Number, msg.From, SkipTruncated})
			continue
		}
		id, sum := mbox.Keys(raw)
		switch {
		case id != "" && seen[id]:
			rep.Skipped = append(rep.Skipped, ImportSkip{msg.Number, msg.From, SkipSameID})
			continue
		case seen[sum]:
			rep.Skipped = append(rep.Skipped, ImportSkip{msg.Number, msg.From, SkipSameContent})
			continue
		}
		k := keptRecord(raw, m.dec)
		k.UID = importUID(sum)
		k.Row.UID, k.Row.Size = k.UID, int64(len(raw))
		k.ListSize, k.FirstSeen, k.Gone = int64(len(raw)), now, now
		batch, raws, batchBytes = append(batch, k), append(raws, raw), batchBytes+len(raw)
		seen[sum] = true
		if id != "" {
			seen[id] = true
		}
		pending.Imported++
		st := msg.Stats()
		if st.CRLF > 0 && st.LF > 0 {
			pending.MixedEndings++
		}
		if st.Unquoted > 0 || st.FromLines > 0 {
			pending.FromLines++
		}
		if len(batch) >= importBatch || batchBytes >= importBatchBytes {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if err := flush(); err != nil {
		return rep, err
	}
	for _, p := range mr.Report().Skipped {
		if errors.Is(p, mbox.ErrGarbage) {
			rep.Garbage += p.Bytes
		}
	}
	if rep.Imported > 0 {
		err = m.LoadKept(ctx)
	}
	return rep, err
}

// An import writes its copies in batches (store.Keeping.PutKeptMany:
// three transactions a batch instead of three a message), each at most
// this many messages or bytes, as the full copy's windows are.
const (
	importBatch      = 64
	importBatchBytes = 4 << 20
)

// importUID is the UID of an imported message: its content sum, so that
// it never collides with a server's UIDL of the same account (those are
// printable ASCII too, but none Poppy has seen starts with "mbox-").
func importUID(sum string) string {
	return "mbox-" + strings.TrimPrefix(sum, "sha256:")[:32]
}

// importKeys returns both keys of every message this account keeps.
func (m *Mailbox) importKeys(ctx context.Context, keep store.Keeping) (map[string]bool, error) {
	list, err := keep.KeptList(ctx, m.key)
	if err != nil {
		return nil, storeProblem(err)
	}
	seen := make(map[string]bool, 2*len(list))
	for _, k := range list {
		raw, ok, err := keep.KeptBody(ctx, m.key, k.UID)
		if err != nil {
			return nil, storeProblem(err)
		}
		if !ok {
			continue
		}
		id, sum := mbox.Keys(raw)
		seen[sum] = true
		if id != "" {
			seen[id] = true
		}
	}
	return seen, nil
}

// String sums the report up in English, for logs and tests; the UI
// words it in the person's language.
func (r ImportReport) String() string {
	return fmt.Sprintf("%d imported, %d skipped, %d bytes of garbage, %d with mixed line endings, %d with From lines", r.Imported, len(r.Skipped), r.Garbage, r.MixedEndings, r.FromLines)
}
