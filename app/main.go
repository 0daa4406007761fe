// Command app is Poppy's browser application, compiled to web/app.wasm
// (GOOS=js GOARCH=wasm). The bridge serves it; see package ui for the
// interface and packages mailbox, transport and render for the rest.
package main

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/ui"
)

func main() {
	markStart()
	warmWhenIdle()
	ui.Routes()
	app.RunWhenOnBrowser()
}
