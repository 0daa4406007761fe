//go:build !(js && wasm)

package ui

// storagePersist: outside a browser storage is never persistent.
func storagePersist(_ bool, done func(bool)) { done(false) }
