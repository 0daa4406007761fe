//go:build !js

package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// keysSubject is the subject of every message of TestE2EKeys. It holds
// the keys the test types into the search box, so that the search still
// lists every row while they are typed: a shortcut that fired anyway
// would have a row to act on.
const keysSubject = "Keys jj?u message %d"

// TestE2EKeys drives every keyboard shortcut of app/ui/keys.go in the
// browser, through the real bridge, against an in-memory POP3 server that
// logs each command with the time it arrived: j/k and the arrows move,
// Enter opens, u and Escape go back, ? shows and hides the help, / goes
// to the search box, Shift+R checks for mail, c opens a new message, r,
// a and f reply, reply to all and forward the selected message, and Delete and Backspace delete
// exactly the one message asked for, sending DELE only after the undo
// window and then QUIT, or nothing at all after Undo. Keys typed into
// the search box or a sign-in field stay text.
func TestE2EKeys(t *testing.T) {
	const n = 6
	log := newCommandLog()
	srv, s := startMemInbox(t, &pop3server.Options{CommandLog: log.record}, browsertest.Config{}, "keys",
		memMessages(n, "key-%d", keysSubject, "Body of key message %d.\n"))
	signedIn := time.Now()
	s.Must(waitJS(s, fmt.Sprintf(`document.querySelectorAll("[data-uidl]").length === %d`, n)))
	// Keys go to the page, as after a click on an empty part of it.
	browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)

	t.Run("help", func(t *testing.T) {
		s := s.For(t)
		press(s, "?")
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		press(s, "?")
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))
		press(s, "?")
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		press(s, "u") // closes the help first
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))
	})

	t.Run("move", func(t *testing.T) {
		s := s.For(t)
		order := rowOrder(s)
		start := slices.Index(order, selectedRow(s))
		if start < 0 || start+2 >= len(order) {
			t.Fatalf("selected row %q of %q: want one with two rows below it", selectedRow(s), order)
		}
		for _, step := range []struct {
			key  string
			want int
		}{{"j", 1}, {"j", 2}, {"k", 1}, {kb.ArrowDown, 2}, {kb.ArrowUp, 1}, {"k", 0}} {
			press(s, step.key)
			waitSelected(s, order[start+step.want])
		}
	})

	t.Run("open-and-back", func(t *testing.T) {
		s := s.For(t)
		order := rowOrder(s)
		press(s, "j")
		waitSelected(s, order[1])
		uid := order[1]
		press(s, kb.Enter)
		waitOpen(s, uid)
		press(s, "u")
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 5*time.Second))
		press(s, kb.Enter)
		waitOpen(s, uid)
		press(s, kb.Escape)
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 5*time.Second))
		press(s, "k")
		waitSelected(s, order[0])
	})

	t.Run("search-box", func(t *testing.T) {
		s := s.For(t)
		order := rowOrder(s)
		press(s, kb.Enter)
		waitOpen(s, order[0])
		// Positive control: on the page, ? shows the help and hides it.
		press(s, "?")
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		press(s, "?")
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))

		press(s, "/")
		s.Must(waitJS(s, `document.activeElement && document.activeElement.id === "search"`))
		if v := searchValue(s); v != "" {
			t.Errorf("the / that moved to the search box was typed into it: %q", v)
		}
		// In the box, the keys are text: j would move, ? show the help,
		// u close the message, Backspace and Delete delete it.
		press(s, "jj?u")
		press(s, kb.Backspace)
		press(s, kb.Delete)
		s.Must(waitJS(s, `document.querySelector("#search").value === "jj?"`))
		press(s, kb.Escape) // leaves the box, and the text in it
		s.Must(waitJS(s, `document.activeElement === null || document.activeElement.id !== "search"`))
		if v := searchValue(s); v != "jj?" {
			t.Errorf("Escape left the search box holding %q, want %q: the list is still filtered by %q", v, "jj?", "jj?")
		}
		// Keys are handled in order: this ? shows the help only if the
		// one typed into the box did not.
		press(s, "?")
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelUndo); ok {
			t.Error("a key typed into the search box deleted a message")
		}
		if got := selectedRow(s); got != order[0] {
			t.Errorf("keys typed into the search box moved the selection to %q, want %q", got, order[0])
		}
		if ok, _ := browsertest.Exists(s.Ctx, openRow(order[0])); !ok {
			t.Error("keys typed into the search box closed the open message")
		}
		if got := rowOrder(s); !slices.Equal(got, order) {
			t.Errorf("rows %q after typing into the search box, want %q", got, order)
		}
		if d := log.lines("DELE"); len(d) > 0 {
			t.Errorf("DELE sent: %v", d)
		}
		press(s, "?")
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))
		press(s, "/")
		s.Must(waitJS(s, `document.activeElement && document.activeElement.id === "search"`))
		press(s, strings.Repeat(kb.Backspace, 3)+kb.Escape)
		s.Must(waitJS(s, `document.querySelector("#search").value === ""`))
		press(s, "u")
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 5*time.Second))
	})

	t.Run("check-mail", func(t *testing.T) {
		s := s.For(t)
		// The app also checks by itself, every 2 minutes from sign-in.
		if since := time.Since(signedIn); since > 90*time.Second {
			t.Fatalf("r pressed %v after sign-in: too late to tell it from the app's own check", since.Round(time.Second))
		}
		logins := log.logins()
		// Its subject lacks the text typed into the search box above, so a
		// filter left behind by the box would hide it.
		data := plainMessage("Keys new mail", "Sat, 1 Mar 2025 09:00:00 +0000", "New.\n")
		if err := srv.Deliver("keys", pop3server.Message{UID: "key-new", Data: data}); err != nil {
			t.Fatal(err)
		}
		press(s, "R")
		if err := browsertest.Wait(s.Ctx, browsertest.RowSelector("key-new"), 20*time.Second); err != nil {
			t.Logf("commands: %v", log.lines(""))
			t.Fatalf("Shift+R did not bring the new message: %v", err)
		}
		if got := log.logins(); got <= logins {
			t.Errorf("the new message came without a new session (%d logins before Shift+R, %d after)", logins, got)
		}
	})

	// c opens a new message; r, a and f answer the selected message,
	// each in the compose form with the subject it makes; keys typed in
	// the form are text. Close leaves the list as it was.
	t.Run("compose", func(t *testing.T) {
		s := s.For(t)
		subject := fmt.Sprintf(keysSubject, 0)
		uid := selectRow(s, slices.Index(rowOrder(s), "key-0"))
		for _, step := range []struct{ key, title, subject string }{
			{"c", "New message", ""},
			{"r", "Reply", "Re: " + subject},
			{"a", "Reply all", "Re: " + subject},
			{"f", "Forward", "Fwd: " + subject},
		} {
			press(s, step.key)
			s.Must(browsertest.Wait(s.Ctx, `section.compose-pane[aria-label="`+step.title+`"] form#compose textarea[name=body]:enabled`, 20*time.Second))
			if got := browsertest.Eval[string](s, `document.querySelector("form#compose [name=subject]").value`); got != step.subject {
				t.Errorf("%s: subject %q, want %q", step.key, got, step.subject)
			}
			// In the form, keys are text: j would move the selection, ?
			// show the help, c open another message.
			browsertest.Eval[bool](s, `(document.querySelector("form#compose [name=body]").focus(), true)`)
			press(s, "j?c")
			s.Must(waitJS(s, `document.querySelector("form#compose [name=body]").value.endsWith("j?c")`))
			if ok, _ := browsertest.Exists(s.Ctx, selHelp); ok {
				t.Errorf("%s: ? typed into the form showed the help", step.key)
			}
			s.Must(browsertest.ClickButtonIn(s.Ctx, "form#compose", "Discard"))
			s.Must(browsertest.WaitGone(s.Ctx, "form#compose", 5*time.Second))
			browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
			waitSelected(s, uid)
		}
	})

	// Delete deletes the selected message, and only it: it leaves the list
	// at once with an Undo; its DELE reaches the server when the undo
	// window has ended, followed by QUIT.
	t.Run("delete", func(t *testing.T) {
		s := s.For(t)
		deleteKey(t, s, srv, log, kb.Delete, 1)
	})

	// Backspace deletes too; Undo keeps the message on the server. A
	// second deletion made after it, whose window ends after the undone
	// one's, is the positive control: its DELE arrives through the same
	// log, and it must be the only one.
	t.Run("backspace-undo", func(t *testing.T) {
		s := s.For(t)
		before := len(log.lines("DELE"))
		kept := selectRow(s, 1)
		press(s, kb.Backspace)
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.RowSelector(kept), 5*time.Second))
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 5*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelUndo)))
		s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(kept), 5*time.Second))
		s.Must(browsertest.WaitText(s.Ctx, "Nothing was deleted.", 5*time.Second))
		browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)

		gone := deleteKey(t, s, srv, log, kb.Delete, 2)
		dele := log.lines("DELE")[before:]
		if len(dele) != 1 {
			t.Errorf("DELE sent %v after an undone deletion and one more, want only the second's", dele)
		}
		uids := serverUIDs(srv, "keys")
		if !slices.Contains(uids, kept) || slices.Contains(uids, gone) {
			t.Errorf("the server has %q: want %q kept (undone) and %q deleted", uids, kept, gone)
		}
	})

	// An account opened from the device after a reload shows the inbox
	// and a bar that asks for the password: the shortcuts work on the
	// page, and keys typed into that field stay text.
	t.Run("sign-in-bar", func(t *testing.T) {
		s := s.For(t)
		listed, err := browsertest.ListedCount(s.Ctx)
		s.Must(err)
		// The device forgets a deleted message's row a moment after the
		// server confirmed it: reload once it holds the listed rows only.
		if _, err := browsertest.WaitStoredWhere(s.Ctx, fmt.Sprintf("the list's %d rows", listed), func(got browsertest.Stored) bool {
			return got.Headers == listed
		}, 10*time.Second); err != nil {
			t.Fatal(err)
		}
		s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelSignInBar, 10*time.Second))
		s.Must(waitJS(s, fmt.Sprintf(`document.querySelectorAll("[data-uidl]").length === %d`, listed)))
		browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
		order := rowOrder(s)
		start := selectedRow(s)
		// Positive control: on the page, j moves and ? shows the help.
		press(s, "j")
		waitSelected(s, order[slices.Index(order, start)+1])
		press(s, "k")
		waitSelected(s, start)
		press(s, "?")
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		press(s, "?")
		s.Must(browsertest.WaitGone(s.Ctx, selHelp, 5*time.Second))

		browsertest.Eval[bool](s, `(document.querySelector("#bar-password").focus(), true)`)
		press(s, "jj?u")
		press(s, kb.Backspace)
		press(s, kb.Delete)
		s.Must(waitJS(s, `document.querySelector("#bar-password").value === "jj?"`))
		press(s, kb.Escape)
		s.Must(waitJS(s, `document.activeElement === null || document.activeElement.id !== "bar-password"`))
		press(s, "?") // shows the help only if the one typed into the field did not
		s.Must(browsertest.Wait(s.Ctx, selHelp, 5*time.Second))
		if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelUndo); ok {
			t.Error("a key typed into the password field deleted a message")
		}
		if got := selectedRow(s); got != start {
			t.Errorf("keys typed into the password field moved the selection to %q, want %q", got, start)
		}
		if got := rowOrder(s); !slices.Equal(got, order) {
			t.Errorf("rows %q after typing into the password field, want %q", got, order)
		}
	})
}

