package ui

import (
	"strconv"
	"strings"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

// filterRows keeps the rows whose sender or subject contains every word
// of query, case-insensitively. It allocates only the result.
func filterRows(rows []mailbox.Summary, query string) []mailbox.Summary {
	words := strings.Fields(strings.ToLower(query))
	if len(words) == 0 {
		return rows
	}
	out := make([]mailbox.Summary, 0, len(rows)/4)
	for _, r := range rows {
		hay := strings.ToLower(r.FromName + " " + r.FromAddr + " " + r.Subject)
		ok := true
		for _, w := range words {
			if !strings.Contains(hay, w) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// window is the slice of rows to render for a scroll position: only
// what is on screen plus a margin, so 10,000 rows cost what 30 do.
type window struct {
	first, last int // rows[first:last] are rendered
	top, bottom int // pixels of spacer above and below
}

// rowHeight is a row's height in px: .row's in web/app.css at the
// default text size. It is in rem, so it grows with the person's text
// size; messageList.measure reads it from a rendered row.
var rowHeight = 64

const overscan = 8 // rows rendered beyond each edge

func visibleWindow(total, scrollTop, viewport int) window {
	return visibleWindowOver(total, scrollTop, viewport, overscan)
}

// visibleWindowOver is visibleWindow with over rows beyond each edge.
func visibleWindowOver(total, scrollTop, viewport, over int) window {
	if viewport <= 0 {
		viewport = 2400 // not measured yet: enough for a tall screen
	}
	first := max(scrollTop/rowHeight-over, 0)
	last := min((scrollTop+viewport)/rowHeight+1+over, total)
	if first > last {
		first = last
	}
	return window{first: first, last: last, top: first * rowHeight, bottom: (total - last) * rowHeight}
}

// formatSize renders an octet count for people.
func formatSize(n int64) string { return i18n.Size(n) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// groupThousands writes 1234567 as "1,234,567" (by locale), for
// progress text.
func groupThousands(n int) string { return i18n.Number(int64(n)) }
