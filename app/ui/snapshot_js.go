//go:build js && wasm

package ui

import "syscall/js"

// snapshotScript calls the page's poppySnapshot (the bridge's
// snapshot.js), if the page has it. A failure in the page costs the
// snapshot, never the app.
func snapshotScript(method string, args ...any) {
	defer func() { _ = recover() }()
	if p := js.Global().Get("poppySnapshot"); p.Truthy() {
		p.Call(method, args...)
	}
}