// deleteKey selects the row at pos with j and k, deletes it with key and
// checks that exactly that message is deleted, on the server only after
// the undo window and with QUIT right after its DELE. It returns its
// UIDL.
func deleteKey(t *testing.T, s *browsertest.Session, srv *pop3server.Server, log *commandLog, key string, pos int) string {
	t.Helper()
	order := rowOrder(s)
	server := serverUIDs(srv, "keys")
	listed, err := browsertest.ListedCount(s.Ctx)
	s.Must(err)
	mark := log.len()
	uid := selectRow(s, pos)
	pressed := time.Now()
	press(s, key)
	s.Must(browsertest.WaitGone(s.Ctx, browsertest.RowSelector(uid), 5*time.Second))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 5*time.Second))
	if got, err := browsertest.ListedCount(s.Ctx); err != nil || got != listed-1 {
		t.Errorf("the list holds %d rows (%v) after one deletion, had %d", got, err, listed)
	}
	want := slices.DeleteFunc(slices.Clone(order), func(u string) bool { return u == uid })
	if got := rowOrder(s); !slices.Equal(got, want) {
		t.Errorf("rows %q after deleting %q, want %q", got, uid, want)
	}
	cmds, ok := log.wait(20*time.Second, mark, func(c []command) bool {
		i := slices.IndexFunc(c, func(c command) bool { return strings.HasPrefix(c.line, "DELE") })
		return i >= 0 && slices.ContainsFunc(c[i:], func(c command) bool { return c.line == "QUIT" })
	})
	if !ok {
		t.Fatalf("no DELE and QUIT within 20 s of the deletion; commands: %v", cmds)
	}
	i := slices.IndexFunc(cmds, func(c command) bool { return strings.HasPrefix(c.line, "DELE") })
	if after := cmds[i].at.Sub(pressed); after < undoWindow-250*time.Millisecond {
		t.Errorf("DELE reached the server %v after the key, inside the %v undo window", after, undoWindow)
	}
	if cmds[i+1].line != "QUIT" {
		t.Errorf("after %q came %q, want QUIT (commands %v)", cmds[i].line, cmds[i+1].line, cmds)
	}
	if dele := slices.DeleteFunc(slices.Clone(cmds), func(c command) bool { return !strings.HasPrefix(c.line, "DELE") }); len(dele) != 1 {
		t.Errorf("one key sent %v", dele)
	}
	if err := browsertest.WaitText(s.Ctx, "Deleted 1 message from the server.", 10*time.Second); err != nil {
		t.Errorf("no confirmation of the deletion: %v", err)
	}
	wantServer := slices.DeleteFunc(slices.Clone(server), func(u string) bool { return u == uid })
	if got := serverUIDs(srv, "keys"); !slices.Equal(got, wantServer) {
		t.Errorf("the server has %q, want %q", got, wantServer)
	}
	return uid
}

