//go:build js && wasm

package webfs_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall/js"
	"testing"

	"github.com/poppymail/poppy/app/archive/maildir"
	"github.com/poppymail/poppy/app/archive/maildir/webfs"
)

// tempDir returns a fresh folder of the origin-private file system,
// removed after the test.
func tempDir(t *testing.T) *webfs.FS {
	t.Helper()
	root, err := webfs.OPFS()
	if err != nil {
		t.Fatalf("the origin-private file system: %v", err)
	}
	name := strings.NewReplacer("/", "-").Replace(t.Name())
	d := await(t, root.Call("getDirectoryHandle", name, map[string]any{"create": true}))
	t.Cleanup(func() {
		p := root.Call("removeEntry", name, map[string]any{"recursive": true})
		p.Call("catch", js.FuncOf(func(js.Value, []js.Value) any { return nil }))
	})
	// Start empty, whatever an earlier run left.
	fsys := webfs.New(d)
	for _, sub := range []string{"tmp", "new", "cur"} {
		_ = fsys.Remove(sub)
	}
	return fsys
}

// await waits for a promise in a test.
func await(t *testing.T, p js.Value) js.Value {
	t.Helper()
	ch := make(chan js.Value, 1)
	errc := make(chan string, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- a[0]; return nil })
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any {
		errc <- js.Global().Get("String").Invoke(a[0]).String()
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	select {
	case v := <-ch:
		return v
	case e := <-errc:
		t.Fatal(e)
	}
	return js.Undefined()
}

// patch replaces obj[name] with f for the test.
func patch(t *testing.T, obj js.Value, name string, f func(this js.Value, args []js.Value) any) {
	t.Helper()
	orig := obj.Get(name)
	fn := js.FuncOf(f)
	obj.Set(name, fn)
	t.Cleanup(func() {
		if orig.IsUndefined() {
			obj.Delete(name)
		} else {
			obj.Set(name, orig)
		}
		fn.Release()
	})
}

func rejectWith(name string) js.Value {
	return js.Global().Get("Promise").Call("reject", js.Global().Get("DOMException").New("test: "+name, name))
}

// The messages delivered into the origin-private file system are in
// new/ or cur/ under unique names with their sizes, tmp/ is empty, and
// each reads back byte for byte, through Deliver, List and Open: the
// same code that writes a picked folder.
func TestDeliverOPFS(t *testing.T) {
	fsys := tempDir(t)
	deliverAll(t, fsys)
}

func deliverAll(t *testing.T, fsys *webfs.FS) {
	t.Helper()
	ctx := context.Background()
	msgs := [][]byte{
		[]byte("Subject: one\r\n\r\nFirst.\r\n"),
		[]byte("Subject: two\r\n\r\nFrom the start of a line.\r\n"),
		bytes.Repeat([]byte("a long line without end "), 100000), // over one write chunk
	}
	names := map[string]bool{}
	for i, m := range msgs {
		name, err := maildir.Deliver(ctx, fsys, bytes.NewReader(m), &maildir.DeliverOptions{Seen: i == 1, Host: "poppy"})
		if err != nil {
			t.Fatalf("Deliver %d: %v", i, err)
		}
		if names[name] {
			t.Fatalf("two messages named %s", name)
		}
		names[name] = true
		want := "new/"
		if i == 1 {
			want = "cur/"
		}
		if !strings.HasPrefix(name, want) || !strings.Contains(name, fmt.Sprintf(",S=%d,", len(m))) {
			t.Errorf("message %d delivered as %s, want under %s with its size", i, name, want)
		}
	}
	got, skipped, err := maildir.List(ctx, fsys)
	if err != nil || len(skipped) > 0 {
		t.Fatalf("List: %v, skipped %v", err, skipped)
	}
	if len(got) != len(msgs) {
		t.Fatalf("List found %d messages, want %d", len(got), len(msgs))
	}
	for _, m := range got {
		if !names[m.Path] {
			t.Errorf("List found %s, which was not delivered", m.Path)
		}
		r, err := maildir.Open(fsys, m)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		_ = r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(b)) != m.Size || !slicesContain(msgs, b) {
			t.Errorf("%s reads back %d bytes that were not delivered", m.Path, len(b))
		}
	}
	if tmp, err := fsys.ReadDir("tmp"); err != nil || len(tmp) != 0 {
		t.Errorf("tmp/ holds %v (%v), want nothing", tmp, err)
	}
}

func slicesContain(all [][]byte, b []byte) bool {
	for _, a := range all {
		if bytes.Equal(a, b) {
			return true
		}
	}
	return false
}

// Without FileSystemHandle.move() (browsers that lack it), Rename copies
// and removes, and the layout and bytes are the same.
func TestDeliverWithoutMove(t *testing.T) {
	proto := js.Global().Get("FileSystemFileHandle").Get("prototype")
	orig := proto.Get("move")
	if orig.Type() != js.TypeFunction {
		t.Fatal("this Chromium has no FileSystemHandle.move: the test would not test the fallback")
	}
	proto.Set("move", js.Undefined())
	defer proto.Set("move", orig)
	deliverAll(t, tempDir(t))
}

