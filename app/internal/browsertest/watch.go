//go:build !js

package browsertest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// TripwireMarker starts every console line the tripwires write.
const TripwireMarker = "POPPY-TRIPWIRE"

// tripwire runs in every document of the tab before the document's own
// scripts (Page.addScriptToEvaluateOnNewDocument): in the app's page and
// in any frame that Chromium keeps in the page's process. It replaces
// the functions hostile mail calls to prove it ran (alert, confirm,
// prompt, print, window.open) and watches the ways a script would send
// data elsewhere (fetch, XMLHttpRequest, WebSocket, sendBeacon, to another
// origin than the document's). A trap records a hit in window.__poppyTrip
// and writes a console line starting with TripwireMarker. The app itself
// calls none of these, except fetch and WebSocket to its own origin.
const tripwire = `(() => {
	if (Object.prototype.hasOwnProperty.call(window, "__poppyTrip")) return;
	const hits = [];
	Object.defineProperty(window, "__poppyTrip", {value: hits});
	const where = () => { try { return String(location.href).slice(0, 120); } catch (e) { return "?"; } };
	const hit = (what) => {
		hits.push(what + " in " + where());
		try { console.error("` + TripwireMarker + ` " + what + " in " + where()); } catch (e) {}
	};
	const short = (args) => { try { return [...args].map(String).join(", ").slice(0, 120); } catch (e) { return "?"; } };
	for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
		try { window[name] = function () { hit(name + "(" + short(arguments) + ")"); return null; }; } catch (e) {}
	}
	const foreign = (u) => {
		try {
			const x = new URL(String(u), location.href);
			if (x.protocol === "data:" || x.protocol === "blob:") return false;
			return x.host !== location.host;
		} catch (e) { return true; }
	};
	try {
		const f = window.fetch;
		window.fetch = function (input, init) {
			const u = input && typeof input === "object" && "url" in input ? input.url : input;
			if (foreign(u)) hit("fetch(" + String(u).slice(0, 120) + ")");
			return f.apply(this, arguments);
		};
	} catch (e) {}
	try {
		const open = XMLHttpRequest.prototype.open;
		XMLHttpRequest.prototype.open = function (m, u) {
			if (foreign(u)) hit("XMLHttpRequest(" + String(u).slice(0, 120) + ")");
			return open.apply(this, arguments);
		};
	} catch (e) {}
	try {
		const sb = navigator.sendBeacon && navigator.sendBeacon.bind(navigator);
		if (sb) navigator.sendBeacon = (u, d) => { hit("sendBeacon(" + String(u).slice(0, 120) + ")"); return sb(u, d); };
	} catch (e) {}
	try {
		window.WebSocket = new Proxy(window.WebSocket, {construct(t, args) {
			if (foreign(args[0])) hit("WebSocket(" + String(args[0]).slice(0, 120) + ")");
			return Reflect.construct(t, args);
		}});
	} catch (e) {}
})()`

// Finding is evidence that something ran or loaded that must not have.
type Finding struct {
	Where string // "page", or "frame <id> <url>"
	Kind  string // tripwire, dialog, console, exception, ignored-call, request, navigation
	Text  string
}

func (f Finding) String() string { return f.Where + ": " + f.Kind + ": " + f.Text }

// Report is what Watch.Check found since the previous Check.
type Report struct {
	// Script lists evidence that script ran in the page or a frame: a
	// tripwire hit, a JavaScript dialog, a console call or an uncaught
	// exception from a frame, or from the page outside the app's own
	// script files, or an "Ignored call to alert()" from a sandbox.
	Script []Finding
	// Requests lists requests the tab made to another host than the
	// bridge's, from the page or a frame (data: and blob: URLs excluded),
	// and frame documents at a URL other than about:srcdoc/about:blank.
	Requests []Finding
	// Notes are console output and browser log entries that are not
	// evidence by themselves, such as "Blocked script execution in
	// 'about:srcdoc' because the document's frame is sandboxed".
	Notes []string
	// Frames lists the frame targets attached so far, "<id> <url>".
	Frames []string
	// Title and URL are those of the page at the time of the check.
	Title, URL string
}

// Clean reports whether r holds no evidence of script or request.
func (r Report) Clean() bool { return len(r.Script) == 0 && len(r.Requests) == 0 }

