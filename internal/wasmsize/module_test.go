package wasmsize

import (
	"encoding/binary"
	"errors"
	"testing"
)

// builder writes small modules by hand for the tests.
type builder struct{ b []byte }

func newBuilder() *builder { return &builder{b: append([]byte{}, magic...)} }

func (m *builder) section(id byte, body []byte) *builder {
	m.b = appendSection(m.b, id, body)
	return m
}

func uv(b []byte, v int) []byte { return binary.AppendUvarint(b, uint64(v)) }

func name(b []byte, s string) []byte { return append(uv(b, len(s)), s...) }

// importFuncs is an import section with one memory import and n
// function imports.
func importFuncs(n int) []byte {
	b := uv(nil, n+1)
	b = name(name(b, "go"), "mem")
	b = append(b, 0x02, 0x00, 0x01) // memory, min 1
	for i := range n {
		b = name(name(b, "go"), string(rune('a'+i)))
		b = append(b, 0x00, 0x00) // func, type 0
	}
	return b
}

// code is a code section with bodies of the given lengths (filled with
// nop; the parser does not look inside).
func code(lens ...int) []byte {
	b := uv(nil, len(lens))
	for _, l := range lens {
		b = uv(b, l)
		for range l {
			b = append(b, 0x01)
		}
	}
	return b
}

// names is a name section naming functions by index.
func names(byIndex map[int]string, order ...int) []byte {
	sub := uv(nil, len(order))
	for _, i := range order {
		sub = name(uv(sub, i), byIndex[i])
	}
	b := name(nil, "name")
	b = append(b, 0x00) // module name subsection, skipped
	b = name(b, "m")
	b = append(b, 0x01)
	return append(uv(b, len(sub)), sub...)
}

// data is a data section of active segments at offsets.
func data(segs ...segment) []byte { return appendSegments(nil, segs) }

func TestParse(t *testing.T) {
	mod := newBuilder().
		section(sectionImport, importFuncs(2)).
		section(sectionCode, code(3, 200, 0)).
		section(sectionData, data(segment{8, []byte("abc")}, segment{1000, []byte("de")})).
		section(sectionCustom, names(map[int]string{2: "main.main", 3: "fmt.Println"}, 2, 3)).b
	m, err := Parse(mod)
	if err != nil {
		t.Fatal(err)
	}
	want := []Func{{"main.main", 1 + 3}, {"fmt.Println", 2 + 200}, {"", 1}}
	if len(m.Funcs) != len(want) {
		t.Fatalf("Funcs = %v, want %v", m.Funcs, want)
	}
	for i := range want {
		if m.Funcs[i] != want[i] {
			t.Errorf("Funcs[%d] = %+v, want %+v", i, m.Funcs[i], want[i])
		}
	}
	if got := m.CodeSize(); got != 4+202+1 {
		t.Errorf("CodeSize = %d, want %d", got, 4+202+1)
	}
	if m.DataSize != 5 {
		t.Errorf("DataSize = %d, want 5", m.DataSize)
	}
	var secs []string
	for _, s := range m.Sections {
		secs = append(secs, s.Name)
	}
	if got, want := secs, []string{"import", "code", "data", "name"}; !equal(got, want) {
		t.Errorf("sections %v, want %v", got, want)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseMalformed(t *testing.T) {
	good := newBuilder().section(sectionCode, code(5, 5)).b
	tests := []struct {
		name string
		mod  []byte
	}{
		{"empty", nil},
		{"not wasm", []byte("\x7fELF\x02\x01\x01\x00")},
		{"version 2", []byte{0, 'a', 's', 'm', 2, 0, 0, 0}},
		{"truncated body", good[:len(good)-2]},
		{"section past the end", append(append([]byte{}, magic...), sectionCode, 0x7f)},
		{"endless number", append(append([]byte{}, magic...), sectionCode, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)},
		{"more bodies than bytes", newBuilder().section(sectionCode, []byte{0x7f, 0x00}).b},
		{"unknown import kind", newBuilder().section(sectionImport, name(name(uv(nil, 1), "a"), "b")).b},
		{"data offset not a constant", newBuilder().section(sectionData, []byte{1, 0, 0x23, 0, 0x0b, 0}).b},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.mod)
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Parse = %v, want an error matching ErrFormat", err)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("Parse = %T, want *FormatError", err)
			}
		})
	}
	if _, err := Parse(good); err != nil {
		t.Fatalf("the well-formed twin: %v", err)
	}
}
