package render

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRender feeds arbitrary bytes to Render: it must never panic (the
// recover in Render would hide one, so the note it leaves is checked),
// and every output must pass the structural safety check. The seeds are
// the corpus, the hostile messages and testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(mimeDir, "*", "*.raw"),
		filepath.Join(hostileDir, "*.eml"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b, false)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, allowRemote bool) {
		m := Render(raw, &Options{AllowRemote: allowRemote, MaxParts: 200})
		if recovered(m) {
			t.Fatalf("Render panicked")
		}
		for _, v := range checkMessage(m, allowRemote) {
			t.Errorf("unsafe output: %s", v)
		}
		if string(m.Raw) != string(raw) {
			t.Errorf("Raw is not the input")
		}
		_ = Headers(raw, nil)
	})
}

// recovered reports whether rendering m or a nested message recovered
// from a panic.
func recovered(m *Message) bool {
	for _, p := range m.Problems {
		if p == internalErrorNote {
			return true
		}
	}
	for _, n := range m.Nested {
		if recovered(n) {
			return true
		}
	}
	return false
}
