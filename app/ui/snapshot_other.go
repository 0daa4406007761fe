//go:build !(js && wasm)

package ui

// snapshotScript: outside the browser there is no page.
func snapshotScript(string, ...any) bool { return false }
