package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/mailhdr"
)

// TestHostileSenders checks the spoofing messages of testdata/hostile
// against the outcome their headers state: X-Poppy-Expect-From lists the
// addresses the reader must show for From (and, for sender-isolated, for
// Cc and Reply-To too), without bidi controls or invisible characters.
func TestHostileSenders(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(hostileDir, "spoof*.eml"))
	if len(files) < 2 {
		t.Fatalf("found %d spoof*.eml messages, want the bidi and the two-From ones", len(files))
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			h, _, _ := parseHeader(raw)
			var want []string
			for _, a := range strings.Split(h.get("X-Poppy-Expect-From"), ",") {
				want = append(want, strings.TrimSpace(a))
			}
			m := Render(raw, nil)
			var from []string
			for _, a := range m.From {
				from = append(from, a.Address)
			}
			if strings.Join(from, ", ") != strings.Join(want, ", ") {
				t.Errorf("From addresses %+q, want %q", from, want)
			}
			switch expect := h.get("X-Poppy-Expect"); expect {
			case "sender-isolated":
				for _, list := range [][]Address{m.Cc, m.ReplyTo} {
					for _, a := range list {
						if a.Address != want[0] {
							t.Errorf("address %+q, want %q", a.Address, want[0])
						}
					}
				}
				if !strings.ContainsRune(m.From[0].Name, '\u202e') {
					t.Errorf("the display name %+q lost its RLO; the UI isolates names, the parser keeps them as written", m.From[0].Name)
				}
			case "senders-all-shown":
				if !strings.Contains(strings.Join(m.Problems, "|"), "From fields") {
					t.Errorf("no problem says the message has two From fields: %q", m.Problems)
				}
			default:
				t.Errorf("X-Poppy-Expect %q is not a spoofing outcome", expect)
			}
			for _, list := range [][]Address{m.From, m.To, m.Cc, m.ReplyTo} {
				for _, a := range list {
					if strings.IndexFunc(a.Address, mailhdr.IsInvisible) >= 0 {
						t.Errorf("address %+q keeps an invisible character", a.Address)
					}
				}
			}
		})
	}
}
