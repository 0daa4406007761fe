//go:build !js && unix

package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// keptPrefix begins the localStorage key of a kept (encrypted) refresh
// token (app/oauth's WebCryptoStore): the test checks that one is there,
// and then gone.
const keptPrefix = "poppy-oauth-refresh:"

// keepBox is the "keep me signed in" box of the README's contract.
const keepBox = `input[type=checkbox][name=keep-signed-in]`

// TestE2EOAuthKeepSignedIn: with "Keep me signed in on this device"
// ticked, a sign-in with the provider (Ory Hydra) survives a reload: the
// tab refreshes its way back in (a refresh_token grant) with no
// provider page, and lists a message delivered meanwhile, which only a
// POP3 login can show. What the device stores holds no refresh token in
// clear (every one the provider gave, searched in localStorage,
// sessionStorage, cookies and every IndexedDB database; the same
// search finds one put there on purpose). Once the person withdraws the
// grant at the provider, a reload shows "Sign in again" and the kept
// token is gone.
func TestE2EOAuthKeepSignedIn(t *testing.T) {
	s, p, dc := startOAuth(t, 0)
	start := time.Now()
	refreshed := refreshes(s)
	visits := providerVisits(s)
	tokens := refreshTokens(s)

	s.Must(chromedp.Do(s.Ctx, chromedp.WaitEnabled(chromedp.CSS(keepBox))))
	if browsertest.Eval[bool](s, `document.querySelector(`+strconv.Quote(keepBox)+`).checked`) {
		t.Fatal("the keep-signed-in box is ticked before the person ticks it")
	}
	button := `[data-oauth="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(keepBox)), chromedp.WaitEnabled(chromedp.CSS(button)), chromedp.Click(chromedp.CSS(button))))
	loginAtProvider(t, s, dc, button)
	checkOAuthInbox(t, s, dc)
	// The positive control of "no provider page" below: the same count
	// saw the sign-in's.
	if visits.Load() == 0 {
		t.Fatal("the sign-in's visit to the provider was not seen")
	}
	if n := keptKeys(t, s); n != 1 {
		t.Fatalf("%d kept sign-ins on the device after a ticked sign-in, want 1", n)
	}
	checkKeptRow(t, s, true)

	// A reload: the inbox comes back signed in, with what arrived.
	dc.Deliver(oauthUser, plainMessage("While away", "Mon, 3 Mar 2025 10:02:00 +0000", "Hello.\n"))
	for len(refreshed) > 0 {
		<-refreshed
	}
	visits.Store(0)
	reloaded := time.Now()
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	waitRefresh(t, refreshed, "the reload")
	waitRows(t, s, 3)
	t.Logf("from the reload to the new message listed: %v", time.Since(reloaded).Round(time.Millisecond))
	if n := visits.Load(); n != 0 {
		t.Errorf("the reload went to the provider's pages %d times, want none", n)
	}
	if ended, err := browsertest.Exists(s.Ctx, `#oauth-ended`); err != nil || ended {
		t.Errorf("after the reload the page shows #oauth-ended (%v)", err)
	}

	// No refresh token in clear anywhere the page can store.
	seen := tokens()
	if len(seen) < 2 {
		t.Fatalf("saw %d refresh tokens from the provider, want the exchange's and the reload's", len(seen))
	}
	storageControl(t, s, seen[0])
	if where := findInStorage(t, s, seen); len(where) > 0 {
		t.Errorf("a refresh token is stored in clear: %q", where)
	}
	if n := keptKeys(t, s); n != 1 {
		t.Errorf("%d kept sign-ins after the reload's refresh, want 1", n)
	}

	// Withdrawn at the provider: a reload ends the sign-in.
	s.Must(p.RevokeSessions(s.Ctx, oauthUser))
	s.Must(chromedp.Do(s.Ctx, chromedp.Navigate(s.Bridge.URL)))
	if err := browsertest.Wait(s.Ctx, `#oauth-ended`, 60*time.Second); err != nil {
		txt, _ := browsertest.Text(s.Ctx, `.banner`)
		t.Fatalf("no \"Sign in again\" after a reload with a revoked grant (%v); the banner reads %q", err, txt)
	}
	if n := keptKeys(t, s); n != 0 {
		t.Errorf("%d kept sign-ins after the provider refused the refresh, want none", n)
	}
	checkKeptRow(t, s, false)
	t.Logf("sign-in, reload, revocation: %v", time.Since(start).Round(time.Millisecond))
}

