package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
)

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
	painted := paintGate()
	s.ctx.Async(func() {
		<-painted
		err := db.PutAccount(context.Background(), rec)
		accts, lerr := db.Accounts(context.Background())
		s.ctx.Dispatch(func(ctx app.Context) {
			if err == nil {
				err = lerr
			}
			if err != nil {
				s.dbNote = deviceSentence(i18n.T("Poppy could not save this account on the device."), err)
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
	s.mbox, s.rows, s.shown, s.openUID, s.undo, s.problem, s.status = nil, nil, nil, "", nil, nil, ""
	s.acct, s.tr = store.Account{}, nil
	s.send = sendState{}
	s.forgetSnapshot(s.ctx) // sign out, or another account: a reload opens no longer this
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	s.title.show(s.ctx, 0)
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
		return i18n.T("Accounts")
	}
	return a.Username + " · " + a.Server
}

// toggleDevice opens or closes the accounts panel, which measures what
// each account keeps when it opens.
func (s *Shell) toggleDevice(app.Context) {
	s.deviceOpen = !s.deviceOpen
}

// accountsPanel is the Shell's panel of accounts, storage and new-mail
// settings. Its callbacks run on the UI goroutine, from the panel's
// handlers, which re-render only the panel: each asks the Shell's own
// context for a render too.
func (s *Shell) accountsPanel() app.UI {
	rerender := func() { s.ctx.Dispatch(func(app.Context) {}) }
	return &accountsPanel{
		Lang:       i18n.Current().Tag(),
		DB:         s.db,
		Accounts:   s.accounts,
		Current:    s.acct.Key,
		Note:       s.dbNote,
		CheckEvery: s.checkEvery,
		OAuth:      s.oauthPanel(),
		Mailbox:    s.mbox,
		OnClose:    func() { s.deviceOpen = false; rerender() },
		OnLanguage: s.setLanguage,
		OnOpen: func(a store.Account) {
			s.deviceOpen = false
			s.openAccount(s.ctx, a)
			rerender()
		},
		OnAdd: func() {
			s.deviceOpen = false
			s.closeMailbox()
			s.lastForm.Password = ""
			rerender()
		},
		OnRemove: func(key string) {
			s.oauth.end(key) // its kept sign-in goes with it
			if s.acct.Key == key {
				delete(s.passwords, key)
				s.closeMailbox()
			}
			rerender()
		},
		OnAccounts: func(accts []store.Account) { s.accounts = accts; rerender() },
		OnCheckEvery: func(ctx app.Context, d time.Duration) {
			s.setCheckEvery(ctx, d)
			rerender()
		},
	}
}

// renderSaved lists, on the sign-in page, the accounts kept on this
// device: they open from the device's copy, offline too.
func (s *Shell) renderSaved() app.UI {
	return app.Section().ID("saved-accounts").Class("saved").Aria("label", i18n.T("Accounts on this device")).Body(
		app.H2().Text(i18n.T("On this device")),
		app.If(s.dbNote != "", app.P().Class("note").Text(s.dbNote)),
		app.Ul().Body(app.Range(s.accounts).Slice(func(i int) app.UI {
			a := s.accounts[i]
			return app.Li().Class("account").DataSet("key", a.Key).Body(
				app.Button().Class("link").Text(i18n.T("{0} on {1}", a.Username, a.Server)).OnClick(func(ctx app.Context, e app.Event) {
					s.openAccount(ctx, a)
				}, a.Key),
			)
		})),
	)
}
