// Command wasmpack rewrites a Go-built WebAssembly module in place with
// its data segments merged across short runs of zeros
// (wasmsize.PackData says why), after checking that the memory the
// program starts with is the same byte for byte. `make web` runs it on
// app.wasm before compressing it.
//
//	go run ./internal/wasmsize/wasmpack [-gap bytes] file.wasm
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/poppymail/poppy/internal/wasmsize"
)

func main() {
	gap := flag.Int("gap", 64<<10, "merge two data segments when at most this many zero bytes lie between them")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: wasmpack [-gap bytes] file.wasm")
		os.Exit(2)
	}
	if err := pack(flag.Arg(0), *gap); err != nil {
		fmt.Fprintf(os.Stderr, "wasmpack: %v\n", err)
		os.Exit(1)
	}
}

func pack(path string, gap int) error {
	in, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := wasmsize.PackData(in, gap)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	before, err := wasmsize.MemoryImage(in)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	after, err := wasmsize.MemoryImage(out)
	if err != nil {
		return fmt.Errorf("%s after packing: %w", path, err)
	}
	if !bytes.Equal(before, after) {
		return fmt.Errorf("%s: packing would change the program's initial memory; the file is left as it was (a bug in wasmsize.PackData)", path)
	}
	tmp := path + ".pack"
	if err := os.WriteFile(tmp, out, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