// selectRow moves the selection to the row at pos with j and k, and
// returns its UIDL.
func selectRow(s *browsertest.Session, pos int) string {
	s.T.Helper()
	order := rowOrder(s)
	if at := slices.Index(order, selectedRow(s)); at > pos {
		press(s, strings.Repeat("k", at-pos))
	} else {
		press(s, strings.Repeat("j", pos-at))
	}
	waitSelected(s, order[pos])
	return order[pos]
}

const selHelp = `.help[role=dialog]`

// press sends keys to the element that has the focus, as typing does:
// each key as one keydown that carries its text, and a keyup, the way
// Chromium turns a key press into events (and Puppeteer sends them).
// chromedp.KeyEvent sends the text as a separate "char" event instead,
// which Chromium delivers even when the page cancelled the keydown, so a
// "/" that moved the focus to the search box would be typed into it.
func press(s *browsertest.Session, keys string) {
	s.T.Helper()
	s.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, r := range keys {
			evs := kb.Encode(r)
			if len(evs) == 3 { // keyDown, char, keyUp
				evs[0].Text, evs[0].UnmodifiedText = evs[1].Text, evs[1].UnmodifiedText
				evs = []*input.DispatchKeyEventParams{evs[0], evs[2]}
			} else {
				evs[0].Type = input.DispatchKeyEventTypeRawKeyDown
			}
			for _, ev := range evs {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, *ev); err != nil {
					return err
				}
			}
		}
		return nil
	}))
}