// Watch watches a tab for script execution and foreign requests, in the
// page and in every frame target. Create it before the page loads.
type Watch struct {
	ctx    context.Context // the tab
	origin string          // scheme://host:port of the app, once known

	mu       sync.Mutex
	script   []Finding
	requests []Finding
	notes    []string
	frames   map[target.ID]*frameWatch
	docs     map[target.ID]time.Time // when each frame target last got a document
	tripSeen int                     // page tripwire hits already reported
	closed   bool
}

type frameWatch struct {
	where    string
	cancel   context.CancelFunc
	detached <-chan struct{} // closed when Chromium detached the session
}

// gone reports whether the session to the frame has ended: a frame that
// changes process keeps its target ID but detaches its sessions.
func (f *frameWatch) gone() bool {
	if f.detached == nil {
		return true
	}
	select {
	case <-f.detached:
		return true
	default:
		return false
	}
}

// NewWatch installs the tripwires in the tab of ctx and starts listening
// to its console, dialogs and requests. appURL is the app's page; its
// host is the one the page may talk to.
func NewWatch(ctx context.Context, appURL string) (*Watch, error) {
	u, err := url.Parse(appURL)
	if err != nil {
		return nil, err
	}
	w := &Watch{ctx: ctx, origin: u.Scheme + "://" + u.Host, frames: map[target.ID]*frameWatch{}, docs: map[target.ID]time.Time{}}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: tripwire}); err != nil {
		return nil, fmt.Errorf("browsertest: installing the tripwires: %w", err)
	}
	console := chromedp.Console(ctx)
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	navs := chromedp.Events(ctx, page.FrameNavigated)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			w.pageConsole(m)
		}
	}()
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			w.add(&w.script, Finding{Where: "page", Kind: "dialog", Text: string(ev.Type) + ": " + ev.Message + " (" + ev.URL + ")"})
			// A dialog blocks the page until it is answered.
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			if w.foreign(ev.Request.URL) {
				w.add(&w.requests, Finding{Where: "page", Kind: "request", Text: ev.Request.Method + " " + ev.Request.URL})
			}
		}
	}()
	go func() {
		for ev, err := range navs {
			if err != nil {
				return
			}
			f := ev.Frame
			if f.ParentID != "" && !localFrameURL(f.URL) {
				w.add(&w.requests, Finding{Where: "page", Kind: "navigation", Text: "a frame went to " + f.URL})
			}
			if f.ParentID == "" && f.URL != "about:blank" && !strings.HasPrefix(f.URL, w.origin+"/") {
				w.add(&w.requests, Finding{Where: "page", Kind: "navigation", Text: "the page went to " + f.URL})
			}
		}
	}()
	return w, nil
}

func localFrameURL(u string) bool {
	return u == "about:srcdoc" || u == "about:blank" || u == ""
}

