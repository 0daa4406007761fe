//go:build !js

package e2e

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// TestE2EOffline signs in and reads a message; stops the bridge and
// reloads: the app starts from its service worker, shows the inbox and
// the message from IndexedDB, and says it is offline. Then the bridge
// comes back, a message is delivered into Dovecot's maildir, and signing
// in fetches that message's header and nothing else (Dovecot's own
// count of TOP commands says so).
func TestE2EOffline(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("Offline one", "Mon, 3 Mar 2025 10:00:00 +0000", "First.\n"),
		plainMessage("Offline two", "Mon, 3 Mar 2025 10:01:00 +0000", "Readable without a network.\n"),
		plainMessage("Offline three", "Mon, 3 Mar 2025 10:02:00 +0000", "Third.\n"),
	)
	signIn(t, s, dc)
	uid := rowBySubject(t, s, "Offline two")
	s.Must(browsertest.OpenMessage(s.Ctx, uid, 20*time.Second))
	s.Must(browsertest.WaitText(s.Ctx, "Readable without a network.", 10*time.Second))
	_, err := browsertest.WaitStored(s.Ctx, browsertest.Stored{Headers: 3, Bodies: 1}, 10*time.Second)
	s.Must(err)

	s.WaitWorker()
	s.StopBridge()
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelOffline, 10*time.Second))
	s.Must(browsertest.WaitRows(s.Ctx))
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	var subjects []string
	for _, r := range rows {
		subjects = append(subjects, r.Subject)
	}
	if want := []string{"Offline three", "Offline two", "Offline one"}; !slices.Equal(subjects, want) {
		t.Errorf("offline, the inbox shows %q, want %q", subjects, want)
	}
	s.Must(browsertest.OpenMessage(s.Ctx, uid, 20*time.Second))
	if err := browsertest.WaitText(s.Ctx, "Readable without a network.", 10*time.Second); err != nil {
		t.Errorf("offline, the message read before does not show: %v", err)
	}
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelSignInBar); !ok {
		t.Error("offline, no sign-in bar asks for the password")
	}

	// Back online, with one new message.
	s.StartBridge(nil)
	dc.Deliver(dc.User, plainMessage("Offline four, new", "Mon, 3 Mar 2025 10:03:00 +0000", "New.\n"))
	mark := quietLog(t, dc)
	s.Must(browsertest.SignInBar(s.Ctx, dc.Password))
	waitSubject(t, s, "Offline four, new", 30*time.Second)
	if err := browsertest.WaitGone(s.Ctx, browsertest.SelOffline, 15*time.Second); err != nil {
		t.Errorf("the offline banner stays with the bridge back: %v", err)
	}
	s.Must(browsertest.ClickButton(s.Ctx, "Sign out")) // ends the session, so Dovecot logs it
	got := sessionCounts(t, dc, mark)
	t.Logf("Dovecot's counts for the sessions after the bridge came back: %+v", got)
	if got.sessions == 0 || got.top != 1 || got.retr != 0 || got.del != 0 {
		t.Errorf("after the bridge came back Dovecot logged %+v; want TOP for the one new message only, no RETR, no DELE", got)
	}
}

