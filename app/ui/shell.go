package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/render"
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
	targets  []bridgeapi.Target
	custom   *bridgeapi.CustomPolicy
	loadErr  string
	form     signInForm
	signing  bool
	certAsk  *transport.CertificateError // a certificate waiting for the user's decision
	signInAt bridgeapi.Target

	// Session.
	mbox     *mailbox.Mailbox
	acctKey  string
	rows     []mailbox.Summary // as Mailbox.Messages returned them
	shown    []mailbox.Summary // rows after the search filter
	query    string
	selected int             // index into shown
	checked  map[string]bool // rows ticked for a multiple delete
	syncing  bool
	progress [2]int // done, total
	problem  *mailbox.Problem
	status   string // what the connection is doing, for the status bar
	undo     *undoState
	scrollY  int
	viewH    int
	help     bool

	// Reading.
	open *openMessage

	stopKeys   func()
	stopResize func()
	stopTimer  func()

	// ctx is the Shell's own context, from OnMount. Background work
	// dispatches its results through it: go-app drops a Dispatch whose
	// source element has left the page, and the button or row that
	// started the work often has (the certificate prompt, a scrolled-away
	// row).
	ctx app.Context
}

type signInForm struct {
	Target, Username, Password string
	CustomHost                 string
	CustomPort                 string
}

type undoState struct {
	uids  []string
	undo  func() bool
	until time.Time
}

type openMessage struct {
	uid         string
	summary     mailbox.Summary
	loading     bool
	got, total  int64
	raw         []byte
	msg         *render.Message
	allowRemote bool
	showSource  bool
	problem     *mailbox.Problem
}

const (
	listID   = "message-list"
	readerID = "message-reader"
	// checkEvery is how often the inbox looks for new mail while open.
	checkEvery = 2 * time.Minute
)

// OnMount loads the bridge's targets and listens for keys.
func (s *Shell) OnMount(ctx app.Context) {
	s.ctx = ctx
	s.checked = map[string]bool{}
	s.stopKeys = app.Window().AddEventListener("keydown", s.onKey)
	s.stopResize = app.Window().AddEventListener("resize", func(ctx app.Context, e app.Event) { s.measureList() })
	page := app.Window().URL()
	ctx.Async(func() {
		t, err := fetchTargets(page)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.loadErr = err.Error()
				return
			}
			s.targets, s.custom = t.Targets, t.Custom
			if len(s.targets) > 0 && s.form.Target == "" {
				s.pickTarget(s.targets[0].Name)
			}
		})
	})
}

// OnDismount ends the session without committing anything pending.
func (s *Shell) OnDismount() {
	if s.stopKeys != nil {
		s.stopKeys()
	}
	if s.stopResize != nil {
		s.stopResize()
	}
	if s.stopTimer != nil {
		s.stopTimer()
	}
	if s.mbox != nil {
		s.mbox.Close()
	}
}

// fetchTargets asks the bridge which mail servers it offers.
func fetchTargets(page *url.URL) (bridgeapi.Targets, error) {
	var t bridgeapi.Targets
	u := *page
	u.Path, u.RawQuery, u.Fragment = bridgeapi.PathTargets, "", ""
	body, status, err := httpGet(u.String())
	if err != nil {
		return t, fmt.Errorf("Cannot reach the Poppy bridge (%v). Check that it is running, then reload.", err)
	}
	if status != 200 {
		return t, fmt.Errorf("The Poppy bridge answered HTTP %d when asked for its mail servers.", status)
	}
	if err := json.Unmarshal(body, &t); err != nil {
		return t, fmt.Errorf("The Poppy bridge sent an unreadable server list: %v", err)
	}
	return t, nil
}

// pickTarget selects a target in the form, filling in the demo login.
func (s *Shell) pickTarget(name string) {
	s.form.Target = name
	if t, ok := s.target(name); ok && t.Demo != nil {
		s.form.Username, s.form.Password = t.Demo.Username, t.Demo.Password
	}
}

