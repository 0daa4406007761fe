//go:build !js

package main

import (
	"context"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// probe runs in every document of the tab before its scripts. It keeps
// timestamps in window.__bench, all from performance.now() (milliseconds
// since the navigation started):
//
//   - app: when the app's code started (its performance mark
//     "poppy-start", set first thing in main: the page loaded, the wasm
//     compiled and the Go runtime started);
//   - rows / rowsFrame: the first inbox row in the DOM, and the next
//     animation frame after it (painted);
//   - body / bodyFrame: once watchBody holds a subject, the reader's
//     article for that subject, and the next animation frame;
//   - ws.times: the timeStamp of each WebSocket message event (when the
//     page took the bytes from the network), with ws.bytes their size.
//
// A MutationObserver sees each change as the app's renderer makes it; it
// costs the page little (one querySelector per batch of mutations).
const probe = `(() => {
	if (window.__bench) return;
	const B = window.__bench = {ws: {n: 0, bytes: 0, times: []}};
	const frame = (key) => requestAnimationFrame(() => { B[key] = performance.now(); });
	const check = () => {
		const now = performance.now();
		if (!B.app) { const m = performance.getEntriesByName("poppy-start"); if (m.length) B.app = m[0].startTime; }
		if (!B.rows && document.querySelector("[data-uidl]")) { B.rows = now; frame("rowsFrame"); }
		if (B.watchBody && !B.body) {
			const h = document.querySelector("#message-reader article.message h2.subject");
			if (h && h.textContent === B.watchBody) { B.body = now; frame("bodyFrame"); }
		}
	};
	new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
	const WS = window.WebSocket;
	window.WebSocket = new Proxy(WS, {construct(t, args) {
		const ws = Reflect.construct(t, args);
		ws.addEventListener("message", (e) => {
			B.ws.n++;
			B.ws.bytes += (e.data && (e.data.byteLength !== undefined ? e.data.byteLength : e.data.size)) || 0;
			B.ws.times.push(e.timeStamp);
		});
		return ws;
	}});
})()`

func installProbe(ctx context.Context) error {
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: probe})
	return err
}

// pollBench waits until the JavaScript expression over B (window.__bench)
// is truthy, and returns its value.
func pollBench[T any](ctx context.Context, expr string) (T, error) {
	return chromedp.Run(ctx, chromedp.Poll[T](`(() => { const B = window.__bench; return B && (`+expr+`); })()`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(0)))
}
