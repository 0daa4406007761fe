package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/app/search"
	"github.com/poppymail/poppy/app/search/mailindex"
	"github.com/poppymail/poppy/app/store"
)

// Body search (issue 13): the search box also looks in the text,
// attachment names and recipients of every message on the device, kept
// in full or opened, through the index that mailindex keeps beside the
// store. It runs in the tab, so it works offline, on each keystroke.

// withSearch wraps the device's store so that what is written through
// it is indexed; when an account's index changes, a search on the
// screen runs again, so results follow copies as they arrive.
func (s *Shell) withSearch(ctx app.Context, db store.DB) store.DB {
	return mailindex.New(db, &mailindex.Options{
		Render: &render.Options{Charset: decodeCharset},
		OnChange: func(account string) {
			ctx.Dispatch(func(app.Context) {
				if s.query != "" && s.acct.Key == account {
					s.applyFilter()
				}
			})
		},
	})
}

// searchRows is filterRows (senders and subjects) plus the rows the
// index finds, in the list's order. found notes, by UID, why a row that
// filterRows did not match is there: it matched in the message's text,
// an attachment's name or its recipients.
func (s *Shell) searchRows(rows []mailbox.Summary, query string) (shown []mailbox.Summary, found map[string]string) {
	shown = filterRows(rows, query)
	ix, ok := s.db.(*mailindex.Store)
	if !ok || strings.TrimSpace(query) == "" || s.acct.Key == "" {
		return shown, nil
	}
	results, _ := ix.Search(s.acct.Key, query, 0)
	if len(results) == 0 {
		return shown, nil
	}
	fields := make(map[string]search.Field, len(results))
	for _, r := range results {
		fields[r.UIDL] = r.Fields
	}
	matched := make(map[string]bool, len(shown))
	for _, r := range shown {
		matched[r.UID] = true
	}
	found = map[string]string{}
	out := make([]mailbox.Summary, 0, len(shown)+len(results))
	for _, r := range rows {
		if matched[r.UID] {
			out = append(out, r)
		} else if f, ok := fields[r.UID]; ok {
			out = append(out, r)
			found[r.UID] = foundNote(f)
		}
	}
	return out, found
}

// foundNote says where the search found a message that its sender and
// subject do not explain; "" when they do (an accent typed without it).
func foundNote(f search.Field) string {
	switch {
	case f&search.Body != 0:
		return i18n.T("Found in the message text")
	case f&search.Attachment != 0:
		return i18n.T("Found in an attachment name")
	case f&(search.To|search.Cc) != 0:
		return i18n.T("Found in the recipients")
	}
	return ""
}
