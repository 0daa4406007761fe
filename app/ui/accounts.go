package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/store"
)

// deviceView is the state of the "accounts and storage" panel.
type deviceView struct {
	open    bool
	usage   map[string]store.Usage // by account key; "" is the total
	confirm string                 // the account whose removal waits for a second click
	message string                 // what the last action did
}

// record returns the saved record of key, or a zero one.
func (s *Shell) record(key string) store.Account {
	for _, a := range s.accounts {
		if a.Key == key {
			return a
		}
	}
	return store.Account{}
}

// saveAccount writes the open account's record (last use, trusted
// certificate, whether the server has UIDL) and re-reads the list.
func (s *Shell) saveAccount(ctx app.Context) {
	if s.db == nil || s.mbox == nil || s.acct.Key == "" {
		return
	}
	s.acct.LastUsed = time.Now()
	s.acct.NoUIDL = !s.mbox.HasUIDL()
	db, rec := s.db, s.acct
	s.ctx.Async(func() {
		err := db.PutAccount(context.Background(), rec)
		accts, lerr := db.Accounts(context.Background())
		s.ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				err = lerr
			}
			if err != nil {
				s.dbNote = "Poppy could not save this account on the device: " + err.Error()
				return
			}
			s.accounts = accts
		})
	})
}

// closeMailbox leaves the open mailbox: deletions still in their undo
// window are committed (or queued, offline) before it closes, since the
// person asked for them.
func (s *Shell) closeMailbox() {
	mb := s.mbox
	s.mbox, s.rows, s.shown, s.open, s.undo, s.problem, s.status = nil, nil, nil, nil, nil, nil, ""
	s.acct, s.tr = store.Account{}, nil
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	setTitleCount(s.ctx, 0)
	if mb == nil {
		return
	}
	s.ctx.Async(func() {
		_ = mb.Flush(context.Background())
		mb.Close()
	})
}

func accountLabel(a store.Account) string {
	if a.Username == "" {
		return "Accounts"
	}
	return a.Username + " · " + a.Server
}

// toggleDevice opens the panel and measures what each account keeps.
func (s *Shell) toggleDevice(ctx app.Context) {
	s.device.open = !s.device.open
	s.device.confirm, s.device.message = "", ""
	if s.device.open {
		s.measureUsage()
	}
}

func (s *Shell) measureUsage() {
	if s.db == nil {
		return
	}
	db, accts := s.db, s.accounts
	s.ctx.Async(func() {
		u := map[string]store.Usage{}
		for _, a := range accts {
			if v, err := db.Usage(context.Background(), a.Key); err == nil {
				u[a.Key] = v
			}
		}
		if v, err := db.Usage(context.Background(), ""); err == nil {
			u[""] = v
		}
		s.ctx.Dispatch(func(ctx app.Context) { s.device.usage = u })
	})
}

// removeAccount deletes an account's record and everything kept for it,
// and says how much that freed.
func (s *Shell) removeAccount(key string) {
	if s.db == nil {
		return
	}
	if s.acct.Key == key {
		delete(s.passwords, key)
		s.closeMailbox()
	}
	db := s.db
	s.device.confirm = ""
	s.ctx.Async(func() {
		freed, err := db.RemoveAccount(context.Background(), key)
		accts, _ := db.Accounts(context.Background())
		s.ctx.Dispatch(func(ctx app.Context) {
			s.accounts = accts
			if err != nil {
				s.device.message = "Poppy could not remove the account's data: " + err.Error()
				return
			}
			s.device.message = "Removed " + key + " and " + formatSize(freed.Bytes()) + " of its mail from this device. Nothing was deleted from the server."
			s.measureUsage()
		})
	})
}

// clearData deletes every account's cached mail from the device, and
// keeps the accounts.
func (s *Shell) clearData() {
	if s.db == nil {
		return
	}
	db := s.db
	s.ctx.Async(func() {
		freed, err := db.Clear(context.Background())
		s.ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.device.message = "Poppy could not clear its local data: " + err.Error()
				return
			}
			s.device.message = "Cleared " + formatSize(freed.Bytes()) + " of mail kept on this device. Nothing was deleted from the server; messages are downloaded again when needed."
			s.measureUsage()
		})
	})
}

