package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// Shell is the root component: sign-in, then the inbox and the message
// pane. All state lives here and flows down; children are plain render
// functions, which keeps updates in one place.
type Shell struct {
	app.Compo

	// Sign-in.
	targets []bridgeapi.Target
	custom  *bridgeapi.CustomPolicy // user-entered servers; nil: not allowed
	lookup  *lookup                 // the last address lookup (signin_lookup.go)
	loadErr string
	// lastForm is the sign-in form last submitted, password included
	// until that sign-in ends: trusting a certificate signs in again
	// with it. The form itself is signInCard's.
	lastForm signInForm
	// lastLogin is the last sign-in's login in place of a password (an
	// OAuth sign-in), for the same sign-in again after a certificate
	// prompt.
	lastLogin   func(context.Context, *pop3.Client) error
	oauth       oauthTab // this tab's OAuth sessions (oauth_session.go)
	signing     bool
	pressed     bool                        // Sign in was pressed in the page's prerendered shell (signin_page.go)
	held        *signInForm                 // a press made before the store opened (signin_held.go)
	certAsk     *transport.CertificateError // a certificate waiting for the user's decision
	certTrusted string                      // a fingerprint trusted for the next sign-in
	joining     *mailbox.Mailbox            // the mailbox signing in, whose progress shows

	// The bridge and the device.
	book       *bridgeclient.Book
	bridgeDown bool     // the bridge did not answer at the last try
	db         store.DB // nil until opened at mount
	dbNote     string   // why nothing is kept on this device, if so
	accounts   []store.Account
	// passwords typed in this tab, by account key: switching accounts
	// does not ask again. Memory only, gone with the tab.
	passwords  map[string]string
	deviceOpen bool      // the accounts panel is open
	opening    string    // the account being read from the device, to show next
	snap       snapState // the inbox's snapshot this tab wrote (snapshot.go)

	// Session.
	mbox     *mailbox.Mailbox
	acct     store.Account     // the open mailbox's record
	tr       *trust            // the open mailbox's trusted certificate
	rows     []mailbox.Summary // as Mailbox.Messages returned them, in s.order
	order    inboxOrder        // sort and conversations (sort.go)
	shown    []mailbox.Summary // rows after the search filter
	found    map[string]string // rows the body search added: UID → where it matched (search.go)
	query    string
	selected int             // index into shown
	checked  map[string]bool // rows ticked for a multiple delete
	listActs *listActions    // the message list's callbacks, made once
	syncing  bool
	progress [2]int // done, total
	problem  *mailbox.Problem
	status   string // what the connection is doing, for the status bar
	title    unreadTitle
	undo     *undoState
	help     bool
	pw       string // the sign-in bar's password field
	pwErr    string

	// Reading: the message open in the reader, and how many times a
	// message was opened (see reader.Opened).
	openUID string
	opened  int

	// New mail and updates.
	checkEvery  time.Duration // 0: never
	updateReady bool

	// Sending mail: views, compose pane, outbox (sending.go).
	send sendState

	stopKeys  func()
	stopTimer func()

	// ctx is the Shell's own context, from OnMount. Background work
	// dispatches its results through it: go-app drops a Dispatch whose
	// source element has left the page, and the button or row that
	// started the work often has (the certificate prompt, a scrolled-away
	// row).
	ctx app.Context
}

// announceID is the page's polite live region (announce).
const announceID = "announce"

// renderAnnounce is the live region that announce writes to. It is in
// the page from the start (a region added with its text is not read),
// and has no children here: announce sets its text, and the Shell's
// renders leave it alone.
func renderAnnounce() app.UI {
	return app.Div().ID(announceID).Class("sr-only").Role("status").Aria("live", "polite")
}

type undoState struct {
	uids  []string
	undo  func() bool
	until time.Time
}

const (
	listID   = "message-list"
	readerID = "message-reader"
)

