//go:build !js

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// floorScript is the sign-in path's exchange with the mail server and
// nothing else, in a few lines of JavaScript: through the bridge's
// WebSocket, the greeting, CAPA, USER and PASS in one write (the server
// announces PIPELINING), CAPA + UIDL + LIST in one write, then TOP n 0
// for every message in one write, each step sent once the replies of the
// one before are in, as the app's engine does. It parses nothing: it
// counts the replies' ends (a line break for a one-line reply, the
// "CRLF.CRLF" that ends a multi-line one, which dot-stuffing keeps out of
// their content) and fails on a line that starts with "-" (an -ERR; no
// header line of the bench's messages starts so). It resolves
// to the milliseconds from creating the WebSocket to the last TOP reply's
// end. Its arguments: the WebSocket path, the target, the user, the
// password and the number of messages, each as JSON.
const floorScript = `(async (path, target, user, pass, count) => {
	const u = new URL(path + "?" + new URLSearchParams({target}), location.href);
	u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
	const enc = new TextEncoder();
	const end = [13, 10, 46, 13, 10];
	let lines = 0, ends = 0, state = 0, prev = 0, lineStart = true, failed = null, wake = null;
	const t0 = performance.now();
	const ws = new WebSocket(u);
	ws.binaryType = "arraybuffer";
	ws.onmessage = (e) => {
		const b = new Uint8Array(e.data);
		for (let i = 0; i < b.length; i++) {
			const c = b[i];
			if (lineStart && c === 45) failed = failed || new Error("the server refused a command");
			lineStart = c === 10 && prev === 13;
			if (lineStart) lines++;
			if (c === end[state]) {
				if (++state === end.length) { ends++; state = 2; }
			} else {
				state = c === 13 ? 1 : 0;
			}
			prev = c;
		}
		if (wake) wake();
	};
	ws.onclose = () => { failed = failed || new Error("the bridge closed the WebSocket"); if (wake) wake(); };
	const until = (done) => new Promise((resolve, reject) => {
		const check = () => {
			if (failed) { wake = null; reject(failed); } else if (done()) { wake = null; resolve(); } else { wake = check; }
		};
		check();
	});
	const send = (s) => ws.send(enc.encode(s));
	await until(() => lines >= 1);
	send("CAPA\r\n");
	await until(() => ends >= 1);
	const want = lines + 2;
	send("USER " + user + "\r\nPASS " + pass + "\r\n");
	await until(() => lines >= want);
	send("CAPA\r\nUIDL\r\nLIST\r\n");
	await until(() => ends >= 4);
	let tops = "";
	for (let n = 1; n <= count; n++) tops += "TOP " + n + " 0\r\n";
	send(tops);
	await until(() => ends >= 4 + count);
	const took = performance.now() - t0;
	send("QUIT\r\n");
	ws.close();
	return took;
})`

// signInFloor times floorScript against the bench inbox in a fresh
// browser, on a page of the bridge's origin that does not start the app
// (?wasm=false): what the browser's own path (its WebSocket, the bridge)
// takes for the sign-in's bytes, with no wasm and no parsing. The browser
// is left until it is quiet after the page's load, so that the service
// worker's install of the app's files is not inside the figure.
func signInFloor(ctx context.Context, base string) (time.Duration, error) {
	ctx, done, err := openFresh(ctx, base+"?wasm=false")
	if err != nil {
		return 0, err
	}
	defer done()
	if err := waitBrowserQuiet(ctx); err != nil {
		return 0, fmt.Errorf("the page without the app did not go quiet: %w", err)
	}
	args, err := json.Marshal([]any{bridgeapi.PathWebSocket, "inbox", benchUser, benchPass, inboxSize})
	if err != nil {
		return 0, err
	}
	expr := floorScript + "(..." + string(args) + ")"
	took, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		return 0, fmt.Errorf("the sign-in's exchange in JavaScript: %w", err)
	}
	return ms(took), nil
}
