package wasmsize

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: any input is a module or an ErrFormat, never a panic;
// StripNames keeps every function and drops every name; and whatever
// PackData accepts keeps its initial memory.
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
		stripped, err := StripNames(mod)
		if err != nil {
			t.Fatalf("StripNames refused what Parse read: %v", err)
		}
		sm, err := Parse(stripped)
		if err != nil || len(sm.Funcs) != len(m.Funcs) || sm.CodeSize() != m.CodeSize() || sm.DataSize != m.DataSize {
			t.Fatalf("StripNames changed the module: %v", err)
		}
		for _, fn := range sm.Funcs {
			if fn.Name != "" {
				t.Fatalf("StripNames left the name %q", fn.Name)
			}
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