// foreign reports whether a URL leaves the app's origin.
func (w *Watch) foreign(raw string) bool {
	if strings.HasPrefix(raw, "data:") || strings.HasPrefix(raw, "blob:") || strings.HasPrefix(raw, "about:") {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	switch u.Scheme {
	case "http", "https", "ws", "wss":
		o, _ := url.Parse(w.origin)
		return u.Host != o.Host
	case "chrome-extension", "devtools":
		return false
	}
	return true
}

func (w *Watch) add(list *[]Finding, f Finding) {
	w.mu.Lock()
	*list = append(*list, f)
	w.mu.Unlock()
}

func (w *Watch) note(s string) {
	w.mu.Lock()
	w.notes = append(w.notes, s)
	w.mu.Unlock()
}

// pageConsole sorts a console message of the page. The app's own output
// comes from its script files (wasm_exec.js prints for the Go program);
// a console call from anywhere else, such as an inline script or a
// srcdoc document in the page's process, is evidence.
func (w *Watch) pageConsole(m chromedp.ConsoleMessage) {
	where := "page"
	if m.URL != "" && !strings.HasPrefix(m.URL, w.origin+"/") {
		where = "page (" + m.URL + ")"
	}
	switch {
	case strings.Contains(m.Text, TripwireMarker):
		w.add(&w.script, Finding{Where: where, Kind: "tripwire", Text: m.Text})
	case m.Source != "": // a browser log entry: CSP reports, blocked loads
		if ignoredCall(m.Text) {
			w.add(&w.script, Finding{Where: where, Kind: "ignored-call", Text: m.Text})
			return
		}
		w.note(where + ": log " + m.Source + ": " + m.Text)
	case m.IsException():
		w.add(&w.script, Finding{Where: where, Kind: "exception", Text: m.Text})
	case ownScript(w.origin, m):
		w.note(where + ": " + string(m.Type) + ": " + m.Text)
	default:
		w.add(&w.script, Finding{Where: where, Kind: "console", Text: string(m.Type) + ": " + m.Text})
	}
}

// ownScript reports whether a console call came from one of the app's
// script files on its origin.
func ownScript(origin string, m chromedp.ConsoleMessage) bool {
	u := m.URL
	if m.Stack != nil && len(m.Stack.CallFrames) > 0 {
		u = m.Stack.CallFrames[0].URL
	}
	return strings.HasPrefix(u, origin+"/") && strings.HasSuffix(strings.SplitN(u, "?", 2)[0], ".js")
}

// ignoredCall matches Chromium's message for a modal dialog that a
// sandbox without allow-modals refused: the script that called it ran.
func ignoredCall(text string) bool {
	return strings.Contains(text, "Ignored call to '")
}

// Check attaches to the frame targets that appeared since the last
// Check, reads the page's tripwire hits, and returns what was found since
// the last Check. Chromium replays a frame's stored console messages,
// exceptions and log entries when a session attaches, so output that a
// frame wrote before the attach is seen too; a frame that is already gone
// is not, so check while the message is open. Chromium keeps the log
// entries of a renderer process together, and sandboxed frames may share
// one, so a log entry can be reported for a sibling frame too: the
// evidence holds, the frame it names may not be the one that wrote it.
func (w *Watch) Check(ctx context.Context) (Report, error) {
	if err := w.attachFrames(); err != nil {
		return Report{}, err
	}
	type state struct {
		Installed  bool
		Hits       []string
		Title, URL string
	}
	st, err := chromedp.Run(ctx, chromedp.Evaluate[state](
		`({Installed: !!window.__poppyTrip, Hits: window.__poppyTrip ? [...window.__poppyTrip] : [], Title: document.title, URL: location.href})`))
	if err != nil {
		return Report{}, err
	}
	if !st.Installed && strings.HasPrefix(st.URL, "http") {
		return Report{}, fmt.Errorf("browsertest: the tripwires are not installed in %s (create the Watch before loading the page)", st.URL)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.tripSeen > len(st.Hits) { // the page was reloaded
		w.tripSeen = 0
	}
	for _, h := range st.Hits[w.tripSeen:] {
		w.script = append(w.script, Finding{Where: "page", Kind: "tripwire", Text: h})
	}
	w.tripSeen = len(st.Hits)
	r := Report{Script: w.script, Requests: w.requests, Notes: w.notes, Title: st.Title, URL: st.URL}
	w.script, w.requests, w.notes = nil, nil, nil
	for _, f := range w.frames {
		r.Frames = append(r.Frames, f.where)
	}
	slices.Sort(r.Frames)
	return r, nil
}

// attachFrames attaches a session to each iframe target that has none
// (new, or whose session Chromium detached), with a listener that sees
// the events Chromium replays on attach.
func (w *Watch) attachFrames() error {
	infos, err := chromedp.Targets(w.ctx)
	if err != nil {
		return err
	}
	for _, ti := range infos {
		if ti.Type != "iframe" {
			continue
		}
		id := ti.TargetID
		w.mu.Lock()
		old := w.frames[id]
		closed := w.closed
		w.mu.Unlock()
		if closed || (old != nil && !old.gone()) {
			continue
		}
		if old != nil {
			old.cancel()
		}
		where := "frame " + string(id)[:8] + " " + ti.URL
		if !localFrameURL(ti.URL) {
			w.add(&w.requests, Finding{Where: where, Kind: "navigation", Text: "a frame document at " + ti.URL})
		}
		fctx, cancel := chromedp.NewContext(w.ctx,
			chromedp.WithTargetID(id),
			chromedp.WithDetachOnCancel(), // cancelling must not close the frame
			chromedp.WithListener(func(ev any) { w.frameEvent(id, where, ev) }))
		fw := &frameWatch{where: where, cancel: cancel}
		w.mu.Lock()
		w.frames[id] = fw
		w.docs[id] = time.Now()
		w.mu.Unlock()
		if err := chromedp.Do(fctx); err != nil {
			// The frame may have gone between the listing and the attach.
			w.note(where + ": not attached: " + err.Error())
			continue
		}
		if ch, err := chromedp.Detached(fctx); err == nil {
			w.mu.Lock()
			fw.detached = ch
			w.mu.Unlock()
		}
	}
	return nil
}

func (w *Watch) frameEvent(id target.ID, where string, ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			switch {
			case a.Value != nil:
				parts = append(parts, string(a.Value))
			case a.Description != "":
				parts = append(parts, a.Description)
			default:
				parts = append(parts, string(a.Type))
			}
		}
		w.add(&w.script, Finding{Where: where, Kind: "console", Text: string(ev.Type) + ": " + strings.Join(parts, " ")})
	case *runtime.EventExceptionThrown:
		text := ""
		if d := ev.ExceptionDetails; d != nil {
			text = d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				text += " " + d.Exception.Description
			}
		}
		w.add(&w.script, Finding{Where: where, Kind: "exception", Text: text})
	case *page.EventJavascriptDialogOpening:
		w.add(&w.script, Finding{Where: where, Kind: "dialog", Text: string(ev.Type) + ": " + ev.Message})
	case *log.EventEntryAdded:
		if ev.Entry == nil {
			return
		}
		if ignoredCall(ev.Entry.Text) {
			w.add(&w.script, Finding{Where: where, Kind: "ignored-call", Text: ev.Entry.Text})
			return
		}
		w.note(where + ": log " + string(ev.Entry.Source) + ": " + ev.Entry.Text)
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && w.foreign(ev.Request.URL) {
			w.add(&w.requests, Finding{Where: where, Kind: "request", Text: ev.Request.Method + " " + ev.Request.URL})
		}
	case *page.EventFrameNavigated:
		if ev.Frame == nil {
			return
		}
		if ev.Frame.ID == cdp.FrameID(id) { // a new document in the frame itself
			w.mu.Lock()
			w.docs[id] = time.Now()
			w.mu.Unlock()
		}
		if !localFrameURL(ev.Frame.URL) {
			w.add(&w.requests, Finding{Where: where, Kind: "navigation", Text: "went to " + ev.Frame.URL})
		}
	}
}