// TestE2EOAuthNotKept: without the box ticked, nothing is kept: a reload
// shows "Sign in again", and the device holds neither a kept sign-in nor
// any refresh token the provider gave.
func TestE2EOAuthNotKept(t *testing.T) {
	s, _, dc := startOAuth(t, 0)
	start := time.Now()
	tokens := refreshTokens(s)
	button := `[data-oauth="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.WaitEnabled(chromedp.CSS(keepBox)), chromedp.WaitEnabled(chromedp.CSS(button)), chromedp.Click(chromedp.CSS(button))))
	loginAtProvider(t, s, dc, button)
	checkOAuthInbox(t, s, dc)
	checkKeptRow(t, s, false)

	s.Must(chromedp.Do(s.Ctx, chromedp.Navigate(s.Bridge.URL)))
	if err := browsertest.Wait(s.Ctx, `#oauth-ended`, 60*time.Second); err != nil {
		t.Fatalf("no \"Sign in again\" after a reload of a sign-in not kept: %v", err)
	}
	if txt, err := browsertest.Text(s.Ctx, `#oauth-ended button`); err != nil || txt != "Sign in again" {
		t.Errorf("the bar's button reads %q (%v), want \"Sign in again\"", txt, err)
	}
	if n := keptKeys(t, s); n != 0 {
		t.Errorf("%d kept sign-ins, want none", n)
	}
	seen := tokens()
	if len(seen) == 0 {
		t.Fatal("saw no refresh token from the provider")
	}
	storageControl(t, s, seen[0])
	if where := findInStorage(t, s, seen); len(where) > 0 {
		t.Errorf("a refresh token is stored in clear: %q", where)
	}
	t.Logf("sign-in, reload: %v", time.Since(start).Round(time.Millisecond))
}

// checkKeptRow opens the accounts panel and checks what the OAuth
// account's row says about staying signed in.
func checkKeptRow(t *testing.T, s *browsertest.Session, kept bool) {
	t.Helper()
	row := `#device-panel li.account[data-auth="oauth"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.Wait(s.Ctx, row, 10*time.Second))
	txt, err := browsertest.Text(s.Ctx, row)
	s.Must(err)
	has, err := browsertest.Exists(s.Ctx, row+`[data-kept]`)
	s.Must(err)
	if has != kept || strings.Contains(txt, "Stays signed in on this device") != kept {
		t.Errorf("the OAuth row reads %q with data-kept %v, want kept: %v", txt, has, kept)
	}
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.WaitGone(s.Ctx, `#device-panel`, 10*time.Second))
}

// waitRows waits until the inbox lists n rows.
func waitRows(t *testing.T, s *browsertest.Session, n int) {
	t.Helper()
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`document.querySelectorAll("[data-uidl]").length === `+strconv.Itoa(n),
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(60*time.Second)))
	if err != nil {
		rows, _ := browsertest.Rows(s.Ctx)
		txt, _ := browsertest.Text(s.Ctx, `.banner`)
		t.Fatalf("the inbox lists %d rows, want %d (%v); the banner reads %q", len(rows), n, err, txt)
	}
}

// keptKeys counts the kept sign-ins in the page's localStorage.
func keptKeys(t *testing.T, s *browsertest.Session) int {
	t.Helper()
	return browsertest.Eval[int](s, `Object.keys(localStorage).filter(k => k.startsWith(`+strconv.Quote(keptPrefix)+`)).length`)
}

// providerVisits counts the pages the tab loads from anywhere but the
// app's own origin: the provider's authorization endpoint and login
// form.
func providerVisits(s *browsertest.Session) *atomic.Int64 {
	var n atomic.Int64
	app := strings.TrimSuffix(s.Bridge.URL, "/")
	reqs := chromedp.Events(s.Ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if ev.Type == network.ResourceTypeDocument && !strings.HasPrefix(ev.Request.URL, app) {
				n.Add(1)
			}
		}
	}()
	return &n
}

// refreshTokens collects, in order, every refresh token the provider's
// token endpoint gives the tab (code exchanges and refreshes), read from
// the answers through the browser's own network log.
func refreshTokens(s *browsertest.Session) func() []string {
	var mu sync.Mutex
	var got []string
	grants := map[network.RequestID]bool{}
	evs := chromedp.Events(s.Ctx, network.LoadingFinished)
	reqs := chromedp.Events(s.Ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			for _, e := range ev.Request.PostDataEntries {
				if strings.Contains(string(e.Bytes), "grant_type=") {
					mu.Lock()
					grants[ev.RequestID] = true
					mu.Unlock()
				}
			}
		}
	}()
	go func() {
		for ev, err := range evs {
			if err != nil {
				return
			}
			mu.Lock()
			ok := grants[ev.RequestID]
			mu.Unlock()
			if !ok {
				continue
			}
			res, err := chromedp.Run(s.Ctx, func(ctx context.Context, tg *chromedp.Target) (network.GetResponseBodyResult, error) {
				return cdp.Call(ctx, tg, network.GetResponseBody, network.GetResponseBodyParams{RequestID: ev.RequestID})
			})
			body := res.Body
			if err != nil {
				s.T.Logf("reading a token answer: %v", err)
				continue
			}
			var tok struct {
				RefreshToken string `json:"refresh_token"`
			}
			if json.Unmarshal(body, &tok) == nil && tok.RefreshToken != "" {
				mu.Lock()
				got = append(got, tok.RefreshToken)
				mu.Unlock()
			}
		}
	}()
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(got)
	}
}

