package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// accountsPanel is the panel of accounts, storage and new-mail settings,
// a component with its own state: what each account keeps, the removal
// waiting for a second click, and what the last action did. The Shell
// owns the accounts and the open mailbox, and hears of changes through
// the callbacks, which run on the UI goroutine.
type accountsPanel struct {
	app.Compo

	DB         store.DB // nil until the store opened
	Accounts   []store.Account
	Current    string // the open account's key
	Note       string // why nothing is kept on this device, if so
	CheckEvery time.Duration
	OAuth      oauthPanel       // the OAuth accounts' rows (accounts_oauth.go)
	Mailbox    *mailbox.Mailbox // the open account's, for keeping its mail (accounts_keep.go)

	OnClose  func()
	OnOpen   func(store.Account)
	OnAdd    func()
	OnRemove func(key string) // before the account's data is removed
	// OnAccounts gives the list of accounts after a removal.
	OnAccounts   func([]store.Account)
	OnCheckEvery func(app.Context, time.Duration)

	ctx     app.Context
	usage   map[string]store.Usage // by account key; "" is the total
	confirm string                 // the account whose removal waits for a second click
	message string                 // what the last action did
}

// OnMount measures what each account keeps: the panel mounts when it
// opens.
func (c *accountsPanel) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.measure()
}

func (c *accountsPanel) measure() {
	if c.DB == nil || c.ctx == nil {
		return
	}
	db, accts := c.DB, c.Accounts
	c.ctx.Async(func() {
		u := map[string]store.Usage{}
		for _, a := range accts {
			if v, err := db.Usage(context.Background(), a.Key); err == nil {
				u[a.Key] = v
			}
		}
		if v, err := db.Usage(context.Background(), ""); err == nil {
			u[""] = v
		}
		c.ctx.Dispatch(func(app.Context) { c.usage = u })
	})
}

// remove deletes an account's record and everything kept for it, and
// says how much that freed.
func (c *accountsPanel) remove(key string) {
	if c.DB == nil || c.ctx == nil {
		return
	}
	if c.OnRemove != nil {
		c.OnRemove(key)
	}
	db := c.DB
	c.confirm = ""
	c.ctx.Async(func() {
		freed, err := db.RemoveAccount(context.Background(), key)
		accts, _ := db.Accounts(context.Background())
		c.ctx.Dispatch(func(app.Context) {
			if c.OnAccounts != nil {
				c.OnAccounts(accts)
			}
			if err != nil {
				c.message = "Poppy could not remove the account's data: " + err.Error()
				return
			}
			c.message = "Removed " + key + " and " + formatSize(freed.Bytes()) + " of its mail from this device. Nothing was deleted from the server."
			c.Accounts = accts
			c.measure()
		})
	})
}

// clear deletes every account's cached mail from the device, and keeps
// the accounts.
func (c *accountsPanel) clear() {
	if c.DB == nil || c.ctx == nil {
		return
	}
	db := c.DB
	c.ctx.Async(func() {
		freed, err := db.Clear(context.Background())
		c.ctx.Dispatch(func(app.Context) {
			if err != nil {
				c.message = "Poppy could not clear its local data: " + err.Error()
				return
			}
			c.message = "Cleared " + formatSize(freed.Bytes()) + " of mail kept on this device. Nothing was deleted from the server; messages are downloaded again when needed."
			c.measure()
		})
	})
}

func usageText(u store.Usage) string {
	return formatSize(u.Bytes()) + " (" + itoa(int64(u.Headers)) + " message" + plural(u.Headers) + ", " +
		itoa(int64(u.Bodies)) + " kept for offline reading)"
}

func (c *accountsPanel) Render() app.UI {
	total, measured := c.usage[""]
	return app.Section().ID("device-panel").Class("panel").Aria("label", "Accounts and storage").Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text("Accounts and storage"),
			app.Button().Class("link").Text("Close").OnClick(func(app.Context, app.Event) { call(c.OnClose) }),
		),
		app.Ul().Class("accounts").Body(app.Range(c.Accounts).Slice(func(i int) app.UI {
			return c.renderAccount(c.Accounts[i])
		})),
		app.Button().ID("add-account").Text("Add account").OnClick(func(app.Context, app.Event) { call(c.OnAdd) }),
		app.H3().Text("On this device"),
		app.P().ID("storage-usage").Text(func() string {
			if !measured {
				return "Measuring…"
			}
			return "Poppy keeps " + usageText(total) + ". Opened messages beyond 64 MB are dropped, least recently read first; the inbox list is always kept."
		}()),
		app.If(c.Note != "", app.P().Class("note").Text(c.Note)),
		app.Button().ID("clear-data").Class("danger").Text("Clear local data").OnClick(func(app.Context, app.Event) { c.clear() }),
		c.renderKeep(),
		app.H3().Text("New mail"),
		renderCheckEvery(c.CheckEvery, c.OnCheckEvery),
		renderNotifySetting(func() {
			if c.ctx != nil {
				c.ctx.Dispatch(func(app.Context) {})
			}
		}),
		app.If(c.message != "", app.P().ID("device-message").Role("status").Text(c.message)),
	)
}

func (c *accountsPanel) renderAccount(a store.Account) app.UI {
	u, ok := c.usage[a.Key]
	size := ""
	if ok {
		size = usageText(u)
	}
	key := a.Key
	current := key == c.Current
	return c.withOAuth(a, app.Li().Class("account").DataSet("key", key),
		app.Span().Class("name").Text(a.Username+" on "+a.Server),
		app.Span().Class("size").Text(size),
		app.If(!current, app.Button().Class("link").Text("Open").OnClick(func(app.Context, app.Event) {
			if c.OnOpen != nil {
				c.OnOpen(a)
			}
		}, key)),
		app.If(current, app.Span().Class("current").Text("open")),
		app.If(c.confirm != key, app.Button().Class("link danger").Text("Remove").OnClick(func(app.Context, app.Event) {
			c.confirm = key
		}, key)),
		app.If(c.confirm == key, app.Span().Class("confirm").Body(
			app.Text("Remove this account and "+formatSize(u.Bytes())+" of its mail from this device? "),
			app.Button().Class("danger").Text("Remove").OnClick(func(app.Context, app.Event) { c.remove(key) }, key),
			app.Button().Class("link").Text("Cancel").OnClick(func(app.Context, app.Event) { c.confirm = "" }, key),
		)),
	)
}

func call(f func()) {
	if f != nil {
		f()
	}
}
