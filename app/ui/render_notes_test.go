package ui

import (
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/render"
)

// TestNoteText: render's notes are worded in the current language, with
// their part, their header field and their values; the English, through
// the same function, is the control that matches render's own.
func TestNoteText(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	m := render.Render([]byte("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=x-nothing\r\n\r\none\r\n--b--\r\n"), nil)
	if len(m.Notes) != 1 {
		t.Fatalf("notes %+v, want one", m.Notes)
	}
	i18n.Set("en")
	if got := noteText(m.Notes[0]); got != m.Problems[0] {
		t.Errorf("in English the note reads %q, render says %q", got, m.Problems[0])
	}
	for _, tc := range []struct {
		lang string
		n    render.Note
		want string
	}{
		{"de", m.Notes[0], "Teil 1: unbekannter Zeichensatz “x-nothing”; der Text wird als UTF-8 gezeigt"},
		{"pl", render.Note{Kind: render.NoteTooManyParts, N: 2}, "wiadomość ma więcej niż 2 części; reszta jest tylko w źródle"},
		{"ar", render.Note{Kind: render.NoteUnknownCharset, Value: "“x”", InHeader: true}, "في حقل رأس: ترميز غير معروف “x”؛ يُعرض النص كـ UTF-8"},
		{"de", render.Note{Kind: render.NoteBodyCut, N: 2000000, Part: "2"}, "Teil 2: der Inhalt ist länger als 2 MB und wurde gekürzt; der ganze Teil ist als Anhang aufgeführt"},
		{"de", render.Note{Kind: render.NoteHeader, Value: "the header does not end with a blank line"}, "the header does not end with a blank line"},
	} {
		i18n.Set(tc.lang)
		if got := noteText(tc.n); got != tc.want {
			t.Errorf("%s: noteText(%+v) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
	// Every kind has words of its own in every language but English's
	// own (a kind worded by the fallback would read as English).
	for _, l := range i18n.Languages() {
		if l.Tag == i18n.Fallback {
			continue
		}
		i18n.Set(l.Tag)
		for k := render.NoteInternalError; k <= render.NoteUnknownTransferEncoding; k++ {
			n := render.Note{Kind: k, N: 5, Value: "“v”"}
			if got := noteText(n); got == n.String() || strings.Contains(got, "note ") {
				t.Errorf("%s: kind %d reads %q, as in English", l.Tag, k, got)
			}
		}
		if frameTitle() == render.IFrameTitle {
			t.Errorf("%s: the frame's title %q is not translated", l.Tag, frameTitle())
		}
	}
}
