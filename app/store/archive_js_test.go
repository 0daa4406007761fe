//go:build js && wasm

package store_test

import (
	"context"
	"syscall/js"
	"testing"

	"github.com/poppymail/poppy/app/store"
)

// A folder archive's settings and handle survive a reopen of the
// database (the handle by structured clone), are per account, and
// RemoveAccount deletes them while Clear leaves them.
func TestArchiveSettings(t *testing.T) {
	ctx := context.Background()
	name := store.TempDBName(t)
	db, err := store.OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok, err := db.Archive(ctx, "ada@pop"); ok || err != nil {
		t.Fatalf("an archive before any was saved: %v, %v", ok, err)
	}
	// Any structured-cloneable object stands for the handle here; the
	// e2e test stores a real FileSystemDirectoryHandle.
	h := js.Global().Get("Object").New()
	h.Set("name", "Mail")
	want := store.ArchiveSettings{On: true, Folder: "Mail"}
	if err := db.PutArchive(ctx, "ada@pop", want, h); err != nil {
		t.Fatal(err)
	}
	if err := db.PutAccount(ctx, store.Account{Key: "bob@pop"}); err != nil {
		t.Fatal(err)
	}
	if err := db.PutArchive(ctx, "bob@pop", store.ArchiveSettings{On: true, Folder: "B"}, js.Undefined()); err != nil {
		t.Fatal(err)
	}
	_ = db.Close()
	db, err = store.OpenIDB(ctx, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	got, gh, ok, err := db.Archive(ctx, "ada@pop")
	if err != nil || !ok || got != want || gh.Get("name").String() != "Mail" {
		t.Fatalf("after a reopen: %+v, %v, %v, %v", got, gh, ok, err)
	}
	if _, err := db.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := db.Archive(ctx, "ada@pop"); !ok {
		t.Error("Clear deleted the folder archive's settings; they exist only on the device")
	}
	if _, err := db.RemoveAccount(ctx, "ada@pop"); err != nil {
		t.Fatal(err)
	}
	if _, _, ok, _ := db.Archive(ctx, "ada@pop"); ok {
		t.Error("RemoveAccount left the folder archive's settings")
	}
	if _, _, ok, _ := db.Archive(ctx, "bob@pop"); !ok {
		t.Error("RemoveAccount of one account deleted another's archive")
	}
}
