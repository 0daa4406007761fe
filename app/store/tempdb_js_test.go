//go:build js && wasm

package store

import (
	"fmt"
	"sync/atomic"
	"syscall/js"
	"testing"
	"time"
)

var tempDBSeq atomic.Int64

// tempDBName returns the name of an IndexedDB database of t's own, which
// is deleted when t ends (after the cleanups registered later, such as
// closing it: a database still open blocks its deletion).
func tempDBName(t *testing.T) string {
	name := fmt.Sprintf("poppy-test-%d-%d", time.Now().UnixNano(), tempDBSeq.Add(1))
	t.Cleanup(func() {
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
	})
	return name
}

// TempDBName is tempDBName for the package's external tests.
var TempDBName = tempDBName