// waitJS waits until the JavaScript expression cond is true.
func waitJS(s *browsertest.Session, cond string) error {
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		return fmt.Errorf("waiting for %s: %w", cond, err)
	}
	return nil
}

func rowOrder(s *browsertest.Session) []string {
	s.T.Helper()
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	var out []string
	for _, r := range rows {
		out = append(out, r.UIDL)
	}
	return out
}

func selectedRow(s *browsertest.Session) string {
	return browsertest.Eval[string](s, `(document.querySelector("[data-uidl].selected") || {dataset: {uidl: ""}}).dataset.uidl`)
}

func searchValue(s *browsertest.Session) string {
	return browsertest.Eval[string](s, `document.querySelector("#search").value`)
}

func openRow(uid string) string { return browsertest.RowSelector(uid) + ".open" }

func waitSelected(s *browsertest.Session, uid string) {
	s.T.Helper()
	if err := browsertest.Wait(s.Ctx, browsertest.RowSelector(uid)+".selected", 5*time.Second); err != nil {
		s.T.Fatalf("the selection is on %q, want %q: %v", selectedRow(s), uid, err)
	}
}

// waitOpen waits until the reader shows the message of uid.
func waitOpen(s *browsertest.Session, uid string) {
	s.T.Helper()
	if err := browsertest.Wait(s.Ctx, openRow(uid), 5*time.Second); err != nil {
		s.T.Fatalf("the message of %q did not open: %v", uid, err)
	}
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 20*time.Second))
}

func serverUIDs(srv *pop3server.Server, user string) []string {
	var out []string
	for _, m := range srv.Messages(user) {
		out = append(out, m.UID)
	}
	return out
}

// commandLog keeps the command lines the server ran, with the time each
// arrived.
type commandLog struct {
	mu   sync.Mutex
	cmds []command
	poke chan struct{}
}

type command struct {
	at   time.Time
	line string
}

func (c command) String() string { return c.at.Format("15:04:05.000") + " " + c.line }

func newCommandLog() *commandLog { return &commandLog{poke: make(chan struct{}, 1)} }

func (l *commandLog) record(_, line string) {
	l.mu.Lock()
	l.cmds = append(l.cmds, command{time.Now(), line})
	l.mu.Unlock()
	select {
	case l.poke <- struct{}{}:
	default:
	}
}

func (l *commandLog) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.cmds)
}

// lines returns the command lines that start with verb.
func (l *commandLog) lines(verb string) []command {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []command
	for _, c := range l.cmds {
		if strings.HasPrefix(c.line, verb) {
			out = append(out, c)
		}
	}
	return out
}

// logins counts the sessions that logged in, whatever the method.
func (l *commandLog) logins() int {
	return len(l.lines("USER")) + len(l.lines("APOP")) + len(l.lines("AUTH"))
}

// wait waits until done accepts the commands logged from index since on,
// and returns them.
func (l *commandLog) wait(timeout time.Duration, since int, done func([]command) bool) ([]command, bool) {
	deadline := time.After(timeout)
	for {
		l.mu.Lock()
		cmds := slices.Clone(l.cmds[since:])
		l.mu.Unlock()
		if done(cmds) {
			return cmds, true
		}
		select {
		case <-l.poke:
		case <-deadline:
			return cmds, false
		}
	}
}
