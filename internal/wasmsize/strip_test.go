package wasmsize

import (
	"bytes"
	"errors"
	"testing"
)

func TestStripNames(t *testing.T) {
	named := names(map[int]string{0: "main.main"}, 0)
	other := name(nil, "producers")
	tests := []struct {
		name     string
		in, want *builder
	}{
		{
			name: "names dropped, the rest in order",
			in: newBuilder().section(sectionCustom, name(nil, "go:buildid")).
				section(sectionCode, code(4, 9)).section(sectionCustom, named).
				section(sectionCustom, other),
			want: newBuilder().section(sectionCustom, name(nil, "go:buildid")).
				section(sectionCode, code(4, 9)).section(sectionCustom, other),
		},
		{
			name: "no names: unchanged",
			in:   newBuilder().section(sectionCode, code(3)).section(sectionCustom, other),
			want: newBuilder().section(sectionCode, code(3)).section(sectionCustom, other),
		},
		{
			name: "a section that only starts with the name's bytes stays",
			in:   newBuilder().section(sectionCustom, name(nil, "names")).section(sectionCode, code(1)),
			want: newBuilder().section(sectionCustom, name(nil, "names")).section(sectionCode, code(1)),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := StripNames(tt.in.b)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, tt.want.b) {
				t.Errorf("StripNames:\n got % x\nwant % x", got, tt.want.b)
			}
			m, err := Parse(got)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range m.Funcs {
				if f.Name != "" {
					t.Errorf("function %q still named", f.Name)
				}
			}
		})
	}
}

func TestStripNamesMalformed(t *testing.T) {
	mod := newBuilder().section(sectionCode, code(4)).b
	_, err := StripNames(mod[:len(mod)-2])
	if !errors.Is(err, ErrFormat) {
		t.Errorf("StripNames of a cut module: %v, want ErrFormat", err)
	}
}