// CreateExclusive and Rename never replace a file: both fail with
// fs.ErrExist and leave the files as they were.
func TestNeverReplaces(t *testing.T) {
	fsys := tempDir(t)
	if err := fsys.MkdirAll("tmp"); err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) {
		f, err := fsys.CreateExclusive(name)
		if err != nil {
			t.Fatalf("CreateExclusive %s: %v", name, err)
		}
		if _, err := f.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("tmp/a", "A")
	write("tmp/b", "B")
	if _, err := fsys.CreateExclusive("tmp/a"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("CreateExclusive of a taken name: %v, want fs.ErrExist", err)
	}
	if err := fsys.Rename("tmp/a", "tmp/b"); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Rename onto a taken name: %v, want fs.ErrExist", err)
	}
	for name, want := range map[string]string{"tmp/a": "A", "tmp/b": "B"} {
		r, err := fsys.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		if string(b) != want {
			t.Errorf("%s holds %q, want %q", name, b, want)
		}
	}
}

// A full disk (QuotaExceededError from a write) fails Deliver with an
// error matching ErrQuota, and leaves no file behind: the message stays
// only where it came from.
func TestQuota(t *testing.T) {
	fsys := tempDir(t)
	proto := js.Global().Get("FileSystemWritableFileStream").Get("prototype")
	patch(t, proto, "write", func(js.Value, []js.Value) any { return rejectWith("QuotaExceededError") })
	_, err := maildir.Deliver(context.Background(), fsys, strings.NewReader("Subject: x\r\n\r\nx\r\n"), &maildir.DeliverOptions{Host: "poppy"})
	if !errors.Is(err, webfs.ErrQuota) {
		t.Fatalf("Deliver on a full disk: %v, want ErrQuota", err)
	}
	var me *maildir.Error
	if !errors.As(err, &me) || me.Op != "sync" && me.Op != "write" && me.Op != "close" {
		t.Errorf("the error %v does not name the step", err)
	}
	for _, d := range []string{"tmp", "new", "cur"} {
		if es, err := fsys.ReadDir(d); err != nil || len(es) != 0 {
			t.Errorf("%s/ holds %v (%v) after the failure, want nothing", d, es, err)
		}
	}
}

// A permission the browser took back fails with an error matching
// fs.ErrPermission, and Permission reports "prompt" until the person
// grants it again (requestPermission).
func TestPermissionLost(t *testing.T) {
	fsys := tempDir(t)
	dirProto := js.Global().Get("FileSystemDirectoryHandle").Get("prototype")
	handleProto := js.Global().Get("FileSystemHandle").Get("prototype")
	granted := false
	patch(t, dirProto, "getDirectoryHandle", func(js.Value, []js.Value) any { return rejectWith("NotAllowedError") })
	patch(t, handleProto, "queryPermission", func(js.Value, []js.Value) any {
		state := webfs.Prompt
		if granted {
			state = webfs.Granted
		}
		return js.Global().Get("Promise").Call("resolve", state)
	})
	patch(t, handleProto, "requestPermission", func(js.Value, []js.Value) any {
		granted = true
		return js.Global().Get("Promise").Call("resolve", webfs.Granted)
	})
	_, err := maildir.Deliver(context.Background(), fsys, strings.NewReader("x\r\n"), nil)
	if !errors.Is(err, fs.ErrPermission) || !errors.Is(err, webfs.ErrPermission) {
		t.Fatalf("Deliver without permission: %v, want ErrPermission", err)
	}
	if st, err := webfs.Permission(fsys.Root(), false); err != nil || st != webfs.Prompt {
		t.Fatalf("Permission = %q, %v; want prompt", st, err)
	}
	if st, err := webfs.Permission(fsys.Root(), true); err != nil || st != webfs.Granted {
		t.Fatalf("Permission(ask) = %q, %v; want granted", st, err)
	}
	if st, _ := webfs.Permission(fsys.Root(), false); st != webfs.Granted {
		t.Fatalf("Permission after the grant = %q", st)
	}
}

// BlobReader streams a Blob larger than its slice in order.
func TestBlobReader(t *testing.T) {
	want := bytes.Repeat([]byte("0123456789abcdef"), 3<<16+7) // 3 MiB and a bit
	u := js.Global().Get("Uint8Array").New(len(want))
	js.CopyBytesToJS(u, want)
	blob := js.Global().Get("Blob").New([]any{u})
	r := webfs.NewBlobReader(blob)
	if r.Size() != int64(len(want)) {
		t.Fatalf("Size = %d", r.Size())
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes (%v), want %d equal", len(got), err, len(want))
	}
}