// WaitFrames waits until n frame targets hold a document that they got
// at or after since: a target attached since then, or one whose frame
// navigated since then (an iframe element whose srcdoc changed keeps its
// target). Chromium creates the target of an out-of-process frame a
// moment after the iframe element, and a Check made before would not
// see the frame.
func (w *Watch) WaitFrames(ctx context.Context, since time.Time, n int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if err := w.attachFrames(); err != nil {
			return err
		}
		alive, err := FrameTargets(ctx)
		if err != nil {
			return err
		}
		fresh := 0
		w.mu.Lock()
		for id := range alive {
			if t, ok := w.docs[id]; ok && !t.Before(since) {
				fresh++
			}
		}
		w.mu.Unlock()
		if fresh >= n {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("browsertest: %d of %d frames have a new document after %v", fresh, n, timeout)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(25*time.Millisecond)); err != nil {
			return err
		}
	}
}

// Close detaches from the frames.
func (w *Watch) Close() {
	w.mu.Lock()
	w.closed = true
	frames := w.frames
	w.frames = map[target.ID]*frameWatch{}
	w.mu.Unlock()
	for _, f := range frames {
		f.cancel()
	}
}

// Err returns an error listing the evidence of r, or nil when r is clean.
func (r Report) Err() error {
	if r.Clean() {
		return nil
	}
	var b strings.Builder
	for _, f := range r.Script {
		fmt.Fprintf(&b, "\n  script ran: %s", f)
	}
	for _, f := range r.Requests {
		fmt.Fprintf(&b, "\n  left the app: %s", f)
	}
	return errors.New("browsertest: evidence of hostile content at work:" + b.String())
}
