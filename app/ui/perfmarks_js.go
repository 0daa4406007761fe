//go:build js && wasm

package ui

import "syscall/js"

// perfMark sets the User Timing mark name (every browser that runs
// WebAssembly has performance.mark).
func perfMark(name string) {
	js.Global().Get("performance").Call("mark", name)
}
