//go:build !js

package e2e

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/security"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/haproxytest"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// TestE2ERollingRestart: the app, loaded and signed in through HAProxy
// (deploy/haproxy/haproxy.cfg) in front of two bridges, rides through a
// rollout: both bridges are restarted one after the other (SIGTERM,
// drain, the tab's session closed with 1001, start again). The person
// then deletes a message, whose commit meets the cut session, and opens
// another: the deletion is confirmed and made on the server, once, the
// message shows, and the page never says the connection was lost.
func TestE2ERollingRestart(t *testing.T) {
	browsertest.Require(t)
	dc := dovecottest.Start(t, nil)
	for _, m := range [][]byte{
		plainMessage("Rollout keep", "Mon, 3 Mar 2025 10:00:00 +0000", "Keep me.\n"),
		plainMessage("Rollout delete me", "Mon, 3 Mar 2025 10:01:00 +0000", "Delete me.\n"),
		plainMessage("Rollout read me", "Mon, 3 Mar 2025 10:02:00 +0000", "Read me after the rollout.\n"),
	} {
		dc.Deliver(dc.User, m)
	}
	ports, err := harness.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	edge := "https://127.0.0.1:" + strconv.Itoa(ports[0])
	s := browsertest.Start(t, browsertest.Config{NoOpen: true, Bridge: browsertest.BridgeConfig{
		Targets: []string{mailTarget + "=" + dc.TLSAddr + "/tls"},
		// Pages come from HAProxy's origin; the client's address is the
		// one HAProxy writes into X-Forwarded-For.
		Args: []string{"-public-name", edge, "-trusted-proxy", "127.0.0.1", "-shutdown-timeout", "1s"},
	}})
	cfg := s.Bridge.Config()
	cfg.Listen = "127.0.0.1:" + strconv.Itoa(ports[1])
	other, err := browsertest.StartBridge(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Stop() })
	h := haproxytest.Start(t, &haproxytest.Options{Backends: []string{s.Bridge.Addr, other.Addr}, Port: ports[0]})

	// The browser does not know the test CA that signed HAProxy's
	// certificate; a deployment's would be publicly trusted.
	if _, err := chromedp.Call(s.Ctx, security.SetIgnoreCertificateErrors, security.SetIgnoreCertificateErrorsParams{Ignore: true}); err != nil {
		t.Fatal(err)
	}
	s.Must(browsertest.OpenApp(s.Ctx, h.URL()))
	signIn(t, s, dc)
	count0, _ := serverState(t, dc)

	// Restart both replicas, so the tab's session is cut whichever
	// carries it; HAProxy puts each back before the next goes.
	first := s.Bridge
	s.StartBridge(nil)
	h.WaitServer(0, true)
	if err := other.Stop(); err != nil {
		t.Fatal(err)
	}
	second := other
	if other, err = browsertest.StartBridge(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	h.WaitServer(1, true)
	// Positive control: a drain did close the tab's session with 1001.
	if !strings.Contains(first.Output()+second.Output(), "reason=shutdown") {
		t.Fatalf("no session was closed by a draining bridge:\n%s\n%s", first.Output(), second.Output())
	}

	// Deleted from the list with the Delete key, as TestE2EKeys does, so
	// that nothing else (opening the message) uses the cut session
	// first: the commit is what meets it.
	del := rowBySubject(t, s, "Rollout delete me")
	browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
	selectRow(s, slices.Index(rowOrder(s), del))
	press(s, kb.Delete)
	s.Must(browsertest.WaitGone(s.Ctx, browsertest.RowSelector(del), 5*time.Second))
	// Watched all along, since a later status replaces a notice: the
	// commit must not queue the deletion or say the connection was lost
	// on its way to "Deleted".
	statusUntil(t, s, "Deleted 1 message from the server.", undoWindow+30*time.Second)
	n, uidls := serverState(t, dc)
	if n != count0-1 || slices.Contains(uidls, del) || dc.Count(dc.User) != count0-1 {
		t.Errorf("the server has %d messages (maildir %d), want %d without %s", n, dc.Count(dc.User), count0-1, del)
	}

	read := rowBySubject(t, s, "Rollout read me")
	s.Must(browsertest.OpenMessage(s.Ctx, read, 20*time.Second))
	if err := browsertest.WaitText(s.Ctx, "Read me after the rollout.", 20*time.Second); err != nil {
		t.Errorf("the message opened after the rollout does not show: %v", err)
	}
	page, err := browsertest.Text(s.Ctx, "body")
	s.Must(err)
	for _, bad := range trouble {
		if strings.Contains(page, bad) {
			t.Errorf("the page says %q after the rollout:\n%s", bad, page)
		}
	}
}

// trouble is what the page says when a drop was not invisible: the
// reconnect notice, and a deletion failed or queued (app/ui's status).
var trouble = []string{"Connection lost", "could not be deleted", "will be sent when Poppy is connected"}

// statusUntil reads the page until it shows want, failing the test if it
// shows any of trouble first, or if want does not come within timeout.
func statusUntil(t *testing.T, s *browsertest.Session, want string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		page, err := browsertest.Text(s.Ctx, "body")
		s.Must(err)
		for _, bad := range trouble {
			if strings.Contains(page, bad) {
				t.Fatalf("the page says %q after the rollout:\n%s", bad, page)
			}
		}
		if strings.Contains(page, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %q within %v; the page says:\n%s", want, timeout, page)
		}
		time.Sleep(50 * time.Millisecond) // polls the page, as WaitText does
	}
}
