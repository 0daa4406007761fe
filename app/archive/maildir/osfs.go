package maildir

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
)

// OSFS is an FS over a real directory, the maildir's root, for native
// use. It builds for js/wasm too, but there the os package is only an
// emulation (link(2) and O_EXCL are missing or partial); the browser needs
// an FS over the File System Access API or the origin-private file system.
type OSFS struct {
	Dir string
}

var _ FS = OSFS{}

func (o OSFS) path(name string) (string, error) {
	if !fs.ValidPath(name) {
		return "", &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	return filepath.Join(o.Dir, filepath.FromSlash(name)), nil
}

// MkdirAll creates dir with mode 0700: mail is private.
func (o OSFS) MkdirAll(dir string) error {
	p, err := o.path(dir)
	if err != nil {
		return err
	}
	return os.MkdirAll(p, 0o700)
}

// CreateExclusive creates name with O_EXCL and mode 0600.
func (o OSFS) CreateExclusive(name string) (File, error) {
	p, err := o.path(name)
	if err != nil {
		return nil, err
	}
	return os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
}

// Rename links the file under its new name and then unlinks the old one,
// as maildir(5) does: link(2) fails when the new name exists, where
// rename(2) would silently replace it. On a file system without hard
// links (FAT on a USB stick), it falls back to rename(2) after checking
// that the new name is free; the check and the rename are not one atomic
// step there, but the names are unique, so only another writer using the
// same unique name could slip in between. The new name's folder is
// synced afterwards, so the message survives a crash once Rename returns.
func (o OSFS) Rename(oldname, newname string) error {
	op, err := o.path(oldname)
	if err != nil {
		return err
	}
	np, err := o.path(newname)
	if err != nil {
		return err
	}
	if err := os.Link(op, np); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		if _, serr := os.Lstat(np); serr == nil {
			return &fs.PathError{Op: "rename", Path: np, Err: fs.ErrExist}
		}
		if err := os.Rename(op, np); err != nil {
			return err
		}
	} else if err := os.Remove(op); err != nil {
		// The message is in place; the stale tmp/ link is harmless
		// (readers ignore tmp/), so remove the new name again rather
		// than leave two links and report success.
		_ = os.Remove(np)
		return err
	}
	return syncDir(filepath.Dir(np))
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Remove deletes name.
func (o OSFS) Remove(name string) error {
	p, err := o.path(name)
	if err != nil {
		return err
	}
	return os.Remove(p)
}

// ReadDir lists dir, sorted by name.
func (o OSFS) ReadDir(dir string) ([]DirEntry, error) {
	p, err := o.path(dir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, err
	}
	out := make([]DirEntry, len(entries))
	for i, e := range entries {
		out[i] = DirEntry{Name: e.Name(), IsDir: e.IsDir()}
	}
	return out, nil
}

// Open opens name for reading.
func (o OSFS) Open(name string) (io.ReadCloser, error) {
	p, err := o.path(name)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// join is path.Join for the slash-separated paths FS takes.
func join(dir, name string) string { return path.Join(dir, name) }