// searchStorage is a script that returns where any of its needles (and
// their base64) is in what the page stores: localStorage and
// sessionStorage keys and values, cookies, and every record and key of
// every IndexedDB database, strings and bytes alike.
const searchStorage = `(async (needles) => {
	needles = needles.flatMap(n => [n, btoa(n)]);
	const dec = new TextDecoder();
	const texts = [];
	const walk = (v, where, depth) => {
		if (v == null || depth > 30) return;
		if (typeof v !== "object") { texts.push([where, String(v)]); return; }
		if (v instanceof ArrayBuffer) { texts.push([where, dec.decode(new Uint8Array(v))]); return; }
		if (ArrayBuffer.isView(v)) { texts.push([where, dec.decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))]); return; }
		for (const k of Object.keys(v)) { texts.push([where, k]); walk(v[k], where + "." + k, depth + 1); }
	};
	for (const [name, st] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
		for (let i = 0; i < st.length; i++) { const k = st.key(i); walk(k, name, 0); walk(st.getItem(k), name + ":" + k, 0); }
	}
	walk(document.cookie, "cookie", 0);
	const req = r => new Promise((ok, bad) => { r.onsuccess = () => ok(r.result); r.onerror = () => bad(r.error); });
	for (const info of await indexedDB.databases()) {
		const db = await req(indexedDB.open(info.name));
		for (const name of db.objectStoreNames) {
			const st = db.transaction(name).objectStore(name);
			walk(await req(st.getAll()), "idb:" + info.name + "/" + name, 0);
			walk(await req(st.getAllKeys()), "idb:" + info.name + "/" + name + " keys", 0);
		}
		db.close();
	}
	const found = [];
	for (const n of needles) for (const [where, text] of texts) if (text.includes(n)) found.push(where);
	return [...new Set(found)];
})`

// findInStorage returns where the page stores any of needles.
func findInStorage(t *testing.T, s *browsertest.Session, needles []string) []string {
	t.Helper()
	arg, err := json.Marshal(needles)
	s.Must(err)
	found, err := chromedp.Run(s.Ctx, chromedp.Evaluate[[]string](searchStorage+`(`+string(arg)+`)`, chromedp.EvalAwaitPromise))
	s.Must(err)
	return found
}

// storageControl is the positive control of findInStorage: tok put in
// localStorage as text and in an IndexedDB record as bytes is found in
// both places; then they are taken out again.
func storageControl(t *testing.T, s *browsertest.Session, tok string) {
	t.Helper()
	q := strconv.Quote(tok)
	_, err := chromedp.Run(s.Ctx, chromedp.Evaluate[bool](`(async () => {
		localStorage.setItem("e2e-control", "x" + `+q+` + "x");
		const req = r => new Promise((ok, bad) => { r.onsuccess = () => ok(r.result); r.onerror = () => bad(r.error); });
		const open = indexedDB.open("e2e-control", 1);
		open.onupgradeneeded = () => open.result.createObjectStore("s");
		const db = await req(open);
		await req(db.transaction("s", "readwrite").objectStore("s").put({v: new TextEncoder().encode(`+q+`)}, "k"));
		db.close();
		return true;
	})()`, chromedp.EvalAwaitPromise))
	s.Must(err)
	found := findInStorage(t, s, []string{tok})
	_, err = chromedp.Run(s.Ctx, chromedp.Evaluate[bool](`(async () => {
		localStorage.removeItem("e2e-control");
		await new Promise((ok, bad) => { const r = indexedDB.deleteDatabase("e2e-control"); r.onsuccess = ok; r.onerror = bad; });
		return true;
	})()`, chromedp.EvalAwaitPromise))
	s.Must(err)
	want := []string{"localStorage:e2e-control", "idb:e2e-control/s.0.v"}
	for _, w := range want {
		if !slices.Contains(found, w) {
			t.Fatalf("the storage search did not find a token put in %s (found %q): it cannot show one is absent", w, found)
		}
	}
	if again := findInStorage(t, s, []string{tok}); slices.ContainsFunc(again, func(w string) bool { return strings.Contains(w, "e2e-control") }) {
		t.Fatalf("the control stays in storage: %q", again)
	}
}
