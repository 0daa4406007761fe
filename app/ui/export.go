package ui

import (
	"io"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// exportName is the file name of an account's export: its key with the
// characters that file systems or download managers mangle replaced.
func exportName(account, ext string) string {
	return strings.NewReplacer("@", "-at-", "/", "-", ":", "-", "%", "-").Replace(account) + ext
}

// runExport writes an account's export into a download named name, off
// the UI goroutine and a megabyte at a time (downloadSink: an account's
// mail may be larger than the tab's memory), then hands done the count
// write returned and the first error, on the UI goroutine. A failed
// export saves no file.
func runExport(ctx app.Context, name string, write func(io.Writer) (int, error), done func(n int, err error)) {
	ctx.Async(func() {
		sink := newDownloadSink()
		n, err := write(sink)
		if err == nil {
			err = sink.Save(name)
		}
		ctx.Dispatch(func(app.Context) { done(n, err) })
	})
}