// OnMount opens the device's store (and the most recent account's copy,
// so the inbox shows before any network), loads the bridge's targets and
// listens for keys.
func (s *Shell) OnMount(ctx app.Context) {
	s.ctx = ctx
	s.checked = map[string]bool{}
	s.passwords = map[string]string{}
	s.book = bridgeclient.NewBook(bridgeURL())
	s.checkEvery = loadCheckEvery(ctx)
	s.stopKeys = app.Window().AddEventListener("keydown", s.onKey)
	// The account open when the app was last left, unless the person
	// signed out of it: its copy is read in the same goroutine that opens
	// the store, so the inbox comes with the first render after it.
	var last string
	_ = ctx.LocalStorage().Get(openKey, &last)
	s.opening = last
	// Reading an account's copy allocates as a sign-in's sync does (a
	// row per message kept): the collector waits as then (gc.go), until
	// the cached inbox is painted.
	restoreGC := func() {}
	if last != "" {
		restoreGC = relaxGC()
	}
	ctx.Async(func() {
		db, note := openStore(context.Background())
		db = s.withSearch(ctx, db)
		accts, err := db.Accounts(context.Background())
		var mb *mailbox.Mailbox
		var tr *trust
		var rec store.Account
		for _, a := range accts {
			if a.Key == last && last != "" {
				rec = a
				mb, tr = s.loadAccount(db, a, "")
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			perfMark(markStoreOpen)
			s.db, s.dbNote = db, note
			held, signIn := s.takeHeld(mb != nil)
			if err != nil {
				s.dbNote = deviceSentence(i18n.T("Poppy could not read the accounts saved on this device."), err)
			}
			s.accounts = accts
			s.resumeOAuth(ctx)
			if mb != nil {
				s.present(ctx, mb, rec, tr, restoreGC)
				if s.mbox == mb {
					s.saveSnapshot(ctx) // this render is the next start's first
					return
				}
			} else {
				restoreGC()
			}
			s.dropSnapshot(ctx)
			if s.opening == last {
				s.opening = ""
			}
			if signIn {
				s.signIn(held)
			}
		})
	})
	s.loadTargets(ctx)
}

// loadTargets asks the bridge for its mail servers; while it cannot be
// reached, it asks again every few seconds, so the offline banner goes
// when the bridge is back.
func (s *Shell) loadTargets(ctx app.Context) {
	book := s.book
	ctx.Async(func() {
		targets, err := book.Load()
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.bridgeDown = true
				s.loadErr = bridgeListSentence(err)
				ctx.After(retryBridge, s.loadTargets)
				return
			}
			wasDown := s.bridgeDown
			s.bridgeDown = false
			if wasDown && !s.signing {
				s.loadErr = ""
			}
			s.targets, s.custom = targets, book.Custom()
			s.resumeOAuth(ctx)
			if wasDown && s.mbox != nil && s.mbox.SignedIn() {
				s.refresh(ctx)
				s.flushOutbox(true)
			}
		})
	})
}

// progressEvery is how often a sync's progress is shown at most.
const progressEvery = 100 * time.Millisecond

// retryBridge is how often an unreachable bridge is asked again.
const retryBridge = 5 * time.Second

// OnDismount ends the session without committing anything pending.
func (s *Shell) OnDismount() {
	if s.stopKeys != nil {
		s.stopKeys()
	}
	if s.stopTimer != nil {
		s.stopTimer()
	}
	if s.mbox != nil {
		s.mbox.Close()
	}
}

