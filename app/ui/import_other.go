//go:build !(js && wasm)

package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/mailbox"
)

// importFile is the native twin of import_js.go: outside a browser there
// is no File to read, so nothing is imported.
func importFile(*mailbox.Mailbox, app.Value, func(int)) (mailbox.ImportReport, error) {
	return mailbox.ImportReport{}, nil
}
