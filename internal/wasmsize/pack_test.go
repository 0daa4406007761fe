package wasmsize

import (
	"bytes"
	"errors"
	"testing"
)

func segmentsOf(t *testing.T, mod []byte) []segment {
	t.Helper()
	r := &reader{b: mod[len(magic):], off: len(magic)}
	for len(r.b) > 0 {
		id := r.byte()
		sec := r.bytes(r.uleb())
		if id == sectionData {
			segs, err := readSegments(sec)
			if err != nil {
				t.Fatal(err)
			}
			return segs
		}
	}
	t.Fatal("no data section")
	return nil
}

func TestPackData(t *testing.T) {
	// Unsorted, as the Go linker writes them, with gaps of 8, 100 and
	// 70000 zeros, and an offset whose signed LEB128 needs a byte more.
	segs := []segment{
		{100, []byte("third")},
		{0, []byte("first")},
		{13, []byte("second")},
		{70205, []byte("fourth")},
		{3 << 20, []byte("far")},
	}
	mod := newBuilder().
		section(sectionCode, code(4)).
		section(sectionData, data(segs...)).
		section(sectionCustom, names(map[int]string{0: "main.main"}, 0)).b
	tests := []struct {
		gap, segments int
	}{
		{0, 5},
		{8, 4},
		{100, 3},
		{1 << 20, 2},
	}
	for _, tt := range tests {
		packed, err := PackData(mod, tt.gap)
		if err != nil {
			t.Fatalf("gap %d: %v", tt.gap, err)
		}
		if got := len(segmentsOf(t, packed)); got != tt.segments {
			t.Errorf("gap %d: %d segments, want %d", tt.gap, got, tt.segments)
		}
		a, err := MemoryImage(mod)
		if err != nil {
			t.Fatal(err)
		}
		b, err := MemoryImage(packed)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("gap %d: the initial memory changed", tt.gap)
		}
		m, err := Parse(packed)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Funcs) != 1 || m.Funcs[0].Name != "main.main" {
			t.Errorf("gap %d: functions %+v, want main.main kept", tt.gap, m.Funcs)
		}
	}
}

// A module optimized by binaryen has a data count section (§5.5.16):
// it follows the merge.
func TestPackDataCount(t *testing.T) {
	mod := newBuilder().
		section(sectionDataCount, []byte{3}).
		section(sectionCode, code(4)).
		section(sectionData, data(segment{0, []byte("a")}, segment{4, []byte("b")}, segment{1 << 20, []byte("c")})).b
	packed, err := PackData(mod, 8)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(segmentsOf(t, packed)); got != 2 {
		t.Fatalf("%d segments, want 2", got)
	}
	r := &reader{b: packed[len(magic):], off: len(magic)}
	count := -1
	for len(r.b) > 0 {
		id := r.byte()
		sec := r.bytes(r.uleb())
		if id == sectionDataCount {
			count = sec.uleb()
		}
	}
	if count != 2 {
		t.Errorf("data count %d, want 2", count)
	}
	a, err := MemoryImage(mod)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MemoryImage(packed)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("the initial memory changed")
	}
}

// The positive control for the image check: a changed byte shows.
func TestMemoryImageSeesChange(t *testing.T) {
	a, err := MemoryImage(newBuilder().section(sectionData, data(segment{4, []byte("ab")})).b)
	if err != nil {
		t.Fatal(err)
	}
	b, err := MemoryImage(newBuilder().section(sectionData, data(segment{4, []byte("ac")})).b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a, b) || !bytes.Equal(a, []byte("\x00\x00\x00\x00ab")) {
		t.Errorf("images %q and %q", a, b)
	}
}

func TestPackDataUnsupported(t *testing.T) {
	tests := []struct {
		name string
		mod  []byte
	}{
		{"passive segment", newBuilder().section(sectionData, []byte{1, 1, 1, 'x'}).b},
		{"overlap", newBuilder().section(sectionData, data(segment{0, []byte("abcd")}, segment{2, []byte("x")})).b},
		{"data count that is not the segments'", newBuilder().section(sectionDataCount, []byte{2}).section(sectionData, data(segment{0, []byte("a")})).b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PackData(tt.mod, 1<<20)
			if tt.name == "overlap" {
				_, err = MemoryImage(tt.mod)
			}
			if !errors.Is(err, ErrUnsupported) {
				t.Fatalf("err = %v, want ErrUnsupported", err)
			}
		})
	}
}
