//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"
)

// Selectors of the offline and device parts of the app.
const (
	SelOffline     = "#offline-banner"
	SelSignInBar   = "form#signin-bar"
	SelPendingRow  = ".row.pending"
	SelDeviceOpen  = "#device-button"
	SelDevicePanel = "#device-panel"
)

// Stored counts what the app keeps in its IndexedDB database ("poppy"):
// inbox rows, message bodies and deletions queued while offline, over
// every account. The names and the bucket format of the rows are the
// store's schema (app/store/idb_schema_js.go).
type Stored struct{ Headers, Bodies, Deletes int }

// StoredCounts reads the app's IndexedDB database from the page.
func StoredCounts(ctx context.Context) (Stored, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[Stored](`new Promise((resolve, reject) => {
		const open = indexedDB.open("poppy");
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const names = ["headers", "bodies", "deletes"].filter(n => db.objectStoreNames.contains(n));
			if (names.length < 3) { db.close(); resolve({Headers: -1, Bodies: -1, Deletes: -1}); return; }
			const tx = db.transaction(names, "readonly");
			const out = {};
			// Rows are kept in buckets, one row per line (app/store).
			const h = tx.objectStore("headers").getAll();
			h.onsuccess = () => { out.Headers = h.result.reduce((n, b) => n + (b === "" ? 0 : b.split("\n").length), 0); };
			for (const [n, k] of [["bodies", "Bodies"], ["deletes", "Deletes"]]) {
				const r = tx.objectStore(n).count();
				r.onsuccess = () => { out[k] = r.result; };
			}
			tx.oncomplete = () => { db.close(); resolve(out); };
			tx.onerror = () => { db.close(); reject(tx.error); };
		};
	})`, chromedp.EvalAwaitPromise))
}

// WaitStored waits until the app's database holds at least want (each
// field) — the app writes in the background, after the screen shows.
func WaitStored(ctx context.Context, want Stored, timeout time.Duration) (Stored, error) {
	return WaitStoredWhere(ctx, fmt.Sprintf("at least %+v", want), func(got Stored) bool {
		return got.Headers >= want.Headers && got.Bodies >= want.Bodies && got.Deletes >= want.Deletes
	}, timeout)
}

// WaitStoredWhere waits until what the app's database holds satisfies
// ok, described by what for the error: for what a deletion or a
// sign-out removes, which the app also writes in the background.
func WaitStoredWhere(ctx context.Context, what string, ok func(Stored) bool, timeout time.Duration) (Stored, error) {
	deadline := time.Now().Add(timeout)
	for {
		got, err := StoredCounts(ctx)
		if err == nil && ok(got) {
			return got, nil
		}
		if time.Now().After(deadline) {
			return got, fmt.Errorf("browsertest: the app's IndexedDB holds %+v after %v, want %s (%v)", got, timeout, what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Reload reloads the page and waits until the app shows its inbox (an
// account opened from the device) — not the sign-in form, which OpenApp
// waits for, nor the inbox's snapshot that the page paints before the
// app runs (the bridge's snapshot.js: an inert copy, marked
// data-snapshot).
func Reload(ctx context.Context, url string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS("div.app:not([data-snapshot]) section.inbox")),
	)
}

// SignInBar types password into the bar that an account opened from the
// device shows, and submits it.
func SignInBar(ctx context.Context, password string) error {
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const f = document.querySelector("form#signin-bar");
		if (!f) return "no form#signin-bar";
		const el = f.elements.namedItem("password");
		el.value = `+js(password)+`;
		el.dispatchEvent(new Event("input", {bubbles: true}));
		return "";
	})()`))
	if err != nil {
		return err
	}
	if msg != "" {
		return fmt.Errorf("browsertest: %s", msg)
	}
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`form#signin-bar button[type=submit]:enabled`)))
}

// clickWait is how long ClickButtonIn waits for its button.
const clickWait = 10 * time.Second

// ClickButtonIn clicks the first enabled button whose text is label
// inside the first element matching within, waiting up to
// clickWait for it: what the app lists from the device's store (the
// saved accounts after a reload) renders a moment after the store
// opened.
func ClickButtonIn(ctx context.Context, within, label string) error {
	find := `[...(document.querySelector(` + js(within) + `) || document.createElement("div")).querySelectorAll("button:enabled")].find(b => b.textContent.trim() === ` + js(label) + `)`
	// go-app may replace the button between the lookup and the click (a
	// re-render as figures arrive), which CDP reports as a node it can no
	// longer find: look it up again and retry a few times.
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if _, err = chromedp.Run(ctx, chromedp.Poll[bool](`!!`+find,
			chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(clickWait))); err != nil {
			if ctx.Err() != nil {
				return err
			}
			return fmt.Errorf("browsertest: no enabled button %q in %s within %v", label, within, clickWait)
		}
		if err = chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(find))); err == nil {
			return nil
		}
	}
	return fmt.Errorf("browsertest: clicking %q in %s: %w", label, within, err)
}