// Render shows sign-in until a mailbox is open.
func (s *Shell) Render() app.UI {
	if s.mbox == nil {
		return app.Main().Class("signin-page").Body(
			renderAnnounce(),
			// A slot that is always there, so the card keeps its place
			// (and so its state) when the update bar comes.
			app.Div().Body(when(s.updateReady, s.renderUpdate)),
			s.signInCard(),
			when(len(s.accounts) > 0 || s.dbNote != "", s.renderSaved),
		)
	}
	cls := "app"
	if s.openUID != "" || s.send.compose != nil || s.send.openSent != "" {
		cls += " reading"
	}
	return app.Div().Class(cls).Body(
		renderAnnounce(),
		s.renderTopBar(),
		// A slot that is always there: the panel keeps its place, and so
		// its state, when banners before it come and go. It is fixed on
		// screen, so the slot takes no room.
		app.Div().Body(when(s.deviceOpen, s.accountsPanel)),
		when(s.updateReady, s.renderUpdate),
		when(s.offline(), s.renderOffline),
		when(!s.mbox.SignedIn(), s.renderSignInBar),
		when(s.oauthEnded(), s.renderOAuthBar),
		app.If(s.certAsk != nil, s.certPrompt()),
		when(s.showProblem(), s.renderProblem),
		app.Div().Body(when(s.send.identitiesOpen && s.send.m != nil, s.identitiesPanel)),
		s.renderSendNote(),
		// The main landmark, named by the page's one level-one heading:
		// the view shown (the heading is for assistive technology; the
		// pressed folder button shows it on screen).
		app.Main().Class("panes").Aria("labelledby", "view-title").Body(
			app.H1().ID("view-title").Class("sr-only").Text(s.viewTitle()),
			s.listPane(),
			s.rightPane(),
		),
		when(s.undo != nil, s.renderUndo),
		when(s.help, s.renderHelp),
	)
}

// newMailbox makes the Mailbox of acct, kept in the device's store.
//
// It touches no UI state, so a background goroutine may call it.
func (s *Shell) newMailbox(ctx app.Context, db store.DB, acct mailbox.Account, tr *trust) *mailbox.Mailbox {
	var mb *mailbox.Mailbox
	var shown time.Time // the last progress shown
	opts := &mailbox.Options{
		// Events come one at a time, from one goroutine: shown needs no
		// lock.
		OnChange: func(ev mailbox.Event) {
			if ev.Kind == mailbox.EventProgress && ev.Done > 0 && ev.Done < ev.Total {
				// Every dispatch re-renders the page, on the thread that
				// also parses the headers: ten a second is a smooth bar.
				if time.Since(shown) < progressEvery {
					return
				}
				shown = time.Now()
			}
			ctx.Dispatch(func(ctx app.Context) { s.onEvent(ctx, mb, ev) })
		},
		CharsetReader: charsetReader,
		Trace:         traceSync,
	}
	if db != nil {
		opts.Store = db
	}
	mb = mailbox.New(s.book.Dialer(acct.Server, tr.get), acct, opts)
	return mb
}

// signIn opens a mailbox from the sign-in form: a Dialer through the
// bridge, then Sync. The account is saved on the device once the server
// accepted the password.
func (s *Shell) signIn(f signInForm) { s.signInWith(f, nil) }

