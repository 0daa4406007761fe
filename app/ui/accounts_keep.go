package ui

import (
	"context"
	"io"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// Keeping mail on the device (issue 13): the full copy of an account,
// which runs in the background as long as its mailbox is open, and the
// accounts panel's section for it (retention policy with a preview,
// full-copy switch and progress, mbox export, activity log).

// keepSection is the accounts panel's section for the open account.
type keepSection struct {
	app.Compo

	// Lang is the interface language: a change re-renders (i18n).
	Lang string

	DB      store.DB
	Mailbox *mailbox.Mailbox
	Key     string
	// OnCopied is called when a full copy ends, so that the storage
	// figure counts the new copies.
	OnCopied func()

	ctx      app.Context
	copying  bool // a full copy ran at the last notice (copyChanged)
	settings store.KeepSettings
	loaded   bool
	draft    store.Retention
	editing  bool              // a policy change waits for its confirmation
	plan     *mailbox.Plan     // the preview of draft
	rows     map[string]string // UID → subject, for the preview
	activity []store.Activity
	message  string
	busy     bool
}

func (c *keepSection) keeper() *keeper {
	if c.DB == nil || c.Mailbox == nil {
		return nil
	}
	return keeperFor(c.DB, c.Mailbox)
}

func (c *keepSection) OnMount(ctx app.Context) {
	c.ctx = ctx
	if k := c.keeper(); k != nil {
		k.mu.Lock()
		k.listener = func() { ctx.Dispatch(func(app.Context) { c.copyChanged(k) }) }
		k.mu.Unlock()
	}
	c.load()
}

func (c *keepSection) OnDismount() {
	if k := c.keeper(); k != nil {
		k.mu.Lock()
		k.listener = nil
		k.mu.Unlock()
	}
}

// load reads the settings and the activity log.
func (c *keepSection) load() {
	if c.DB == nil || c.ctx == nil || c.Key == "" {
		return
	}
	db, key, ctx := c.DB, c.Key, c.ctx
	ctx.Async(func() {
		ks, err := db.KeepSettings(context.Background(), key)
		log, _ := db.Activity(context.Background(), key)
		ctx.Dispatch(func(app.Context) {
			if err != nil {
				c.message = deviceSentence(i18n.T("Poppy could not read this account's settings."), err)
			}
			c.settings, c.activity, c.loaded = ks, log, true
			if !c.editing {
				c.draft = ks.Retention
			}
		})
	})
}

// choose starts a policy change: the preview shows what it would remove,
// and nothing changes until Apply.
func (c *keepSection) choose(r store.Retention) {
	c.draft, c.editing, c.plan, c.message = r, true, nil, ""
	if r.Policy == store.RetainWhenSafe {
		// The browser answers at once, or after asking the person.
		storagePersist(true, func(p bool) {
			if k := c.keeper(); k != nil {
				k.mu.Lock()
				k.persistent = p
				k.mu.Unlock()
			}
			c.preview()
		})
		return
	}
	c.preview()
}

func (c *keepSection) preview() {
	k := c.keeper()
	if k == nil || c.ctx == nil {
		return
	}
	if !c.Mailbox.SignedIn() {
		c.message = i18n.T("Sign in to see what this policy would remove from the server.")
		return
	}
	ctx, draft, mb, db, key := c.ctx, c.draft, c.Mailbox, c.DB, c.Key
	k.mu.Lock()
	persistent := k.persistent
	k.mu.Unlock()
	c.busy = true
	ctx.Async(func() {
		plan, err := mb.PreviewRetention(context.Background(), db, draft, persistent)
		rows := map[string]string{}
		if list, lerr := db.KeptList(context.Background(), key); lerr == nil {
			for _, kp := range list {
				rows[kp.UID] = kp.Row.Subject
			}
		}
		ctx.Dispatch(func(app.Context) {
			c.busy = false
			if draft != c.draft {
				return // a later choice replaced it
			}
			if err != nil {
				c.message = i18n.T("Poppy could not preview the policy: {0}", err)
				return
			}
			c.plan, c.rows = &plan, rows
		})
	})
}

// apply saves the draft policy and runs it.
func (c *keepSection) apply() {
	k := c.keeper()
	if k == nil || c.ctx == nil || c.plan == nil {
		return
	}
	ctx, mb, db, key := c.ctx, c.Mailbox, c.DB, c.Key
	ks := c.settings
	ks.Retention = c.draft
	k.mu.Lock()
	persistent := k.persistent
	k.mu.Unlock()
	c.busy = true
	ctx.Async(func() {
		err := db.PutKeepSettings(context.Background(), key, ks)
		var rep mailbox.RetentionReport
		if err == nil && ks.Retention.Policy != store.RetainLeave {
			rep, err = mb.ApplyRetention(context.Background(), db, ks.Retention, persistent)
		}
		log, _ := db.Activity(context.Background(), key)
		ctx.Dispatch(func(app.Context) {
			c.busy, c.editing, c.plan = false, false, nil
			c.settings, c.activity = ks, log
			switch {
			case err != nil:
				c.message = i18n.T("The policy is saved, but this run stopped: {0}", err)
			case len(rep.Removed) > 0:
				c.message = i18n.N("Removed {0} messages from the server. They stay on this device.", len(rep.Removed))
			default:
				c.message = i18n.T("The policy is saved. Nothing was removed from the server.")
			}
		})
	})
}

// setFullCopy turns the full copy on or off.
func (c *keepSection) setFullCopy(on bool) {
	k := c.keeper()
	if k == nil || c.ctx == nil {
		return
	}
	ks := c.settings
	ks.FullCopy = on
	c.settings = ks
	db, key := c.DB, c.Key
	if on {
		storagePersist(true, func(p bool) {
			k.mu.Lock()
			k.persistent = p
			k.mu.Unlock()
		})
	}
	go func() {
		if err := db.PutKeepSettings(context.Background(), key, ks); err != nil {
			return
		}
		if on {
			k.copy(ks)
		}
	}()
}

// setBudget caps the bytes of the account's full copies; a copy that
// stopped at the old budget resumes.
func (c *keepSection) setBudget(bytes int64) {
	k := c.keeper()
	if k == nil {
		return
	}
	ks := c.settings
	ks.Budget = bytes
	c.settings = ks
	db, key := c.DB, c.Key
	go func() {
		if err := db.PutKeepSettings(context.Background(), key, ks); err == nil && ks.FullCopy {
			k.copy(ks)
		}
	}()
}

// export downloads the account as an mbox file.
func (c *keepSection) export() {
	if c.Mailbox == nil || c.ctx == nil {
		return
	}
	mb, name := c.Mailbox, exportName(c.Key, ".mbox")
	c.busy, c.message = true, i18n.T("Preparing the export…")
	runExport(c.ctx, name, func(w io.Writer) (int, error) {
		return mb.ExportMbox(context.Background(), w)
	}, func(n int, err error) {
		c.busy = false
		if err != nil {
			c.message = i18n.T("The export failed, so no file was saved: {0}", err)
			return
		}
		c.message = i18n.N("Exported {0} messages as {1}.", n, name)
	})
}

var retentionChoices = []struct{ value, label string }{
	{store.RetainLeave, i18n.Key("Leave on server")},
	{store.RetainAfterDays, i18n.Key("Remove from the server after N days")},
	{store.RetainWhenSafe, i18n.Key("Remove once kept safely on this device")},
	{store.RetainAtMost, i18n.Key("Keep at most N messages on the server")},
	// "Delete from the server when I delete it here" is also the
	// checkbox beside them (accounts_keep_delete.go), since it goes with
	// any policy. The option stays, as the automation contract names
	// it: it removes nothing by itself, like "Leave on server", and
	// choosing it ticks the checkbox.
	{store.RetainDeleteHere, i18n.Key("Delete from the server when I delete it here")},
}

func (c *keepSection) Render() app.UI {
	k := c.keeper()
	if k == nil {
		return app.Div().ID("keep-mail").Body(app.P().Text(i18n.T("Open an account to choose what it keeps.")))
	}
	d := c.draft
	number := func(name string, v int, set func(int) store.Retention) app.UI {
		return app.Input().Type("number").Name(name).Min(0).Value(strconv.Itoa(v)).Aria("label", "N").
			OnChange(func(ctx app.Context, e app.Event) {
				n, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
				if err == nil && n >= 0 {
					c.choose(set(n))
				}
			})
	}
	return app.Div().ID("keep-mail").Body(
		app.H3().Text(i18n.T("Keep your mail")),
		app.Label().Class("setting").Body(
			app.Text(i18n.T("On the server:")+" "),
			app.Select().Name("retention").Disabled(!c.loaded).OnChange(func(ctx app.Context, e app.Event) {
				r := store.Retention{Policy: ctx.JSSrc().Get("value").String(), Days: max(d.Days, 30), Max: max(d.Max, 1000)}
				if r.Policy == store.RetainDeleteHere && c.settings.DeleteHereOnly {
					c.setDeleteOnServer(true)
				}
				c.choose(r)
			}).Body(app.Range(retentionChoices).Slice(func(i int) app.UI {
				ch := retentionChoices[i]
				return app.Option().Value(ch.value).Selected(ch.value == d.Policy).Text(i18n.T(ch.label))
			})),
		),
		app.If(d.Policy == store.RetainAfterDays, app.Label().Class("setting").Body(
			app.Text(i18n.T("Days:")+" "),
			number("retention-days", d.Days, func(n int) store.Retention { d.Days = n; return d }),
		)),
		app.If(d.Policy == store.RetainAtMost, app.Label().Class("setting").Body(
			app.Text(i18n.T("Messages:")+" "),
			number("retention-max", d.Max, func(n int) store.Retention { d.Max = n; return d }),
		)),
		c.renderDeleteChoice(),
		app.P().Class("note").Text(i18n.T("Poppy removes a message from the server only once its full copy on this device is verified (same size as on the server, written and read back). "+
			"“Safely” also needs this browser's persistent storage, or a disk archive.")),
		app.If(c.editing, c.renderPreview()),
		app.Label().Class("setting").Body(
			app.Input().Type("checkbox").Name("full-copy").Checked(c.settings.FullCopy).Disabled(!c.loaded).
				OnChange(func(ctx app.Context, e app.Event) { c.setFullCopy(ctx.JSSrc().Get("checked").Bool()) }),
			app.Text(" "+i18n.T("Keep a copy of every message on this device")),
		),
		app.Label().Class("setting").Body(
			app.Text(i18n.T("Storage budget for these copies, in MB (0: none):")+" "),
			app.Input().Type("number").Name("copy-budget").Min(0).Disabled(!c.loaded).
				Value(strconv.FormatInt(c.settings.Budget>>20, 10)).
				OnChange(func(ctx app.Context, e app.Event) {
					mb, err := strconv.ParseInt(ctx.JSSrc().Get("value").String(), 10, 64)
					if err == nil && mb >= 0 && mb < 1<<40 {
						c.setBudget(mb << 20)
					}
				}),
		),
		app.P().ID("copy-progress").Role("status").Text(k.progressText(c.settings.FullCopy)),
		app.Button().ID("export-mbox").Disabled(c.busy).Text(i18n.T("Export mbox")).OnClick(func(app.Context, app.Event) { c.export() }),
		app.If(c.message != "", app.P().ID("keep-message").Role("status").Text(c.message)),
		app.H3().Text(i18n.T("Removed from the server")),
		app.If(len(c.activity) == 0, app.P().ID("activity-empty").Text(i18n.T("Poppy has removed nothing from the server for this account."))),
		app.Ul().ID("activity-log").Body(app.Range(c.activity).Slice(func(i int) app.UI {
			a := c.activity[len(c.activity)-1-i] // newest first
			subject := a.Subject
			if subject == "" {
				subject = i18n.T("(no subject)")
			}
			return app.Li().Class("activity").DataSet("uidl", a.UID).Body(
				app.Span().Class("when").Text(a.At.Local().Format("2006-01-02 15:04")+" "),
				app.Span().Class("what").Body(app.Bdi().Text(subject)),
				app.Span().Class("why").Text(" — "+i18n.T("{0}; kept on this device", whyText(a.Why, a.Reason))),
			)
		})),
	)
}

func (c *keepSection) renderPreview() app.UI {
	if c.plan == nil {
		return app.Div().ID("retention-preview").Body(app.P().Text(i18n.T("Checking what this policy would remove…")))
	}
	p := c.plan
	summary := i18n.T("This policy removes nothing from the server now.")
	if n := len(p.Remove); n > 0 {
		summary = i18n.N("This policy would remove {0} messages from the server now. Each stays on this device.", n)
	}
	list := p.Remove
	if len(list) > 20 {
		list = list[:20]
	}
	return app.Div().ID("retention-preview").Class("confirm").Body(
		app.P().Class("summary").Text(summary),
		app.Ul().Body(app.Range(list).Slice(func(i int) app.UI {
			r := list[i]
			return app.Li().DataSet("uidl", r.UID).Body(app.Bdi().Text(c.rows[r.UID]), app.Text(" — "+whyText(&r.Why, r.Reason)))
		})),
		app.If(len(p.Held) > 0, app.P().Class("held").Text(i18n.N("{0} more stay on the server until they are kept safely on this device.", len(p.Held)))),
		app.Button().ID("retention-apply").Disabled(c.busy).Text(i18n.T("Apply policy")).OnClick(func(app.Context, app.Event) { c.apply() }),
		app.Button().Class("link").Text(i18n.T("Cancel")).OnClick(func(app.Context, app.Event) {
			c.editing, c.plan, c.draft = false, nil, c.settings.Retention
		}),
	)
}

// renderKeep is the accounts panel's keep section for the open account.
func (c *accountsPanel) renderKeep() app.UI {
	return &keepSection{Lang: i18n.Current().Tag(), DB: c.DB, Mailbox: c.Mailbox, Key: c.Current, OnCopied: c.measure}
}
