//go:build !(js && wasm)

package main

// warmWhenIdle has no page to warm outside the browser.
func warmWhenIdle() {}
