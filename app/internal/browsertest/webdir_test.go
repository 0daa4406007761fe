//go:build !js

package browsertest

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestULEB128(t *testing.T) {
	for _, tc := range []struct {
		v    uint64
		want []byte
	}{
		{0, []byte{0x00}},
		{1, []byte{0x01}},
		{127, []byte{0x7f}},
		{128, []byte{0x80, 0x01}},
		{624485, []byte{0xe5, 0x8e, 0x26}}, // the example of the LEB128 article
		{1 << 32, []byte{0x80, 0x80, 0x80, 0x80, 0x10}},
	} {
		if got := uleb128(nil, tc.v); !bytes.Equal(got, tc.want) {
			t.Errorf("uleb128(%d) = % x, want % x", tc.v, got, tc.want)
		}
		if got, n, err := readULEB128(tc.want); err != nil || got != tc.v || n != len(tc.want) {
			t.Errorf("readULEB128(% x) = %d, %d, %v", tc.want, got, n, err)
		}
	}
}

func TestAppendWasmSection(t *testing.T) {
	// The smallest module with a section: a type section declaring
	// one function type () -> ().
	mod := []byte("\x00asm\x01\x00\x00\x00\x01\x04\x01\x60\x00\x00")
	for _, tc := range []struct {
		name    string
		payload []byte
	}{
		{"v", nil},
		{"poppy-test-version", []byte("b")},
		{"big", bytes.Repeat([]byte{0xff}, 300)}, // a two-byte size
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "app.wasm")
			if err := os.WriteFile(p, mod, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := AppendWasmSection(p, tc.name, tc.payload); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(p)
			if !bytes.HasPrefix(got, mod) {
				t.Fatalf("the module's own bytes changed")
			}
			secs, err := wasmSections(got)
			if err != nil {
				t.Fatalf("the result does not parse: %v (% x)", err, got)
			}
			if want := []string{"1", "custom:" + tc.name}; !slices.Equal(secs, want) {
				t.Errorf("sections %q, want %q", secs, want)
			}
			if !bytes.HasSuffix(got, append([]byte(tc.name), tc.payload...)) {
				t.Errorf("the payload does not end the module")
			}
		})
	}
	p := filepath.Join(t.TempDir(), "not.wasm")
	os.WriteFile(p, []byte("<html>"), 0o644)
	if err := AppendWasmSection(p, "v", nil); err == nil {
		t.Error("appending to a file that is no module succeeded")
	}
}

// wasmSections lists the ids of a module's sections, with the names of
// custom sections, checking that each lies within the module.
func wasmSections(mod []byte) ([]string, error) {
	if len(mod) < 8 || string(mod[:4]) != "\x00asm" {
		return nil, errors.New("not a WebAssembly module")
	}
	var out []string
	for rest := mod[8:]; len(rest) > 0; {
		id := rest[0]
		size, n, err := readULEB128(rest[1:])
		if err != nil {
			return nil, err
		}
		body := rest[1+n:]
		if uint64(len(body)) < size {
			return nil, fmt.Errorf("section %d: %d bytes declared, %d left", id, size, len(body))
		}
		body, rest = body[:size], body[size:]
		if id != 0 {
			out = append(out, fmt.Sprint(id))
			continue
		}
		l, n, err := readULEB128(body)
		if err != nil || uint64(len(body)-n) < l {
			return nil, errors.New("custom section: bad name")
		}
		out = append(out, "custom:"+string(body[n:n+int(l)]))
	}
	return out, nil
}

func readULEB128(b []byte) (v uint64, n int, err error) {
	for shift := 0; n < len(b) && shift < 64; shift += 7 {
		c := b[n]
		n++
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return v, n, nil
		}
	}
	return 0, 0, errors.New("bad LEB128 integer")
}
