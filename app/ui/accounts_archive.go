package ui

import (
	"context"
	"io"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/archive/emlzip"
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// The folder archive (issue 13): each message the device keeps is also
// written, as a Maildir, to a folder the person picked (File System
// Access API; accounts_archive_js.go does the writing), so that mail
// outlives the browser's storage and other programs can read it. And
// the export of an account as a zip of .eml files.

// What stopped the archive, if anything.
const (
	archiveOK         = ""
	archivePermission = "permission" // the browser took the folder's permission back
	archiveFull       = "full"       // the disk (or the browser's quota) is full
	archiveFailed     = "failed"     // anything else: Detail says what
)

// archiveState is a snapshot of an account's archive, for the panel.
type archiveState struct {
	Supported bool // the browser can write to a picked folder
	Loaded    bool // the settings were read
	Settings  store.ArchiveSettings
	Running   bool
	// Due is set while a run is asked for and has not started: until it
	// has looked, the folder cannot be said to hold everything.
	Due     bool
	Written int // messages written in this run
	Left    int // kept messages not yet in the folder
	Problem string
	Detail  string
}

// archiveSection is the accounts panel's section for the open account's
// folder archive and its .eml zip export.
type archiveSection struct {
	app.Compo

	// Lang is the interface language: a change re-renders (i18n).
	Lang string

	DB      store.DB
	Mailbox *mailbox.Mailbox
	Key     string

	ctx     app.Context
	message string
	busy    bool
}

func (c *archiveSection) OnMount(ctx app.Context) {
	c.ctx = ctx
	archiveListen(c.DB, c.Key, func() { ctx.Dispatch(func(app.Context) {}) })
}

func (c *archiveSection) OnDismount() { archiveListen(c.DB, c.Key, nil) }

func (c *archiveSection) Render() app.UI {
	if c.Mailbox == nil || c.Key == "" {
		return app.Div().ID("archive")
	}
	st := archiveStatus(c.DB, c.Key)
	return app.Div().ID("archive").Body(
		app.H3().Text(i18n.T("Archive on your disk")),
		app.Label().Class("setting").Body(
			app.Input().Type("checkbox").Name("archive-folder").Checked(st.Settings.On).Disabled(!st.Supported || !st.Loaded).
				OnChange(func(ctx app.Context, e app.Event) {
					on := ctx.JSSrc().Get("checked").Bool()
					// The box shows the saved state until the change is
					// made: a closed picker changes nothing.
					ctx.JSSrc().Set("checked", st.Settings.On)
					archiveSet(c.DB, c.Key, on)
				}),
			app.Text(" "+i18n.T("Keep an archive in a folder")),
		),
		app.P().Class("note").Text(i18n.T("Poppy writes each message it keeps on this device into the folder you pick, as a Maildir (folders cur, new and tmp) that Thunderbird, mutt or Dovecot can read. The “safely” policy counts a message written there as safe.")),
		app.P().ID("archive-status").Role("status").Text(archiveStatusText(st)),
		app.If(st.Problem == archivePermission, app.Button().ID("archive-regrant").Text(i18n.T("Allow access to the folder again")).
			OnClick(func(app.Context, app.Event) { archiveRegrant(c.DB, c.Key) })),
		app.If(st.Problem == archiveFull || st.Problem == archiveFailed, app.Button().ID("archive-retry").Text(i18n.T("Try again")).
			OnClick(func(app.Context, app.Event) { archiveRetry(c.DB, c.Key) })),
		app.Button().ID("export-eml-zip").Disabled(c.busy).Text(i18n.T("Export .eml zip")).OnClick(func(app.Context, app.Event) { c.exportZip() }),
		app.If(c.message != "", app.P().ID("archive-message").Role("status").Text(c.message)),
	)
}

// archiveStatusText is what #archive-status says.
func archiveStatusText(st archiveState) string {
	folder := st.Settings.Folder
	switch {
	case !st.Supported:
		return i18n.T("This browser cannot write to a folder on your disk. Use Export mbox or Export .eml zip instead.")
	case !st.Loaded:
		return i18n.T("Measuring…")
	case !st.Settings.On:
		return i18n.T("Off: kept messages are only on this device.")
	case st.Problem == archivePermission:
		return i18n.T("Poppy may no longer write to the folder {0}. Allow access again; until then, messages stay on this device only.", folder)
	case st.Problem == archiveFull:
		return i18n.T("The disk with the folder {0} is full, so the archive stopped. Your mail stays on this device; free some space and try again.", folder)
	case st.Problem == archiveFailed:
		return i18n.T("The archive stopped: {0}. Your mail stays on this device.", st.Detail)
	case st.Running:
		return i18n.T("Writing to the folder {0}: {1} written, {2} to go.", folder, st.Written, st.Left)
	case st.Due:
		return i18n.T("Checking which messages the folder {0} still needs…", folder)
	}
	return i18n.T("Every message kept on this device is in the folder {0}.", folder)
}

// exportZip downloads the account as a zip of .eml files, one message at
// a time into the download (see downloadSink).
func (c *archiveSection) exportZip() {
	if c.Mailbox == nil || c.ctx == nil {
		return
	}
	mb, name := c.Mailbox, exportName(c.Key, ".zip")
	c.busy, c.message = true, i18n.T("Preparing the export…")
	runExport(c.ctx, name, func(w io.Writer) (int, error) {
		zw := emlzip.NewWriter(w)
		n, err := mb.EachMessage(context.Background(), func(r mailbox.Summary, raw []byte) error {
			return zw.Add(r.Subject, r.Date, raw)
		})
		if err == nil {
			err = zw.Close()
		}
		return n, err
	}, func(n int, err error) {
		c.busy = false
		if err != nil {
			c.message = i18n.T("The export failed, so no file was saved: {0}", err)
			return
		}
		c.message = i18n.T("Exported as {1}: {0} messages.", n, name)
	})
}

// renderArchive is the accounts panel's archive section for the open
// account.
func (c *accountsPanel) renderArchive() app.UI {
	return &archiveSection{Lang: i18n.Current().Tag(), DB: c.DB, Mailbox: c.Mailbox, Key: c.Current}
}
