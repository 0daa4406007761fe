package ui

import (
	"context"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
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

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

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
	// OnLanguage sets the interface language (accounts_language.go).
	OnLanguage func(tag string)

	ctx      app.Context
	usage    map[string]store.Usage // by account key; "" is the total
	measured measuredFor            // what the last measure counted
	measures int                    // measures started: only the last one's figures are shown
	confirm  string                 // the account whose removal waits for a second click
	message  string                 // what the last action did
}

// OnMount measures what each account keeps: the panel mounts when it
// opens.
func (c *accountsPanel) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.measure()
}

// OnUpdate measures again when the Shell gives another store or list of
// accounts. The panel can open before the account just signed in to is
// saved (saveAccount waits for the inbox's paint): measured only at
// mount, its row would never get its figure.
func (c *accountsPanel) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	if !c.measured.covers(c.DB, c.Accounts) {
		c.measure()
	}
}

func (c *accountsPanel) measure() {
	if c.DB == nil || c.ctx == nil {
		return
	}
	db, accts := c.DB, c.Accounts
	c.measured = measuredFor{db: db, keys: accountKeys(accts)}
	c.measures++
	n := c.measures
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
		c.ctx.Dispatch(func(app.Context) {
			// An earlier measure that ended later counted fewer accounts,
			// or what a removal has since freed.
			if n == c.measures {
				c.usage = u
			}
		})
	})
}

// measuredFor is what a measure of the panel counted: the store, and the
// accounts in the panel's order.
type measuredFor struct {
	db   store.DB
	keys []string
}

// covers reports whether the measure counted db and exactly accts.
func (m measuredFor) covers(db store.DB, accts []store.Account) bool {
	return m.db == db && slices.EqualFunc(m.keys, accts, func(k string, a store.Account) bool { return k == a.Key })
}

func accountKeys(accts []store.Account) []string {
	keys := make([]string, len(accts))
	for i, a := range accts {
		keys[i] = a.Key
	}
	return keys
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
	forgetSnapshot(c.ctx) // its rows may be the snapshot's
	c.ctx.Async(func() {
		freed, err := db.RemoveAccount(context.Background(), key)
		accts, _ := db.Accounts(context.Background())
		c.ctx.Dispatch(func(app.Context) {
			if c.OnAccounts != nil {
				c.OnAccounts(accts)
			}
			if err != nil {
				c.message = deviceSentence(i18n.T("Poppy could not remove the account's data."), err)
				return
			}
			c.message = i18n.T("Removed {0} and {1} of its mail from this device. Nothing was deleted from the server.", key, formatSize(freed.Bytes()))
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
	forgetSnapshot(c.ctx) // the device's copy of its rows goes
	c.ctx.Async(func() {
		freed, err := db.Clear(context.Background())
		c.ctx.Dispatch(func(app.Context) {
			if err != nil {
				c.message = deviceSentence(i18n.T("Poppy could not clear its local data."), err)
				return
			}
			c.message = i18n.T("Cleared {0} of mail kept on this device. Nothing was deleted from the server; messages are downloaded again when needed.", formatSize(freed.Bytes()))
			c.measure()
		})
	})
}

func usageText(u store.Usage) string {
	return i18n.N("{1} ({0} messages, {2} kept for offline reading)", u.Headers, formatSize(u.Bytes()), u.Bodies) + keptUsageText(u)
}

func (c *accountsPanel) Render() app.UI {
	total, measured := c.usage[""]
	return app.Section().ID("device-panel").Class("panel").Aria("label", i18n.T("Accounts and storage")).Body(
		app.Div().Class("panel-head").Body(
			app.H2().Text(i18n.T("Accounts and storage")),
			app.Button().Class("link").Text(i18n.T("Close")).OnClick(func(app.Context, app.Event) { call(c.OnClose) }),
		),
		app.Ul().Class("accounts").Body(app.Range(c.Accounts).Slice(func(i int) app.UI {
			return c.renderAccount(c.Accounts[i])
		})),
		app.Button().ID("add-account").Text(i18n.T("Add account")).OnClick(func(app.Context, app.Event) { call(c.OnAdd) }),
		app.H3().Text(i18n.T("On this device")),
		app.P().ID("storage-usage").Text(func() string {
			if !measured {
				return i18n.T("Measuring…")
			}
			return i18n.T("Poppy keeps {0}. Opened messages beyond {1} are dropped, least recently read first; the inbox list is always kept.", usageText(total), formatSize(64*1000*1000))
		}()),
		app.If(c.Note != "", app.P().Class("note").Text(c.Note)),
		app.Button().ID("clear-data").Class("danger").Text(i18n.T("Clear local data")).OnClick(func(app.Context, app.Event) { c.clear() }),
		c.renderKeep(),
		c.renderArchive(),
		c.renderImport(),
		app.H3().Text(i18n.T("New mail")),
		renderCheckEvery(c.CheckEvery, c.OnCheckEvery),
		renderNotifySetting(func() {
			if c.ctx != nil {
				c.ctx.Dispatch(func(app.Context) {})
			}
		}),
		c.renderLanguage(),
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
		app.Span().Class("name").Text(i18n.T("{0} on {1}", a.Username, a.Server)),
		app.Span().Class("size").Text(size),
		app.If(!current, app.Button().Class("link").Text(i18n.T("Open")).OnClick(func(app.Context, app.Event) {
			if c.OnOpen != nil {
				c.OnOpen(a)
			}
		}, key)),
		app.If(current, app.Span().Class("current").Text(i18n.T("open"))),
		app.If(c.confirm != key, app.Button().Class("link danger").Text(i18n.T("Remove")).OnClick(func(app.Context, app.Event) {
			c.confirm = key
		}, key)),
		app.If(c.confirm == key, app.Span().Class("confirm").Body(
			app.Text(i18n.T("Remove this account and {0} of its mail from this device?", formatSize(u.Bytes()))+" "),
			app.Button().Class("danger").Text(i18n.T("Remove")).OnClick(func(app.Context, app.Event) { c.remove(key) }, key),
			app.Button().Class("link").Text(i18n.T("Cancel")).OnClick(func(app.Context, app.Event) { c.confirm = "" }, key),
		)),
	)
}

func call(f func()) {
	if f != nil {
		f()
	}
}
