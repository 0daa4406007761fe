//go:build !js

package maildir

// Native only: under js/wasm the os package is an emulation over the
// test runner's host (wasmbrowsertest), where O_EXCL on an existing file
// fails with "not implemented" rather than fs.ErrExist. OSFS is for
// native use; in the browser an FS over the File System Access API or
// OPFS takes its place.

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestOSFSNeverReplaces checks the FS guarantees OSFS gives: exclusive
// create and a rename that refuses to replace, leaving both files.
func TestOSFSNeverReplaces(t *testing.T) {
	fsys := newDir(t)
	for _, d := range []string{"tmp", "new"} {
		if err := fsys.MkdirAll(d); err != nil {
			t.Fatal(err)
		}
	}
	write := func(name, body string) {
		f, err := fsys.CreateExclusive(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.Write([]byte(body)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("tmp/a", "new one")
	write("new/a", "old one")
	if _, err := fsys.CreateExclusive("new/a"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("CreateExclusive of an existing name: %v; want fs.ErrExist", err)
	}
	if err := fsys.Rename("tmp/a", "new/a"); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("Rename onto an existing name: %v; want fs.ErrExist", err)
	}
	for p, want := range map[string]string{"tmp/a": "new one", "new/a": "old one"} {
		b, err := os.ReadFile(filepath.Join(fsys.Dir, filepath.FromSlash(p)))
		if err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", p, b, err, want)
		}
	}
	// Positive control: the same rename to a free name moves the file.
	if err := fsys.Rename("tmp/a", "new/b"); err != nil {
		t.Fatal(err)
	}
	if n := names(t, fsys, "tmp"); len(n) != 0 {
		t.Errorf("tmp/ holds %v after a rename", n)
	}
	if _, err := fsys.Open("../escape"); !errors.Is(err, fs.ErrInvalid) {
		t.Errorf("Open(../escape): %v; want fs.ErrInvalid", err)
	}
}
