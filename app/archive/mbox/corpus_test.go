package mbox

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusRoundTrip writes every message of the repository's MIME
// corpus (testdata/mime, from the enmime project, MIT licence) into one
// mbox, reads it back, and checks each message comes back as written,
// with LF line endings and a final newline, and that Key tells them apart
// where their contents differ.
func TestCorpusRoundTrip(t *testing.T) {
	root := filepath.Join("..", "..", "..", "testdata", "mime")
	var names []string
	var bodies [][]byte
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "LICENSE") {
			return err
		}
		b, err := os.ReadFile(path)
		names, bodies = append(names, path), append(bodies, b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(bodies) < 40 {
		t.Fatalf("found %d corpus messages in %s, want the whole corpus", len(bodies), root)
	}
	var file bytes.Buffer
	w := NewWriter(&file)
	for _, b := range bodies {
		if err := w.WriteMessage("corpus@example.com", dateA, bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
	got, rep := readAll(t, file.String(), nil)
	if len(got) != len(bodies) || len(rep.Skipped)+len(rep.Warnings) != 0 {
		t.Fatalf("read %d messages of %d (%s)", len(got), len(bodies), rep)
	}
	keys := map[string]string{}
	for i, b := range bodies {
		want := lfWithFinalNewline(b)
		if got[i].Body != want {
			t.Errorf("%s changed in a round trip", names[i])
		}
		k := Key([]byte(got[i].Body))
		if k != Key(b) {
			t.Errorf("%s: Key differs between the original and the read copy", names[i])
		}
		if other, dup := keys[k]; dup && lfWithFinalNewline(bodies[indexOf(names, other)]) != want && !strings.HasPrefix(k, "mid:") {
			t.Errorf("%s and %s differ but share the key %s", names[i], other, k)
		}
		keys[k] = names[i]
	}
}

// lfWithFinalNewline is what the Writer makes of a message: lines end in
// LF (CRs before an LF dropped) and the message ends with one.
func lfWithFinalNewline(b []byte) string {
	var out strings.Builder
	for len(b) > 0 {
		line, rest, found := bytes.Cut(b, []byte("\n"))
		if found {
			out.Write(bytes.TrimRight(line, "\r"))
		} else {
			out.Write(line)
		}
		out.WriteByte('\n')
		b = rest
	}
	return out.String()
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}
