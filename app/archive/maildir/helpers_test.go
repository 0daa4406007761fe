package maildir

import (
	"context"
	"io"
	"testing"
)

// newDir returns an empty maildir root on disk.
func newDir(t *testing.T) OSFS { return OSFS{Dir: t.TempDir()} }

// listAll lists fsys and fails t on error.
func listAll(t *testing.T, fsys FS) ([]Message, []Skipped) {
	t.Helper()
	msgs, skipped, err := List(context.Background(), fsys)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	return msgs, skipped
}

// readMsg reads m whole.
func readMsg(t *testing.T, fsys FS, m Message) string {
	t.Helper()
	r, err := Open(fsys, m)
	if err != nil {
		t.Fatalf("Open(%s): %v", m.Path, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %s: %v", m.Path, err)
	}
	return string(b)
}

// names lists the names in dir ("tmp", "new", "cur"); a missing folder
// is empty.
func names(t *testing.T, fsys FS, dir string) []string {
	t.Helper()
	entries, err := fsys.ReadDir(dir)
	if err != nil && !isNotExist(err) {
		t.Fatalf("ReadDir(%s): %v", dir, err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name)
	}
	return out
}