// signInWith is signIn with login, if not nil, in place of the password
// (an OAuth sign-in, oauth.go).
func (s *Shell) signInWith(f signInForm, login func(context.Context, *pop3.Client) error) {
	ctx := s.ctx
	s.lastForm, s.lastLogin = f, login
	s.pressed = false // a press in the page's shell, if any, is this sign-in
	t, err := s.signInTarget(f)
	if err != nil {
		s.loadErr = signInTargetSentence(err)
		return
	}
	s.signing, s.loadErr, s.certAsk = true, "", nil
	acct := mailbox.Account{Server: t.Name, Username: f.Username, Password: f.Password, Login: login}
	rec := s.record(acct.Key())
	rec.Key, rec.Server, rec.Username = acct.Key(), acct.Server, acct.Username
	rec.Custom, rec.OAuth = nil, s.oauth.provider(rec.Key, login != nil)
	if custom(f) {
		rec.Custom = customRecord(t)
	}
	legacy := legacyTrustKey + rec.Key
	if rec.Fingerprint == "" {
		// Trust given before accounts were kept in the store.
		_ = ctx.LocalStorage().Get(legacy, &rec.Fingerprint)
	}
	tr := &trust{fp: rec.Fingerprint}
	if s.certTrusted != "" {
		tr.set(s.certTrusted)
		rec.Fingerprint = s.certTrusted
	}
	mb := s.newMailbox(ctx, s.db, acct, tr)
	s.syncing, s.progress, s.joining = true, [2]int{}, mb
	restoreGC := relaxGC()
	release := holdUntilPainted()
	ctx.Async(func() {
		err := mb.Sync(context.Background(), nil)
		ctx.Dispatch(func(ctx app.Context) {
			s.signing, s.syncing, s.joining = false, false, nil
			if err != nil {
				restoreGC()
				release(nil)
				mb.Close()
				s.explainSignInError(err, t, custom(f))
				return
			}
			s.certTrusted = ""
			ctx.LocalStorage().Del(legacy) // now in the account's record
			s.passwords[acct.Key()] = acct.Password
			s.lastForm.Password = "" // the Mailbox has it; the form need not
			s.show(ctx, mb, rec, tr)
			markInbox(ctx, func() { release(restoreGC) })
			s.saveAccount(ctx)
			s.startChecking(ctx)
		})
	})
}

// openAccount shows a saved account's copy, read from the device off
// the UI goroutine, then signs in if this tab knows the password;
// otherwise the sign-in bar asks for it.
func (s *Shell) openAccount(ctx app.Context, rec store.Account) {
	s.closeMailbox()
	s.opening = rec.Key
	db, pw := s.db, s.passwords[rec.Key]
	s.ctx.Async(func() {
		mb, tr := s.loadAccount(db, rec, pw)
		s.ctx.Dispatch(func(ctx app.Context) { s.present(ctx, mb, rec, tr, nil) })
	})
}

// loadAccount makes the Mailbox of a saved account and fills it from the
// device. It touches no UI state: it runs off the UI goroutine, so that
// at start the inbox can show with the first render after the store
// opened.
func (s *Shell) loadAccount(db store.DB, rec store.Account, password string) (*mailbox.Mailbox, *trust) {
	tr := &trust{fp: rec.Fingerprint}
	if t, ok := customOf(rec); ok {
		s.book.AddCustom(t) // before the Dialer asks the book for it
	}
	acct := mailbox.Account{Server: rec.Server, Username: rec.Username, Password: password, Login: s.oauthLoginFor(rec)}
	mb := s.newMailbox(s.ctx, db, acct, tr)
	_ = mb.LoadCache(context.Background()) // a failure is an EventProblem
	return mb, tr
}

// present shows a mailbox that loadAccount filled, unless the person
// went elsewhere meanwhile.
//
// painted, if not nil, is called once the inbox is painted, or at once
// when it is not shown.
func (s *Shell) present(ctx app.Context, mb *mailbox.Mailbox, rec store.Account, tr *trust, painted func()) {
	if s.opening != rec.Key || s.mbox != nil || s.signing {
		mb.Close()
		if painted != nil {
			painted()
		}
		return
	}
	s.opening = ""
	// The work an open account starts that the person does not see at
	// once waits for the cached inbox's first paint, as after a sign-in
	// (paint.go).
	release := holdUntilPainted()
	s.show(ctx, mb, rec, tr)
	ctx.Defer(func(app.Context) { release(painted) })
	if rec.NoUIDL {
		s.status = i18n.T("This server cannot identify messages between visits (no UIDL), so nothing is kept on this device: every visit lists the whole mailbox.")
	}
	if mb.SignedIn() {
		s.refresh(ctx)
		s.startChecking(ctx)
	} else {
		ctx.Defer(func(app.Context) { focusID("bar-password") })
	}
}

