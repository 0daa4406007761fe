package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/poppymail/poppy/internal/wasmsize"
)

// module is a wasm module whose data section holds two segments, "ab"
// at 0 and "cd" at 20 (the second written first, as the linker may).
var module = []byte{
	0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00,
	11, 15, // data section, 15 bytes
	2,                                 // two segments
	0x00, 0x41, 20, 0x0b, 2, 'c', 'd', // active, i32.const 20
	0x00, 0x41, 0, 0x0b, 2, 'a', 'b', // active, i32.const 0
}

func TestPack(t *testing.T) {
	p := filepath.Join(t.TempDir(), "app.wasm")
	if err := os.WriteFile(p, module, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pack(p, 64); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(got, module) {
		t.Fatal("the file was not rewritten")
	}
	want, _ := wasmsize.MemoryImage(module)
	img, err := wasmsize.MemoryImage(got)
	if err != nil || !bytes.Equal(img, want) {
		t.Fatalf("image %q (%v), want %q", img, err, want)
	}
	// One segment now: its header and the 18 zeros replace the second
	// header.
	if !bytes.Contains(got, append([]byte{1, 0x00, 0x41, 0, 0x0b, 22, 'a', 'b'}, make([]byte, 18)...)) {
		t.Errorf("packed module %x, want one segment of 22 bytes", got)
	}
}

func TestPackLeavesBadFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "app.wasm")
	bad := []byte("not a module")
	if err := os.WriteFile(p, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := pack(p, 64); !errors.Is(err, wasmsize.ErrFormat) {
		t.Fatalf("pack = %v, want ErrFormat", err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, bad) {
		t.Errorf("the file changed to %q", got)
	}
}
