package maildir

import "io"

// FS is the file system a maildir lives in. Paths are slash-separated and
// relative to the maildir's root ("tmp/1.M2P3.host"), as in io/fs; the
// root itself is ".".
//
// An implementation must give these guarantees, which the tmp-then-rename
// protocol rests on:
//   - CreateExclusive fails with an error matching fs.ErrExist when the
//     name exists, and never truncates or replaces a file.
//   - File.Sync returns only when the bytes written are durable (or fails).
//   - Rename is atomic (a reader sees the file under the old name or the
//     new one, complete) and fails with an error matching fs.ErrExist,
//     leaving both files as they were, when the new name exists.
type FS interface {
	// MkdirAll creates dir and any parents missing; it is no error when
	// they exist.
	MkdirAll(dir string) error
	// CreateExclusive creates a new, empty file for writing.
	CreateExclusive(name string) (File, error)
	// Rename moves a file; see the guarantees above.
	Rename(oldname, newname string) error
	// Remove deletes a file.
	Remove(name string) error
	// ReadDir lists the names in dir; IsDir tells the folders apart.
	ReadDir(dir string) ([]DirEntry, error)
	// Open opens a file for reading.
	Open(name string) (io.ReadCloser, error)
}

// File is a file being written by CreateExclusive.
type File interface {
	io.Writer
	// Sync makes what was written durable.
	Sync() error
	Close() error
}

// DirEntry is one name in a folder.
type DirEntry struct {
	Name  string
	IsDir bool
}
