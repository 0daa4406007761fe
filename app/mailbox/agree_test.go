package mailbox

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/render"
)

// TestListAndReaderAgree reads every message of the MIME corpus and the
// hostile corpus as an inbox row (from the header, as after TOP n 0) and
// as the reader renders it, and wants the same sender, subject and date
// from both (issue 10: one message showed two different senders). Both
// get the same charsets, as in the browser, where both use TextDecoder.
func TestListAndReaderAgree(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../testdata/mime/*/*.raw", "../../testdata/hostile/*.eml"} {
		f, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f...)
	}
	if len(files) < 100 {
		t.Fatalf("only %d corpus messages", len(files))
	}
	dec := newDecoder(builtinCharsetReader)
	twoFroms := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(filepath.Dir(f))+"/"+filepath.Base(f), func(t *testing.T) {
			h, _, _ := mailhdr.Read(raw)
			if len(h.All("From")) > 1 {
				twoFroms++
			}
			row := parseSummary(headerSection(raw), dec)
			m := render.Render(raw, nil)
			var first render.Address
			if len(m.From) > 0 {
				first = m.From[0]
			}
			if row.FromName != first.Name || row.FromAddr != first.Address {
				t.Errorf("sender: list %q <%s>, reader %q <%s>", row.FromName, row.FromAddr, first.Name, first.Address)
			}
			if row.Subject != m.Subject {
				t.Errorf("subject: list %q, reader %q", row.Subject, m.Subject)
			}
			if !row.Date.Equal(m.Date) {
				t.Errorf("date: list %v, reader %v", row.Date, m.Date)
			}
		})
	}
	if twoFroms == 0 {
		t.Errorf("no message of the corpus has two From fields; the case this test was written for is not covered")
	}
}

// headerSection is what TOP n 0 returns: the header and the blank line.
func headerSection(raw []byte) []byte {
	end := len(raw)
	for _, sep := range []string{"\r\n\r\n", "\n\n"} {
		if i := bytes.Index(raw, []byte(sep)); i >= 0 {
			end = min(end, i+len(sep))
		}
	}
	return raw[:end]
}

// builtinCharsetReader gives the list the charsets the reader knows by
// itself, as TextDecoder gives both in the browser.
func builtinCharsetReader(label string, in io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, err
	}
	s, ok := render.BuiltinCharset(label, b)
	if !ok {
		return nil, errors.New("mailbox test: unknown charset " + label)
	}
	return strings.NewReader(s), nil
}
