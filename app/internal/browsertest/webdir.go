//go:build !js

package browsertest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// NewAppVersion fills dir with a copy of the repository's built app (web/)
// whose app.wasm is a different version of the same program: a custom
// section named "poppy-test-version" holding tag is appended to it. The
// module stays valid (engines skip custom sections), its hash changes, and
// so does the version the bridge gives go-app, which makes the service
// worker install it as an update. Start a bridge with
// BridgeConfig.WebDir = dir to serve it.
//
// The precompressed twins app.wasm.br and app.wasm.gz are left out: they
// hold the old module, and the bridge serves app.wasm uncompressed
// without them.
func NewAppVersion(dir, tag string) error {
	root, err := RepoRoot()
	if err != nil {
		return err
	}
	src := filepath.Join(root, "web")
	entries, err := os.ReadDir(src)
	if err != nil {
		return fmt.Errorf("browsertest: the built app: %w", err)
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || name == "app.wasm.br" || name == "app.wasm.gz" {
			continue
		}
		if err := copyFile(filepath.Join(dir, name), filepath.Join(src, name)); err != nil {
			return err
		}
	}
	return AppendWasmSection(filepath.Join(dir, "app.wasm"), "poppy-test-version", []byte(tag))
}

// AppendWasmSection appends a custom section (WebAssembly core spec
// §5.5.3: id 0, then the section's size, the name's length and the name
// as a vector of bytes, then the payload) to the module in the file at
// path.
func AppendWasmSection(path, name string, payload []byte) error {
	head := make([]byte, 4)
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "\x00asm" {
		return fmt.Errorf("browsertest: %s is not a WebAssembly module", path)
	}
	if _, err := f.Seek(0, io.SeekEnd); err != nil {
		return err
	}
	if _, err := f.Write(customSection(name, payload)); err != nil {
		return err
	}
	return f.Close()
}

// customSection encodes a custom section.
func customSection(name string, payload []byte) []byte {
	content := append(uleb128(nil, uint64(len(name))), name...)
	content = append(content, payload...)
	out := append([]byte{0}, uleb128(nil, uint64(len(content)))...)
	return append(out, content...)
}

// uleb128 appends v in unsigned LEB128, the encoding of WebAssembly's
// integers: seven bits a byte, low bits first, the high bit set on every
// byte but the last.
func uleb128(b []byte, v uint64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	return errors.Join(err, out.Close())
}
