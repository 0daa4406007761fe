//go:build js && wasm

package ui

import (
	"context"
	"fmt"
	"syscall/js"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/archive/maildir"
	"github.com/poppymail/poppy/app/archive/maildir/webfs"
	"github.com/poppymail/poppy/app/store"
)

// archiveFixture opens a database of the test's own with two kept
// messages for account "ann@pop", and a fresh folder of the
// origin-private file system saved as its archive.
func archiveFixture(t *testing.T) (*store.IDB, *webfs.FS) {
	t.Helper()
	ctx := context.Background()
	name := fmt.Sprintf("poppy-ui-archive-%d", time.Now().UnixNano())
	db, err := store.OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		archiversMu.Lock()
		if curArchiver != nil {
			close(curArchiver.done)
			curArchiver = nil
		}
		archiversMu.Unlock()
		_ = db.Close()
		js.Global().Get("indexedDB").Call("deleteDatabase", name)
	})
	for _, uid := range []string{"u1", "u2"} {
		raw := []byte("Subject: " + uid + "\r\n\r\nbody\r\n")
		if _, err := db.PutKept(ctx, "ann@pop", store.Kept{UID: uid, ListSize: int64(len(raw))}, raw); err != nil {
			t.Fatal(err)
		}
	}
	root, err := webfs.OPFS()
	if err != nil {
		t.Fatal(err)
	}
	dir := awaitJS(t, root.Call("getDirectoryHandle", name, map[string]any{"create": true}))
	t.Cleanup(func() { root.Call("removeEntry", name, map[string]any{"recursive": true}) })
	if err := db.PutArchive(ctx, "ann@pop", store.ArchiveSettings{On: true, Folder: name}, dir); err != nil {
		t.Fatal(err)
	}
	return db, webfs.New(dir)
}

func awaitJS(t *testing.T, p js.Value) js.Value {
	t.Helper()
	ch := make(chan js.Value, 1)
	f := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- a[0]; return nil })
	defer f.Release()
	p.Call("then", f)
	return <-ch
}

// waitArchive waits until the archiver's state satisfies done, woken by
// its listener (the panel's repaint), and returns it.
func waitArchive(t *testing.T, db store.DB, done func(archiveState) bool) archiveState {
	t.Helper()
	changed := make(chan struct{}, 1)
	archiveListen(db, "ann@pop", func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	})
	timeout := time.After(20 * time.Second)
	for {
		st := archiveStatus(db, "ann@pop")
		if done(st) {
			return st
		}
		select {
		case <-changed:
		case <-timeout:
			t.Fatalf("the archive never got there: %+v", st)
		}
	}
}

// The archiver writes every kept message to the folder and marks each
// Archived (what the "safely" policy counts).
func TestArchiverWrites(t *testing.T) {
	db, fsys := archiveFixture(t)
	startArchive(db, "ann@pop")
	st := waitArchive(t, db, func(s archiveState) bool { return s.Loaded && s.Written == 2 && !s.Running })
	if st.Problem != archiveOK || st.Left != 0 {
		t.Errorf("state %+v", st)
	}
	msgs, _, err := maildir.List(context.Background(), fsys)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("the folder holds %d messages (%v), want 2", len(msgs), err)
	}
	list, _ := db.KeptList(context.Background(), "ann@pop")
	for _, k := range list {
		if !k.Archived {
			t.Errorf("%s is in the folder but not marked Archived", k.UID)
		}
	}
}

// A full disk stops the archive with the full-disk problem, nothing is
// marked Archived, and the copies stay on the device; a retry once there
// is space writes them.
func TestArchiverFullDisk(t *testing.T) {
	db, fsys := archiveFixture(t)
	proto := js.Global().Get("FileSystemWritableFileStream").Get("prototype")
	orig := proto.Get("write")
	full := js.FuncOf(func(js.Value, []js.Value) any {
		return js.Global().Get("Promise").Call("reject", js.Global().Get("DOMException").New("test: full", "QuotaExceededError"))
	})
	defer full.Release()
	proto.Set("write", full)
	defer proto.Set("write", orig)

	startArchive(db, "ann@pop")
	st := waitArchive(t, db, func(s archiveState) bool { return s.Problem != archiveOK })
	if st.Problem != archiveFull {
		t.Fatalf("a full disk gave the problem %q (%s), want %q", st.Problem, st.Detail, archiveFull)
	}
	if got := archiveStatusText(st); got == "" {
		t.Error("no status text for a full disk")
	}
	list, _ := db.KeptList(context.Background(), "ann@pop")
	if len(list) != 2 {
		t.Fatalf("%d copies on the device after the failure, want 2", len(list))
	}
	for _, k := range list {
		if k.Archived {
			t.Errorf("%s is marked Archived though the disk was full", k.UID)
		}
	}
	if msgs, _, _ := maildir.List(context.Background(), fsys); len(msgs) != 0 {
		t.Errorf("the folder holds %d messages after the failure", len(msgs))
	}

	proto.Set("write", orig)
	archiveRetry(db, "ann@pop")
	st = waitArchive(t, db, func(s archiveState) bool { return s.Problem == archiveOK && s.Written == 2 && !s.Running })
	if msgs, _, _ := maildir.List(context.Background(), fsys); len(msgs) != 2 {
		t.Errorf("after the retry the folder holds %d messages, want 2 (%+v)", len(msgs), st)
	}
}
