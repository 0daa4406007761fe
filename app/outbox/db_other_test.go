//go:build !(js && wasm)

package outbox_test

import (
	"testing"

	"github.com/poppymail/poppy/app/store"
)

// newTabs returns two handles on one new store, as two tabs have: here
// one Mem twice; in the browser two IndexedDB connections (db_js_test.go).
func newTabs(t *testing.T) (store.DB, store.DB) {
	db := store.NewMem(nil)
	t.Cleanup(func() { _ = db.Close() })
	return db, db
}
