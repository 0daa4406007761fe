package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// "Delete from the server when I delete it here": the checkbox
// input[name=delete-on-server] beside the retention policy, on by
// default (store.KeepSettings.DeleteHereOnly false, as before the choice
// existed). Off, a deletion leaves this device's list only, and the
// server keeps the message until the policy removes it (see
// mailbox.SetDeleteHereOnly).

func (c *keepSection) renderDeleteChoice() app.UI {
	on := !c.settings.DeleteHereOnly
	return app.Div().Body(
		app.Label().Class("setting").Body(
			app.Input().Type("checkbox").Name("delete-on-server").Checked(on).Disabled(!c.loaded).
				OnChange(func(ctx app.Context, e app.Event) { c.setDeleteOnServer(ctx.JSSrc().Get("checked").Bool()) }),
			app.Text(" "+i18n.T("Delete from the server when I delete it here")),
		),
		app.If(!on, app.P().ID("delete-here-note").Class("note").Text(i18n.T("A message you delete here leaves this device's list only: the server keeps it until the policy above removes it."))),
	)
}

// setDeleteOnServer changes the choice: the Mailbox follows it at once,
// and the store (which the Mailbox reads again before any DELE) in the
// background.
func (c *keepSection) setDeleteOnServer(on bool) {
	if c.DB == nil || c.Mailbox == nil {
		return
	}
	ks := c.settings
	ks.DeleteHereOnly = !on
	c.settings = ks
	c.Mailbox.SetDeleteHereOnly(!on)
	db, key := c.DB, c.Key
	go func() {
		if err := db.PutKeepSettings(context.Background(), key, ks); err != nil && c.ctx != nil {
			c.ctx.Dispatch(func(app.Context) {
				c.message = deviceSentence(i18n.T("Poppy could not save this choice."), err)
			})
		}
	}()
}

// deletedHereStatus is the inbox's status line after a deletion that
// stayed on the device (mailbox.EventHidden, EventDropped).
func deletedHereStatus(ev mailbox.Event) string {
	if ev.Kind == mailbox.EventDropped {
		return i18n.N("Deleted {0} messages from this device.", len(ev.UIDs))
	}
	return i18n.N("Deleted {0} messages on this device only: the server keeps them until the retention policy removes them.", len(ev.UIDs))
}

// keptUsageText adds full copies to the storage figure (store.Usage).
func keptUsageText(u store.Usage) string {
	if u.Kept == 0 {
		return ""
	}
	return i18n.N(", and full copies of {0} messages ({1})", u.Kept, formatSize(u.KeptBytes))
}

// copyChanged runs on the UI goroutine at each notice of the keeper:
// when a full copy has ended, the panel measures its storage again.
func (c *keepSection) copyChanged(k *keeper) {
	k.mu.Lock()
	running := k.running
	k.mu.Unlock()
	if c.copying && !running && c.OnCopied != nil {
		c.OnCopied()
	}
	c.copying = running
}
