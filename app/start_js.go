//go:build js && wasm

package main

import "syscall/js"

// markStart records when the app's own code starts running (after the
// page loaded, the wasm compiled and the Go runtime started), as the
// performance mark "poppy-start": what "app start" means in the
// benchmarks (app/internal/benchreport).
func markStart() {
	if p := js.Global().Get("performance"); p.Truthy() && p.Get("mark").Truthy() {
		p.Call("mark", "poppy-start")
	}
}