func (s *Shell) target(name string) (bridgeapi.Target, bool) {
	for _, t := range s.targets {
		if t.Name == name {
			return t, true
		}
	}
	return bridgeapi.Target{}, false
}

// Render shows sign-in until a mailbox is open.
func (s *Shell) Render() app.UI {
	if s.mbox == nil {
		return app.Main().Class("signin-page").Body(s.renderSignIn())
	}
	cls := "app"
	if s.open != nil {
		cls += " reading"
	}
	return app.Div().Class(cls).Body(
		s.renderTopBar(),
		when(s.problem != nil, s.renderProblem),
		app.Div().Class("panes").Body(
			s.renderInbox(),
			s.renderReader(),
		),
		when(s.undo != nil, s.renderUndo),
		when(s.help, s.renderHelp),
	)
}

// signIn opens the mailbox: a Dialer through the bridge, then Sync.
func (s *Shell) signIn(ctx app.Context) {
	ctx = s.ctx
	t, ok := s.target(s.form.Target)
	if !ok {
		s.loadErr = "Choose a mail server."
		return
	}
	s.signing, s.loadErr, s.certAsk, s.signInAt = true, "", nil, t
	acct := mailbox.Account{Server: t.Name, Username: s.form.Username, Password: s.form.Password}
	key := acct.Key()
	trusted := ctx.LocalStorage()
	var fp string
	_ = trusted.Get(trustKey(key), &fp)
	page := app.Window().URL().String()
	dial := func(dctx context.Context) (*pop3.Client, error) {
		ws, err := transport.WebSocketURL(page, t.Name)
		if err != nil {
			return nil, err
		}
		c, err := transport.Dial(dctx, ws, t, &transport.Options{TrustedFingerprint: fp})
		return c, asProblem(err)
	}
	var mb *mailbox.Mailbox
	mb = mailbox.New(dial, acct, &mailbox.Options{
		OnChange: func(ev mailbox.Event) {
			ctx.Dispatch(func(ctx app.Context) { s.onEvent(ctx, mb, ev) })
		},
		CharsetReader: charsetReader,
	})
	s.syncing, s.progress = true, [2]int{}
	ctx.Async(func() {
		err := mb.Sync(context.Background(), nil)
		ctx.Dispatch(func(ctx app.Context) {
			s.signing, s.syncing = false, false
			if err != nil {
				mb.Close()
				s.explainSignInError(err)
				return
			}
			s.mbox, s.acctKey = mb, key
			s.form.Password = "" // the Mailbox has it; the form need not
			s.refreshRows()
			s.startChecking(ctx)
			ctx.Defer(func(app.Context) {
				s.measureList()
				focusID(listID)
			})
		})
	})
}

// measureList reads the list's scroll position and height, so that the
// virtualised list renders every row a tall window shows.
func (s *Shell) measureList() {
	top, h := scrollTopOf(listID)
	if h > 0 && (top != s.scrollY || h != s.viewH) {
		s.scrollY, s.viewH = top, h
		s.Update()
	}
}

// asProblem explains transport failures in the Mailbox's terms, so the
// Mailbox knows which ones waiting can fix.
func asProblem(err error) error {
	if err == nil {
		return nil
	}
	if be, ok := transport.AsBridgeError(err); ok {
		kind := mailbox.KindRefused
		if be.Code == bridgeapi.CodeTargetUnreachable || be.Code == bridgeapi.CodeDialTimeout {
			kind = mailbox.KindUnreachable
		}
		return &mailbox.Problem{Kind: kind, Message: capitalize(be.Explain()) + ".", Detail: err.Error(), Err: err}
	}
	var ce *transport.CertificateError
	if errors.As(err, &ce) {
		return &mailbox.Problem{Kind: mailbox.KindTLS, Message: "The mail server's certificate is not trusted.", Detail: err.Error(), Certificates: ce.Chain, Err: err}
	}
	return err
}

