package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

// The inbox's snapshot: the first screen of the inbox that a reload
// opens from the device, painted by the page (the bridge's snapshot.js)
// before app.wasm has loaded, and replaced by the app's render of the
// same inbox. It is the page's root element as the app rendered the
// inbox it opened from the device at start, which is what the next
// start renders first, as long as nothing it shows has changed.
//
// So the app keeps it only while that holds, and forgets it when the
// state a reload opens changes: another account shown (show), the
// first screen's rows, their order, the inbox's counts or the language
// changed (refreshRows, setLanguage), sign out and every other close of
// the mailbox, an account removed or the device's copy cleared (the
// accounts panel). A start that opens no account drops the painted one.
// The next start from the device writes it again.

// snapshotKey is the snapshot's localStorage key (snapshot.js reads it).
const snapshotKey = "poppy.snapshot"

// snapshotRows is how many of the inbox's first rows the digest covers:
// more than any screen shows.
const snapshotRows = 100

// snapState is the snapshot this tab wrote.
type snapState struct {
	// digest is snapshotDigest when the snapshot was written; "" when
	// there is none.
	digest string
}

// saveSnapshot keeps the inbox that the start opened from the device,
// as it is rendered, once the render is in the page.
func (s *Shell) saveSnapshot(ctx app.Context) {
	mb, key := s.mbox, s.acct.Key
	ctx.Defer(func(app.Context) {
		if s.mbox != mb || mb == nil {
			return
		}
		until := snapshotUntil(s.rows[:min(len(s.rows), snapshotRows)], time.Now())
		snapshotScript("save", key, float64(until.UnixMilli()))
		s.snap.digest = s.snapshotDigest()
	})
}

// snapshotUntil is when the dates of rows, as formatDate writes them at
// now, may read otherwise: today's mail shows its time, which becomes
// its day at midnight, and this year's its day and month, which gain the
// year on 1 January. The zero Time: never (every row is of an earlier
// year, or has no date).
func snapshotUntil(rows []mailbox.Summary, now time.Time) time.Time {
	now = now.Local()
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.Local)
	var until time.Time
	for _, r := range rows {
		t := r.Date.Local()
		switch {
		case r.Date.IsZero() || t.Year() < now.Year():
			continue
		case !t.Before(midnight.AddDate(0, 0, -1)):
			return midnight // today's, or later: the earliest change there is
		default:
			until = time.Date(now.Year()+1, 1, 1, 0, 0, 0, 0, time.Local)
		}
	}
	return until
}

// forgetSnapshot forgets the stored snapshot (of any account).
func (s *Shell) forgetSnapshot(ctx app.Context) {
	s.snap.digest = ""
	forgetSnapshot(ctx)
}

func forgetSnapshot(ctx app.Context) { forgetVia("forget", ctx) }

// dropSnapshot forgets the snapshot and takes the painted one away: the
// start opened no account.
func (s *Shell) dropSnapshot(ctx app.Context) {
	s.snap.digest = ""
	forgetVia("drop", ctx)
}

// forgetVia asks the page's script to forget the snapshot (method
// forget or drop, which also cancels a save not yet written), and
// removes the key itself only for a page without the script.
func forgetVia(method string, ctx app.Context) {
	if snapshotScript(method) || ctx == nil {
		return // the script forgot; or not mounted: nothing written by this tab
	}
	ctx.LocalStorage().Del(snapshotKey)
}

// checkSnapshot forgets the snapshot once what it shows has changed.
func (s *Shell) checkSnapshot() {
	if s.snap.digest != "" && s.snapshotDigest() != s.snap.digest {
		s.forgetSnapshot(s.ctx)
	}
}

// snapshotDigest is what the snapshot of the open inbox shows, written
// out: the account, the language, the counts, the order, and the rows of
// its first screen as a start arranges them (no search, no selection).
// It is compared whole rather than hashed: about 10 KB for a screen's
// rows, built only when the rows change, and no collision can keep a
// stale snapshot.
func (s *Shell) snapshotDigest() string {
	var d digest
	d.str(s.acct.Key)
	d.str(i18n.Current().Tag())
	d.num(int64(len(s.rows)))
	d.num(int64(s.unread()))
	d.str(s.order.set.Sort)
	d.flag(s.order.set.Conversations)
	for _, r := range s.rows[:min(len(s.rows), snapshotRows)] {
		d.str(r.UID)
		d.str(r.FromName)
		d.str(r.FromAddr)
		d.str(r.Subject)
		d.str(convClass(s.order.marks, r.UID))
		d.num(r.Date.Unix())
		d.num(r.Size)
		for _, f := range []bool{r.Read, r.PendingDelete, r.LocalOnly, r.HasAttachment, r.NoHeaders} {
			d.flag(f)
		}
	}
	return string(d)
}

// digest writes fields one after another, each ended by a 0 byte, so
// that "ab","c" and "a","bc" differ.
type digest []byte

func (d *digest) str(s string) { *d = append(append(*d, s...), 0) }

func (d *digest) num(n int64) { *d = append(strconv.AppendInt(*d, n, 10), 0) }

func (d *digest) flag(b bool) { *d = append(strconv.AppendBool(*d, b), 0) }
