//go:build js && wasm

package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/store/storetest"
)

// openIDB opens a database of its own for t, deleted when t ends.
func openIDB(t *testing.T, opts *store.Options) *store.IDB {
	t.Helper()
	db, err := store.OpenIDB(context.Background(), store.TempDBName(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
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
