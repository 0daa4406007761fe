//go:build js && wasm

package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/archive/maildir/webfs"
	"github.com/poppymail/poppy/app/mailbox"
)

// importFile imports file (a File of a file input) into mb's account,
// reading it a slice at a time (webfs.BlobReader): never whole.
func importFile(mb *mailbox.Mailbox, file app.Value, progress func(int)) (mailbox.ImportReport, error) {
	return mb.ImportMbox(context.Background(), webfs.NewBlobReader(app.JSValue(file)), progress)
}
