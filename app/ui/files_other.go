//go:build !(js && wasm)

package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// readFiles is the native twin of files_js.go: outside a browser there
// are no File objects, so nothing is read.
func readFiles(_ app.Value, done func([]attachment, error)) { done(nil, nil) }
