package ui

import (
	"errors"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/archive/mbox"
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// importSection imports an mbox file into the open account's device
// store (mailbox.ImportMbox): the file streams from the disk a slice at
// a time (import_js.go), so a file of any size works.
type importSection struct {
	app.Compo

	// Lang is the interface language: a change re-renders (i18n).
	Lang string

	Mailbox *mailbox.Mailbox

	ctx    app.Context
	busy   bool
	read   int    // messages read so far
	report string // what the last import did
}

func (c *importSection) OnMount(ctx app.Context) { c.ctx = ctx }

func (c *importSection) Render() app.UI {
	if c.Mailbox == nil {
		return app.Div().ID("import")
	}
	report := c.report
	if c.busy {
		report = i18n.T("Importing… messages read: {0}", c.read)
	}
	return app.Div().ID("import").Body(
		app.H3().Text(i18n.T("Import mail")),
		app.Label().Class("setting").Body(
			app.Text(i18n.T("Import an mbox file (from another mail program) into this device:")+" "),
			app.Input().Type("file").Name("import-mbox").Accept(".mbox,.mbx,.mbs,application/mbox,text/plain").Disabled(c.busy).
				OnChange(func(ctx app.Context, e app.Event) {
					files := ctx.JSSrc().Get("files")
					if files.Get("length").Int() == 0 {
						return
					}
					c.start(files.Call("item", 0))
					ctx.JSSrc().Set("value", "") // the same file may be chosen again
				}),
		),
		app.P().ID("import-report").Role("status").Text(report),
	)
}

// start imports file (a File) off the UI goroutine.
func (c *importSection) start(file app.Value) {
	if c.ctx == nil || c.busy {
		return
	}
	ctx, mb := c.ctx, c.Mailbox
	name := file.Get("name").String()
	c.busy, c.read, c.report = true, 0, ""
	ctx.Async(func() {
		rep, err := importFile(mb, file, func(n int) {
			if n%50 == 0 {
				ctx.Dispatch(func(app.Context) { c.read = n })
			}
		})
		if rep.Imported > 0 {
			archiveKick() // the folder archive takes them too
		}
		ctx.Dispatch(func(app.Context) {
			c.busy = false
			c.report = importReportText(name, rep, err)
		})
	})
}

// importReportText says what an import did and skipped, and why.
func importReportText(name string, rep mailbox.ImportReport, err error) string {
	var s []string
	switch {
	case errors.Is(err, mailbox.ErrNoKeeping):
		return i18n.T("This device's storage cannot keep imported mail.")
	case store.IsQuota(err):
		s = append(s, i18n.T("This device has no space left, so the import stopped. Messages imported before it stopped: {0}.", rep.Imported))
	case err != nil:
		s = append(s, i18n.T("The import stopped: {0}. Messages imported before it stopped: {1}.", err, rep.Imported))
	default:
		s = append(s, i18n.T("Imported from {0}: {1} messages, shown as only on this device.", name, rep.Imported))
	}
	count := map[string]int{}
	for _, sk := range rep.Skipped {
		count[sk.Why]++
	}
	if n := count[mailbox.SkipSameID]; n > 0 {
		s = append(s, i18n.T("Skipped, because a message with the same Message-ID is already on this device: {0}.", n))
	}
	if n := count[mailbox.SkipSameContent]; n > 0 {
		s = append(s, i18n.T("Skipped, because the same message is already on this device: {0}.", n))
	}
	for _, sk := range rep.Skipped {
		switch sk.Why {
		case mailbox.SkipTruncated:
			s = append(s, i18n.T("Message {0} (from {1}) was skipped: the file ends in the middle of it. Import the complete file again to get it.", sk.Number, sk.From))
		case mailbox.SkipTooLarge:
			s = append(s, i18n.T("Message {0} (from {1}) was skipped: it is larger than {2}.", sk.Number, sk.From, formatSize(mbox.DefaultMaxMessageSize)))
		}
	}
	if rep.Garbage > 0 {
		s = append(s, i18n.T("The first {0} of the file were not part of any message and were skipped.", formatSize(rep.Garbage)))
	}
	if rep.MixedEndings > 0 {
		s = append(s, i18n.T("Messages whose lines mixed CRLF and LF endings, kept with CRLF: {0}.", rep.MixedEndings))
	}
	if rep.FromLines > 0 {
		s = append(s, i18n.T("Messages with lines starting with “From ” in their text, kept as text rather than split: {0}.", rep.FromLines))
	}
	return strings.Join(s, " ")
}

// renderImport is the accounts panel's import section for the open
// account.
func (c *accountsPanel) renderImport() app.UI {
	return &importSection{Lang: i18n.Current().Tag(), Mailbox: c.Mailbox}
}