// legacyTrustKey prefixed, in localStorage, the fingerprint an account
// trusted, before account records moved to the store.
const legacyTrustKey = "poppy.trust."

// openKey keeps, in localStorage, the account to open at start.
const openKey = "poppy.openAccount"

// show makes mb the open mailbox, and the one to open at the next start.
func (s *Shell) show(ctx app.Context, mb *mailbox.Mailbox, rec store.Account, tr *trust) {
	s.mbox, s.acct, s.tr = mb, rec, tr
	ctx.LocalStorage().Set(openKey, rec.Key)
	s.forgetSnapshot(ctx) // a start writes it (OnMount)
	s.rows, s.shown, s.openUID, s.undo, s.selected, s.query = nil, nil, "", nil, 0, ""
	clearInput("search") // the box is not rendered from s.query (inbox.go)
	s.problem, s.status, s.pw, s.pwErr = nil, "", "", ""
	clear(s.checked)
	s.loadOrder(mb, rec.Key)
	s.refreshRows()
	s.startSending(ctx)
	s.startKeeping(mb)
	// The folder archive's catching up is background work too: after
	// the inbox's first paint (paint.go), if the account is still open.
	painted, db := paintGate(), s.db
	go func() {
		<-painted
		ctx.Dispatch(func(app.Context) {
			if s.mbox == mb {
				startArchive(db, rec.Key)
			}
		})
	}()
	s.focusRow()
	// Said once the inbox's page, and so its live region, is there: the
	// sign-in page's region, and what it said, go with it.
	ctx.Defer(func(app.Context) {
		if s.mbox == mb {
			announce(inboxSentence(len(s.rows), s.unread()))
		}
	})
}

// inboxSentence says what the inbox holds, when it opens.
func inboxSentence(total, unread int) string {
	return i18n.N("Inbox: {0} messages, {1} unread.", total, unread)
}

// signInBar signs in to the open mailbox, shown from the device's copy,
// with the password typed in the bar.
func (s *Shell) signInBar(app.Context) {
	if s.mbox == nil || s.pw == "" || s.syncing {
		return
	}
	ctx := s.ctx
	mb, pw, key := s.mbox, s.pw, s.acct.Key
	mb.SetPassword(pw)
	s.pwErr, s.syncing, s.progress = "", true, [2]int{}
	ctx.Async(func() {
		_, err := mb.CheckNew(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			s.syncing = false
			if mb != s.mbox {
				return
			}
			s.refreshRows()
			if err != nil {
				p := mailbox.Classify(err)
				var ce *transport.CertificateError
				if errors.As(err, &ce) {
					mb.SetPassword("")
					s.certAsk = ce
					return
				}
				if p.Kind == mailbox.KindAuth || p.Kind == mailbox.KindInsecure || p.Kind == mailbox.KindTLS {
					mb.SetPassword("")
					s.pwErr = signInSentence(p, false)
					return
				}
				// Offline or busy: the password was not refused, so keep
				// it; the Mailbox tries again.
				s.problem = p
			}
			s.pw = ""
			s.passwords[key] = pw
			s.flushOutbox(true)
			s.saveAccount(ctx)
			s.startChecking(ctx)
		})
	})
}

func (s *Shell) explainSignInError(err error, t bridgeapi.Target, userEntered bool) {
	var ce *transport.CertificateError
	if errors.As(err, &ce) {
		s.certAsk = ce
		return
	}
	if msg, ok := customSessionSentence(err, t); ok && userEntered {
		s.loadErr = msg
		return
	}
	s.loadErr = signInSentence(mailbox.Classify(err), true)
}

// trustCertificate records the person's explicit trust in one
// certificate for this account (in the account's record on the device),
// then signs in again.
func (s *Shell) trustCertificate(ctx app.Context) {
	if s.certAsk == nil {
		return
	}
	fp := s.certAsk.Fingerprint
	s.certAsk = nil
	if s.mbox != nil {
		s.tr.set(fp)
		s.acct.Fingerprint = fp
		s.saveAccount(ctx)
		s.signInBar(ctx)
		return
	}
	s.certTrusted = fp
	s.signInWith(s.lastForm, s.lastLogin)
}

