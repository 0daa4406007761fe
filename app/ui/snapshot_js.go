//go:build js && wasm

package ui

import "syscall/js"

// snapshotScript calls the page's poppySnapshot (the bridge's
// snapshot.js), if the page has it, and reports whether the call was
// made. A failure in the page costs the snapshot, never the app.
func snapshotScript(method string, args ...any) (called bool) {
	defer func() {
		if recover() != nil {
			called = false
		}
	}()
	p := js.Global().Get("poppySnapshot")
	if !p.Truthy() {
		return false
	}
	p.Call(method, args...)
	return true
}
