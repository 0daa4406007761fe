//go:build js && wasm

package outbox_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"syscall/js"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

var dbSeq atomic.Int64

// newTabs returns two IndexedDB connections to one new database, as two
// tabs have them; the database is deleted when t ends.
func newTabs(t *testing.T) (store.DB, store.DB) {
	t.Helper()
	name := fmt.Sprintf("poppy-outbox-test-%d-%d", time.Now().UnixNano(), dbSeq.Add(1))
	t.Cleanup(func() { deleteDB(t, name) }) // runs after the closes below
	var dbs [2]store.DB
	for i := range dbs {
		d, err := store.OpenIDB(context.Background(), name, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = d.Close() })
		dbs[i] = d
	}
	return dbs[0], dbs[1]
}

func deleteDB(t *testing.T, name string) {
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
	if ev := <-done; ev != "success" {
		t.Errorf("deleting %s: %s", name, ev)
	}
}
