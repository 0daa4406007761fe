//go:build js && wasm

package webfs

import (
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"syscall/js"

	"github.com/poppymail/poppy/app/archive/maildir"
)

// FS is a maildir.FS over a FileSystemDirectoryHandle, the maildir's
// root. Paths are relative to it, as maildir.FS says.
type FS struct {
	root js.Value
}

var _ maildir.FS = (*FS)(nil)

// New returns the FS rooted at dir, a FileSystemDirectoryHandle.
func New(dir js.Value) *FS { return &FS{root: dir} }

// Root returns the directory handle the FS writes into.
func (f *FS) Root() js.Value { return f.root }

// dir returns the handle of the folder p ("." is the root), creating the
// missing folders if create is set.
func (f *FS) dir(op, p string, create bool) (js.Value, error) {
	if !fs.ValidPath(p) {
		return js.Undefined(), &fs.PathError{Op: op, Path: p, Err: fs.ErrInvalid}
	}
	d := f.root
	if p == "." {
		return d, nil
	}
	for _, part := range strings.Split(p, "/") {
		var err error
		d, err = call(op, p, d, "getDirectoryHandle", part, map[string]any{"create": create})
		if err != nil {
			return js.Undefined(), err
		}
	}
	return d, nil
}

// split returns the folder handle and the base name of the file p.
func (f *FS) split(op, p string, create bool) (js.Value, string, error) {
	if !fs.ValidPath(p) || p == "." {
		return js.Undefined(), "", &fs.PathError{Op: op, Path: p, Err: fs.ErrInvalid}
	}
	d, err := f.dir(op, path.Dir(p), create)
	return d, path.Base(p), err
}

// exists reports whether folder d has an entry called name, of any kind.
func exists(op, p string, d js.Value, name string) (bool, error) {
	_, err := call(op, p, d, "getFileHandle", name)
	var e *Error
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case errors.As(err, &e) && e.Name == "TypeMismatchError":
		return true, nil // a folder by that name
	}
	return false, err
}

// MkdirAll implements maildir.FS.
func (f *FS) MkdirAll(dir string) error {
	_, err := f.dir("mkdir", dir, true)
	return err
}

// CreateExclusive implements maildir.FS; see the package doc for why the
// check and the create are two steps.
func (f *FS) CreateExclusive(name string) (maildir.File, error) {
	d, base, err := f.split("create", name, false)
	if err != nil {
		return nil, err
	}
	taken, err := exists("create", name, d, base)
	if err != nil {
		return nil, err
	}
	if taken {
		return nil, &fs.PathError{Op: "create", Path: name, Err: fs.ErrExist}
	}
	fh, err := call("create", name, d, "getFileHandle", base, map[string]any{"create": true})
	if err != nil {
		return nil, err
	}
	w, err := call("create", name, fh, "createWritable")
	if err != nil {
		return nil, err
	}
	return &file{path: name, w: w}, nil
}

// Rename implements maildir.FS with move(), or a copy where the browser
// has none (see the package doc).
func (f *FS) Rename(oldname, newname string) error {
	od, obase, err := f.split("move", oldname, false)
	if err != nil {
		return err
	}
	nd, nbase, err := f.split("move", newname, false)
	if err != nil {
		return err
	}
	taken, err := exists("move", newname, nd, nbase)
	if err != nil {
		return err
	}
	if taken {
		return &fs.PathError{Op: "move", Path: newname, Err: fs.ErrExist}
	}
	fh, err := call("move", oldname, od, "getFileHandle", obase)
	if err != nil {
		return err
	}
	if fh.Get("move").Type() == js.TypeFunction {
		_, err = call("move", newname, fh, "move", nd, nbase)
		return err
	}
	return f.copyRemove(fh, od, obase, nd, nbase, newname)
}

// copyRemove is Rename without move(): pipe the old file into a new one
// (committed whole by close, which pipeTo calls), then remove the old.
func (f *FS) copyRemove(fh, od js.Value, obase string, nd js.Value, nbase, newname string) error {
	file, err := call("move", newname, fh, "getFile")
	if err != nil {
		return err
	}
	nfh, err := call("move", newname, nd, "getFileHandle", nbase, map[string]any{"create": true})
	if err != nil {
		return err
	}
	w, err := call("move", newname, nfh, "createWritable")
	if err != nil {
		return err
	}
	var stream js.Value
	if err := catch("move", newname, func() { stream = file.Call("stream") }); err != nil {
		return err
	}
	if _, err := call("move", newname, stream, "pipeTo", w); err != nil {
		_, _ = call("move", newname, nd, "removeEntry", nbase)
		return err
	}
	_, err = call("move", newname, od, "removeEntry", obase)
	return err
}

// Remove implements maildir.FS.
func (f *FS) Remove(name string) error {
	d, base, err := f.split("remove", name, false)
	if err != nil {
		return err
	}
	_, err = call("remove", name, d, "removeEntry", base)
	return err
}

// ReadDir implements maildir.FS, sorted by name as OSFS is.
func (f *FS) ReadDir(dir string) ([]maildir.DirEntry, error) {
	d, err := f.dir("list", dir, false)
	if err != nil {
		return nil, err
	}
	var it js.Value
	if err := catch("list", dir, func() { it = d.Call("values") }); err != nil {
		return nil, err
	}
	var out []maildir.DirEntry
	for {
		r, err := call("list", dir, it, "next")
		if err != nil {
			return nil, err
		}
		if r.Get("done").Truthy() {
			break
		}
		v := r.Get("value")
		out = append(out, maildir.DirEntry{Name: v.Get("name").String(), IsDir: v.Get("kind").String() == "directory"})
	}
	slices.SortFunc(out, func(a, b maildir.DirEntry) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Open implements maildir.FS: the file is read in slices, never whole.
func (f *FS) Open(name string) (io.ReadCloser, error) {
	d, base, err := f.split("open", name, false)
	if err != nil {
		return nil, err
	}
	fh, err := call("open", name, d, "getFileHandle", base)
	if err != nil {
		return nil, err
	}
	file, err := call("open", name, fh, "getFile")
	if err != nil {
		return nil, err
	}
	return NewBlobReader(file), nil
}