func usageText(u store.Usage) string {
	return formatSize(u.Bytes()) + " (" + itoa(int64(u.Headers)) + " message" + plural(u.Headers) + ", " +
		itoa(int64(u.Bodies)) + " kept for offline reading)"
}

// renderDevice is the panel of accounts, storage and new-mail settings.
func (s *Shell) renderDevice() app.UI {
	total, measured := s.device.usage[""]
	return app.Section().ID("device-panel").Class("panel").Aria("label", "Accounts and storage").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Accounts and storage"),
			app.Button().Class("link").Text("Close").OnClick(func(ctx app.Context, e app.Event) { s.device.open = false }),
		),
		app.Ul().Class("accounts").Body(app.Range(s.accounts).Slice(func(i int) app.UI {
			return s.renderAccount(s.accounts[i])
		})),
		app.Button().ID("add-account").Text("Add account").OnClick(func(ctx app.Context, e app.Event) {
			s.device.open = false
			s.closeMailbox()
			s.lastForm.Password = ""
		}),
		app.H3().Text("On this device"),
		app.P().ID("storage-usage").Text(func() string {
			if !measured {
				return "Measuring…"
			}
			return "Poppy keeps " + usageText(total) + ". Opened messages beyond 64 MB are dropped, least recently read first; the inbox list is always kept."
		}()),
		app.If(s.dbNote != "", app.P().Class("note").Text(s.dbNote)),
		app.Button().ID("clear-data").Class("danger").Text("Clear local data").OnClick(func(ctx app.Context, e app.Event) { s.clearData() }),
		app.H3().Text("New mail"),
		s.renderCheckEvery(),
		s.renderNotifySetting(),
		app.If(s.device.message != "", app.P().ID("device-message").Role("status").Text(s.device.message)),
	)
}

func (s *Shell) renderAccount(a store.Account) app.UI {
	u, ok := s.device.usage[a.Key]
	size := ""
	if ok {
		size = usageText(u)
	}
	key := a.Key
	current := key == s.acct.Key
	return app.Li().Class("account").DataSet("key", key).Body(
		app.Span().Class("name").Text(a.Username+" on "+a.Server),
		app.Span().Class("size").Text(size),
		app.If(!current, app.Button().Class("link").Text("Open").OnClick(func(ctx app.Context, e app.Event) {
			s.device.open = false
			s.openAccount(ctx, a)
		}, key)),
		app.If(current, app.Span().Class("current").Text("open")),
		app.If(s.device.confirm != key, app.Button().Class("link danger").Text("Remove").OnClick(func(ctx app.Context, e app.Event) {
			s.device.confirm = key
		}, key)),
		app.If(s.device.confirm == key, app.Span().Class("confirm").Body(
			app.Text("Remove this account and "+formatSize(u.Bytes())+" of its mail from this device? "),
			app.Button().Class("danger").Text("Remove").OnClick(func(ctx app.Context, e app.Event) { s.removeAccount(key) }, key),
			app.Button().Class("link").Text("Cancel").OnClick(func(ctx app.Context, e app.Event) { s.device.confirm = "" }, key),
		)),
	)
}

// renderSaved lists, on the sign-in page, the accounts kept on this
// device: they open from the device's copy, offline too.
func (s *Shell) renderSaved() app.UI {
	return app.Section().ID("saved-accounts").Class("saved").Aria("label", "Accounts on this device").Body(
		app.H2().Text("On this device"),
		app.If(s.dbNote != "", app.P().Class("note").Text(s.dbNote)),
		app.Ul().Body(app.Range(s.accounts).Slice(func(i int) app.UI {
			a := s.accounts[i]
			return app.Li().Class("account").DataSet("key", a.Key).Body(
				app.Button().Class("link").Text(a.Username+" on "+a.Server).OnClick(func(ctx app.Context, e app.Event) {
					s.openAccount(ctx, a)
				}, a.Key),
			)
		})),
	)
}