// TestE2EOfflineDelete deletes a message while the bridge is down: it is
// shown as pending and kept on the device. Meanwhile another client
// deletes a different message, which renumbers the first. When the bridge
// is back, signing in deletes the right message (by UIDL), and only it:
// Dovecot counts one DELE from the app.
func TestE2EOfflineDelete(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("Pending A", "Mon, 3 Mar 2025 10:00:00 +0000", "A.\n"),
		plainMessage("Pending B", "Mon, 3 Mar 2025 10:01:00 +0000", "B.\n"),
		plainMessage("Pending C", "Mon, 3 Mar 2025 10:02:00 +0000", "C.\n"),
	)
	signIn(t, s, dc)
	a, b := rowBySubject(t, s, "Pending A"), rowBySubject(t, s, "Pending B")
	_, err := browsertest.WaitStored(s.Ctx, browsertest.Stored{Headers: 3}, 10*time.Second)
	s.Must(err)

	s.WaitWorker()
	s.StopBridge()
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelOffline, 10*time.Second))
	s.Must(browsertest.ShowRow(s.Ctx, b))
	s.Do(chromedp.Click(chromedp.CSS(browsertest.RowSelector(b) + " .tick")))
	s.Must(browsertest.WaitText(s.Ctx, "Delete 1", 5*time.Second))
	s.Must(browsertest.ClickButton(s.Ctx, "Delete 1"))
	s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(b)+".pending", undoWindow+15*time.Second))
	_, err = browsertest.WaitStored(s.Ctx, browsertest.Stored{Deletes: 1}, 10*time.Second)
	s.Must(err)

	deleteNatively(t, dc, a) // b moves from message 2 to message 1
	s.StartBridge(nil)
	mark := quietLog(t, dc)
	s.Must(browsertest.SignInBar(s.Ctx, dc.Password))
	if err := browsertest.WaitGone(s.Ctx, browsertest.RowSelector(b), 30*time.Second); err != nil {
		t.Fatalf("the pending deletion was not committed: %v", err)
	}
	s.Must(browsertest.WaitText(s.Ctx, "Deleted 1 message from the server.", 10*time.Second))
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.RowSelector(a)); ok {
		t.Error("the message deleted by another client is still listed")
	}
	n, uidls := serverState(t, dc)
	if n != 1 || slices.Contains(uidls, a) || slices.Contains(uidls, b) {
		t.Errorf("the server has %d messages %q, want only C", n, uidls)
	}
	s.Must(browsertest.ClickButton(s.Ctx, "Sign out"))
	if got := sessionCounts(t, dc, mark); got.del != 1 {
		t.Errorf("the app's sessions deleted %d messages (%+v), want exactly the one pending", got.del, got)
	}
	// The device's copy is written in the background: it follows the
	// server a moment after the screen does.
	if st, err := browsertest.WaitStoredWhere(s.Ctx, "1 row and no queued deletion", func(st browsertest.Stored) bool {
		return st.Deletes == 0 && st.Headers == 1
	}, 10*time.Second); err != nil {
		t.Errorf("the device keeps %+v: %v", st, err)
	}
}

// deleteNatively deletes the message uidl with a session of its own, as
// another mail program would.
func deleteNatively(t *testing.T, dc *dovecottest.Server, uidl string) {
	t.Helper()
	ctx, c := nativeSession(t, dc)
	infos, err := c.UIDL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, mi := range infos {
		if mi.UID == uidl {
			if err := c.Dele(ctx, mi.Number); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
}

func waitSubject(t *testing.T, s *browsertest.Session, subject string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		rows, err := browsertest.Rows(s.Ctx)
		s.Must(err)
		for _, r := range rows {
			if r.Subject == subject {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no row %q within %v; rows %+v", subject, timeout, rows)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Dovecot logs each POP3 session when it ends, with its counts
// (pop3_logout_format's default "top=%t/%p, retr=%r/%b, del=%d/%m,
// size=%s"), whether it ended with QUIT or a dropped connection.
var (
	loginLine  = regexp.MustCompile(`pop3-login: Info: Login: `)
	logoutLine = regexp.MustCompile(`: Disconnected: .*top=(\d+)/\d+, retr=(\d+)/\d+, del=(\d+)/\d+`)
)

type counts struct{ sessions, top, retr, del int }

// quietLog waits until every session Dovecot logged in has been logged
// out, and returns the log's length: sessions after it are new.
func quietLog(t *testing.T, dc *dovecottest.Server) int {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		log := dc.LogText()
		in, out := len(loginLine.FindAllString(log, -1)), len(logoutLine.FindAllString(log, -1))
		if in == out {
			return len(log)
		}
		if time.Now().After(deadline) {
			t.Fatalf("Dovecot logged %d logins and %d logouts:\n%s", in, out, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sessionCounts adds up the counts of the sessions logged after mark,
// once they have all ended.
func sessionCounts(t *testing.T, dc *dovecottest.Server, mark int) counts {
	t.Helper()
	end := quietLog(t, dc)
	var c counts
	for _, m := range logoutLine.FindAllStringSubmatch(dc.LogText()[mark:end], -1) {
		c.sessions++
		c.top += atoi(t, m[1])
		c.retr += atoi(t, m[2])
		c.del += atoi(t, m[3])
	}
	if c.sessions == 0 {
		t.Logf("no session logged after the mark:\n%s", dc.LogText()[mark:end])
	}
	return c
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