// refreshRows re-reads the list and re-applies the search.
func (s *Shell) refreshRows() {
	if s.mbox == nil {
		return
	}
	s.rows = s.order.arrange(s.mbox.Messages())
	s.applyFilter()
	s.title.show(s.ctx, s.unread())
	s.checkSnapshot()
}

func (s *Shell) applyFilter() {
	var uid string
	if s.selected >= 0 && s.selected < len(s.shown) {
		uid = s.shown[s.selected].UID
	}
	s.shown, s.found = s.searchRows(s.rows, s.query)
	// A selected row that left (deleted, or filtered out) leaves the
	// selection, and the keyboard's focus, at the row that took its
	// place, as in other mail programs: not back at the top.
	s.selected = max(min(s.selected, len(s.shown)-1), 0)
	if uid == "" {
		s.selected = 0
	}
	for i, r := range s.shown {
		if r.UID == uid {
			s.selected = i
			break
		}
	}
}

func (s *Shell) onEvent(ctx app.Context, mb *mailbox.Mailbox, ev mailbox.Event) {
	if mb != s.mbox && mb != s.joining {
		return // a mailbox closed by a switch of account
	}
	switch ev.Kind {
	case mailbox.EventProgress:
		announceProgress(s.progress, ev.Done, ev.Total)
		s.progress = [2]int{ev.Done, ev.Total}
	case mailbox.EventListChanged:
		s.refreshRows()
		s.seeContacts()
	case mailbox.EventConnected:
		s.problem, s.status = nil, ""
		s.flushOutbox(true) // the connection is back: so may be the submission server
	case mailbox.EventReconnecting:
		if status, announce := reconnectStatus(ev); announce {
			s.status, s.problem = status, ev.Problem
		}
	case mailbox.EventProblem:
		s.problem = ev.Problem
	case mailbox.EventDeleted:
		s.status = fmt.Sprintf("Deleted %d message%s from the server.", len(ev.UIDs), plural(len(ev.UIDs)))
	case mailbox.EventDeleteFailed:
		s.problem = ev.Problem
		s.status = fmt.Sprintf("%d message%s could not be deleted and %s back in the list.", len(ev.UIDs), plural(len(ev.UIDs)), isAre(len(ev.UIDs)))
		s.refreshRows()
	case mailbox.EventHidden, mailbox.EventDropped:
		s.status = deletedHereStatus(ev)
	case mailbox.EventDeleteQueued:
		n := len(ev.UIDs)
		s.status = fmt.Sprintf("%d deletion%s will be sent when Poppy is connected again.", n, plural(n))
		s.refreshRows()
	}
}

// refresh checks for new mail now (a new session: only new UIDLs cost a
// header fetch).
func (s *Shell) refresh(app.Context) {
	ctx := s.ctx
	if s.mbox == nil || s.syncing || !s.mbox.SignedIn() {
		return
	}
	s.syncing = true
	mb := s.mbox
	ctx.Async(func() {
		n, err := mb.CheckNew(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			s.syncing = false
			if mb != s.mbox {
				return
			}
			if err != nil {
				s.problem = mailbox.Classify(err)
			}
			s.refreshRows()
			s.saveAccount(ctx)
			s.newMail(n)
		})
	})
}

// signOut commits what is waiting in an undo window, forgets the
// password, and shows the sign-in page (with the accounts saved on this
// device, which stay); the next start shows it too.
func (s *Shell) signOut(ctx app.Context) {
	delete(s.passwords, s.acct.Key)
	s.oauth.end(s.acct.Key)
	ctx.LocalStorage().Set(openKey, "")
	s.closeMailbox()
	s.loadErr = ""
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
