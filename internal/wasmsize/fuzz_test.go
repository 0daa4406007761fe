package wasmsize

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: any input is a module or an ErrFormat, never a panic; and
// whatever PackData accepts keeps its initial memory.
func FuzzParse(f *testing.F) {
	f.Add(newBuilder().
		section(sectionImport, importFuncs(1)).
		section(sectionCode, code(2, 3)).
		section(sectionData, data(segment{9, []byte("x")}, segment{0, []byte("yz")})).
		section(sectionCustom, names(map[int]string{1: "a.F"}, 1)).b)
	f.Fuzz(func(t *testing.T, mod []byte) {
		m, err := Parse(mod)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Parse error %v does not match ErrFormat", err)
			}
			return
		}
		if m.CodeSize() > len(mod) || m.DataSize > len(mod) {
			t.Fatalf("code %d and data %d bytes in a module of %d", m.CodeSize(), m.DataSize, len(mod))
		}
		before, err := MemoryImage(mod)
		if err != nil || len(before) > 1<<24 {
			return // unsupported, or an offset too far for a fuzz run
		}
		packed, err := PackData(mod, 64)
		if err != nil {
			t.Fatalf("PackData refused what MemoryImage read: %v", err)
		}
		after, err := MemoryImage(packed)
		if err != nil || !bytes.Equal(before, after) {
			t.Fatalf("packing changed the initial memory (%v)", err)
		}
	})
}