func (s *Shell) explainSignInError(err error) {
	var ce *transport.CertificateError
	if errors.As(err, &ce) {
		s.certAsk = ce
		return
	}
	p := mailbox.Classify(err)
	s.loadErr = p.Message
	if p.Kind == mailbox.KindAuth && p.ServerText != "" {
		s.loadErr += " The server said: “" + p.ServerText + "”"
		if p.Code != "" {
			s.loadErr += " [" + p.Code + "]"
		}
	}
}

// trustCertificate records the user's explicit trust in one certificate
// for this account, then signs in again.
func (s *Shell) trustCertificate(ctx app.Context) {
	if s.certAsk == nil {
		return
	}
	acct := mailbox.Account{Server: s.form.Target, Username: s.form.Username}
	ctx.LocalStorage().Set(trustKey(acct.Key()), s.certAsk.Fingerprint)
	s.certAsk = nil
	s.signIn(ctx)
}

func trustKey(acctKey string) string { return "poppy.trust." + acctKey }

func (s *Shell) startChecking(ctx app.Context) {
	t := time.NewTicker(checkEvery)
	done := make(chan struct{})
	s.stopTimer = func() { t.Stop(); close(done) }
	mb := s.mbox
	ctx.Async(func() {
		for {
			select {
			case <-done:
				return
			case <-t.C:
				_, _ = mb.CheckNew(context.Background())
			}
		}
	})
}

// refreshRows re-reads the list and re-applies the search.
func (s *Shell) refreshRows() {
	if s.mbox == nil {
		return
	}
	s.rows = s.mbox.Messages()
	s.applyFilter()
}

func (s *Shell) applyFilter() {
	var uid string
	if s.selected >= 0 && s.selected < len(s.shown) {
		uid = s.shown[s.selected].UID
	}
	s.shown = filterRows(s.rows, s.query)
	s.selected = 0
	for i, r := range s.shown {
		if r.UID == uid {
			s.selected = i
			break
		}
	}
}

func (s *Shell) onEvent(ctx app.Context, mb *mailbox.Mailbox, ev mailbox.Event) {
	switch ev.Kind {
	case mailbox.EventProgress:
		s.progress = [2]int{ev.Done, ev.Total}
	case mailbox.EventListChanged:
		if mb == s.mbox {
			s.refreshRows()
		}
	case mailbox.EventConnected:
		s.problem, s.status = nil, ""
	case mailbox.EventReconnecting:
		s.status = fmt.Sprintf("Connection lost; reconnecting in %d s (attempt %d)…", int(ev.Delay.Round(time.Second)/time.Second), ev.Attempt)
		s.problem = ev.Problem
	case mailbox.EventProblem:
		s.problem = ev.Problem
	case mailbox.EventDeleted:
		s.status = fmt.Sprintf("Deleted %d message%s from the server.", len(ev.UIDs), plural(len(ev.UIDs)))
	case mailbox.EventDeleteFailed:
		s.problem = ev.Problem
		s.status = fmt.Sprintf("%d message%s could not be deleted and %s back in the list.", len(ev.UIDs), plural(len(ev.UIDs)), isAre(len(ev.UIDs)))
		s.refreshRows()
	}
}

func (s *Shell) refresh(ctx app.Context) {
	ctx = s.ctx
	if s.mbox == nil || s.syncing {
		return
	}
	s.syncing = true
	mb := s.mbox
	ctx.Async(func() {
		_, err := mb.CheckNew(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			s.syncing = false
			if err != nil {
				s.problem = mailbox.Classify(err)
			}
			s.refreshRows()
		})
	})
}

func (s *Shell) signOut(ctx app.Context) {
	ctx = s.ctx
	mb := s.mbox
	s.mbox, s.rows, s.shown, s.open, s.undo, s.problem = nil, nil, nil, nil, nil, nil
	if s.stopTimer != nil {
		s.stopTimer()
		s.stopTimer = nil
	}
	ctx.Async(func() {
		// Commit what the user deleted (their undo window is cut short
		// by leaving), then close.
		_ = mb.Flush(context.Background())
		mb.Close()
	})
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

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
