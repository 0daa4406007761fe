//go:build js && wasm

package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"syscall/js"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/store/storetest"
)

var dbSeq atomic.Int64

// openIDB opens a database of its own for t, deleted when t ends.
func openIDB(t *testing.T, opts *store.Options) *store.IDB {
	t.Helper()
	name := fmt.Sprintf("poppy-test-%d-%d", time.Now().UnixNano(), dbSeq.Add(1))
	db, err := store.OpenIDB(context.Background(), name, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = db.Close()
		deleteDatabase(t, name)
	})
	return db
}

// deleteDatabase deletes the IndexedDB database name and waits for it.
func deleteDatabase(t *testing.T, name string) {
	done := make(chan string, 1)
	req := js.Global().Get("indexedDB").Call("deleteDatabase", name)
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		done <- args[0].Get("type").String()
		return nil
	})
	defer f.Release()
	req.Set("onsuccess", f)
	req.Set("onerror", f)
	req.Set("onblocked", f)
	select {
	case ev := <-done:
		if ev != "success" {
			t.Errorf("deleting %s: %s", name, ev)
		}
	case <-time.After(10 * time.Second):
		t.Errorf("deleting %s: timed out", name)
	}
}

func TestIDB(t *testing.T) {
	storetest.Run(t, func(t *testing.T, opts *store.Options) store.DB {
		return openIDB(t, opts)
	})
}

func ExampleOpenIDB() {
	ctx := context.Background()
	db, err := store.OpenIDB(ctx, "poppy-example", nil)
	if err != nil {
		// No IndexedDB here (a private window, say): keep the cache in
		// memory for this tab.
		fmt.Println(err)
		return
	}
	defer db.Close()
	_ = db.PutHeaders(ctx, "ada@pop.example.org", []store.Header{{UID: "1a2b", Subject: "Engine"}})
	c, _ := db.Load(ctx, "ada@pop.example.org")
	fmt.Println(c.Headers[0].Subject)
}
