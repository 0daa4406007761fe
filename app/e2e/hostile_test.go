//go:build !js

package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// hostileMessage is a message of testdata/hostile, its remote host
// replaced by the local stand-in.
type hostileMessage struct {
	file, uid string
	data      []byte
	expect    string // X-Poppy-Expect, if any
}

// loadHostile reads testdata/hostile and points the placeholder host
// remote.example at remote: https:// URLs at its HTTPS server, everything
// else (http://, //, bare mentions) at its HTTP server, as the corpus's
// README says (a plain byte replacement).
func loadHostile(t *testing.T, remote *browsertest.Remote) []hostileMessage {
	t.Helper()
	root, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "testdata", "hostile", "*.eml"))
	if err != nil || len(files) < 40 {
		t.Fatalf("testdata/hostile has %d messages (%v), want at least 40", len(files), err)
	}
	httpsHost := strings.TrimPrefix(remote.HTTPS.URL, "https://")
	httpHost := strings.TrimPrefix(remote.HTTP.URL, "http://")
	var out []hostileMessage
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data = bytes.ReplaceAll(data, []byte("https://remote.example"), []byte("https://"+httpsHost))
		data = bytes.ReplaceAll(data, []byte("remote.example"), []byte(httpHost))
		name := filepath.Base(f)
		m := hostileMessage{file: name, uid: "hostile-" + strings.SplitN(name, "-", 2)[0], data: data}
		if i := bytes.Index(data, []byte("\nX-Poppy-Expect:")); i >= 0 {
			line, _, _ := bytes.Cut(data[i+len("\nX-Poppy-Expect:"):], []byte("\n"))
			m.expect = string(bytes.TrimSpace(line))
		}
		out = append(out, m)
	}
	return out
}

// TestE2EHostile opens every message of testdata/hostile in the app and
// checks that nothing ran and nothing left the page: no tripwire hit, no
// JavaScript dialog, no console output or exception from a message frame
// (Chromium runs it out of process; see browsertest.Watch), no request to
// the local stand-in for remote.example while remote content is blocked.
// Every body frame is sandboxed exactly as render.IFrameSandbox says (no
// allow-scripts, no allow-same-origin) and its srcdoc starts with the CSP
// <meta>. For the messages whose remote images must be blocked, "Load
// remote content" then makes the requests arrive, and still runs nothing.
//
// The mailbox is the in-memory POP3 server behind a plain loopback
// target, which is faster than Dovecot and changes nothing for rendering.
func TestE2EHostile(t *testing.T) {
	browsertest.Require(t)
	remote := browsertest.NewRemote()
	defer remote.Close()
	msgs := loadHostile(t, remote)

	probePath := "/probe.png?m=remote-probe"
	probe := message("E2E remote probe", "Tue, 2 Jul 2024 09:00:00 +0000",
		"Content-Type: text/html; charset=utf-8\n\n",
		`<p>A remote image: <img src="`+remote.HTTP.URL+probePath+`" alt="probe" width="1" height="1"></p>`+"\n")

	srv := pop3server.New(nil)
	defer srv.Close()
	pm := []pop3server.Message{{UID: "remote-probe", Data: probe}}
	for _, m := range msgs {
		pm = append(pm, pop3server.Message{UID: m.uid, Data: m.data})
	}
	if err := srv.AddUser("victim", "secret", pm...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	// Each message has its own bound below, which is what catches a
	// frozen page; the session's only has to outlast them all, on a
	// loaded machine too.
	s := browsertest.Start(t, browsertest.Config{
		Bridge:  browsertest.BridgeConfig{Targets: []string{"mem=" + addr + "/plain"}},
		Timeout: 15 * time.Minute,
	})
	if o := s.SignIn("mem", "victim", "secret"); o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("sign-in gave %q (%s)", o, msg)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	if n, err := browsertest.ListedCount(s.Ctx); err != nil || n != len(pm) {
		t.Fatalf("the inbox lists %d messages (%v), want %d", n, err, len(pm))
	}
	if r, err := s.Watch.Check(s.Ctx); err != nil || !r.Clean() {
		t.Fatalf("before any message was opened: %v %v", err, r.Err())
	}
	remote.Reset()

	// A message whose rendering never ends freezes the page (wasm runs
	// on its main thread): each message gets a bounded context, and after
	// a freeze the rest cannot run.
	var frozen string
	for _, m := range msgs {
		t.Run(m.file, func(t *testing.T) {
			if frozen != "" {
				t.Fatalf("not run: the page stopped responding at %s", frozen)
			}
			s, cancel := s.For(t).Bound(60 * time.Second)
			defer cancel()
			defer func() {
				if s.Ctx.Err() != nil {
					frozen = m.file
					t.Errorf("the page stopped responding while showing %s (%s): its rendering never ended", m.file, m.uid)
				}
			}()
			openHostile(t, s, m.uid)
			checkClean(t, s, remote, "with remote content blocked")
			if m.expect != "remote-blocked" {
				return
			}
			loadRemote(t, s, remote, func(req string) bool { return true })
		})
	}

	t.Run("remote-probe", func(t *testing.T) {
		if frozen != "" {
			t.Fatalf("not run: the page stopped responding at %s", frozen)
		}
		s, cancel := s.For(t).Bound(60 * time.Second)
		defer cancel()
		openHostile(t, s, "remote-probe")
		checkClean(t, s, remote, "with remote content blocked")
		banner, err := browsertest.Text(s.Ctx, "#message-reader .banner.remote")
		s.Must(err)
		if !strings.Contains(banner, "1 remote image blocked") {
			t.Errorf("the remote-content bar says %q, want that 1 remote image was blocked", banner)
		}
		loadRemote(t, s, remote, func(req string) bool { return strings.HasSuffix(req, probePath) })
	})

	// Anything that fired late (timers, lazy loads) in the last frame.
	if frozen == "" {
		s.Must(s.Watch.Control(s.Ctx, time.Second, 10*time.Second))
		r, err := s.Watch.Check(s.Ctx)
		s.Must(err)
		t.Logf("frame targets watched: %d", len(r.Frames))
		if err := r.Err(); err != nil {
			t.Errorf("at the end: %v", err)
		}
		if n := remote.Connections(); n != 0 {
			t.Errorf("at the end: %d connections reached the remote server; requests: %q", n, remote.Requests())
		}
	}
}

// openHostile opens a message, checks how its body frames are built, and
// waits until the Watch can read them.
func openHostile(t *testing.T, s *browsertest.Session, uid string) {
	t.Helper()
	prev, err := browsertest.BodyFrames(s.Ctx)
	s.Must(err)
	clicked := time.Now()
	if err := browsertest.OpenMessage(s.Ctx, uid, 20*time.Second); err != nil {
		t.Fatal(err)
	}
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelMessage); !ok {
		text, _ := browsertest.Text(s.Ctx, browsertest.SelReader)
		t.Errorf("the message is not shown; the reader says %q", text)
	}
	frames, err := browsertest.BodyFrames(s.Ctx)
	s.Must(err)
	all, err := browsertest.IFrames(s.Ctx)
	s.Must(err)
	if all != len(frames) {
		t.Errorf("the page has %d iframes, %d of them message bodies", all, len(frames))
	}
	for _, f := range frames {
		if f.Sandbox != render.IFrameSandbox {
			t.Errorf("a body frame has sandbox=%q, want %q", f.Sandbox, render.IFrameSandbox)
		}
		checkCSPFirst(t, f.SrcDoc, false)
	}
	// Chromium runs each body frame out of process; the Watch can read
	// a frame only once its target exists. A frame whose srcdoc is the
	// previous message's (two messages sanitized to the same document)
	// keeps its document, which was checked already.
	if !slices.Equal(frames, prev) {
		if err := s.Watch.WaitFrames(s.Ctx, clicked, len(frames), 10*time.Second); err != nil {
			t.Errorf("the message's %d body frames did not appear as frame targets, so what runs in them would go unseen: %v", len(frames), err)
		}
	}
	// Let timers, refreshes and lazy loads fire before the checks, and
	// show that the detectors would see them: a control writes to the
	// console of the page and of every frame after the same delay.
	s.Must(s.Watch.Control(s.Ctx, 300*time.Millisecond, 10*time.Second))
}

var appTitle = regexp.MustCompile(`^(\([1-9][0-9]*\) )?Poppy$`)

// checkClean fails t on any evidence of script or request.
func checkClean(t *testing.T, s *browsertest.Session, remote *browsertest.Remote, when string) {
	t.Helper()
	r, err := s.Watch.Check(s.Ctx)
	s.Must(err)
	if err := r.Err(); err != nil {
		t.Errorf("%s: %v", when, err)
	}
	// The app sets the title itself, with the unread count; a message
	// must not change it.
	if !appTitle.MatchString(r.Title) {
		t.Errorf("%s: the page's title is %q, want the app's (\"Poppy\", or \"(N) Poppy\" with N unread)", when, r.Title)
	}
	if !strings.HasPrefix(r.URL, s.Bridge.URL) {
		t.Errorf("%s: the page is at %q, want the app at %s", when, r.URL, s.Bridge.URL)
	}
	if n := remote.Connections(); n != 0 {
		t.Errorf("%s: %d connections reached the remote server; requests: %q", when, n, remote.Requests())
	}
	if t.Failed() {
		for _, n := range r.Notes {
			t.Logf("note: %s", n)
		}
	}
	remote.Reset()
}

// loadRemote presses "Load remote content" and waits for a request that
// match accepts to reach the remote server; nothing may run meanwhile.
func loadRemote(t *testing.T, s *browsertest.Session, remote *browsertest.Remote, match func(string) bool) {
	t.Helper()
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelLoadRemote); !ok {
		t.Errorf("no %s for a message whose remote images were blocked", browsertest.SelLoadRemote)
		return
	}
	s.Do(chromedp.Click(chromedp.CSS(browsertest.SelLoadRemote)))
	if req, ok := remote.WaitRequest(10*time.Second, match); !ok {
		t.Errorf("after %s no request reached the remote server (requests: %q)", browsertest.SelLoadRemote, remote.Requests())
	} else {
		t.Logf("after %s: %s", browsertest.SelLoadRemote, req)
	}
	frames, err := browsertest.BodyFrames(s.Ctx)
	s.Must(err)
	for _, f := range frames {
		if f.Sandbox != render.IFrameSandbox {
			t.Errorf("after loading remote content a body frame has sandbox=%q", f.Sandbox)
		}
	}
	if len(frames) > 0 {
		checkCSPFirst(t, frames[0].SrcDoc, true)
	}
	// Let the loads end, with a control showing the detectors live.
	s.Must(s.Watch.Control(s.Ctx, 500*time.Millisecond, 10*time.Second))
	r, err := s.Watch.Check(s.Ctx)
	s.Must(err)
	if len(r.Script) > 0 {
		t.Errorf("after loading remote content: %v", r.Err())
	}
	remote.Reset()
}

// TestE2EHostileTripwires proves that the detectors of TestE2EHostile
// see what they look for in this Chromium: a page script calling alert
// (the page tripwire), scripts in sandboxed srcdoc frames with
// allow-scripts (console output and an exception, read from the frame's
// own target), an alert that the sandbox refuses, and a remote image.
func TestE2EHostileTripwires(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}, NoOpen: true})
	remote := browsertest.NewRemote()
	defer remote.Close()
	page := fmt.Sprintf(`<!doctype html><title>control</title>
<script>alert('POPPY-XSS')</script>
<iframe sandbox="allow-scripts" srcdoc="&lt;script&gt;console.log('POPPY-XSS in a frame'); setTimeout(() =&gt; { throw new Error('POPPY-XSS thrown') }, 0)&lt;/script&gt;"></iframe>
<iframe sandbox="allow-scripts" srcdoc="&lt;script&gt;alert('POPPY-XSS refused')&lt;/script&gt;"></iframe>
<iframe sandbox="" srcdoc="&lt;script&gt;console.log('must not run')&lt;/script&gt;"></iframe>
<img src="%s/control.png">`, remote.HTTP.URL)
	ctl := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer ctl.Close()
	s.Do(chromedp.Navigate(ctl.URL))
	want := []string{"page tripwire", "frame console", "frame exception", "frame ignored-call"}
	u, _ := url.Parse(remote.HTTP.URL)
	var r browsertest.Report
	var kinds map[string]bool
	// The frames run out of process and report a moment later: look
	// until every detector has fired, or give up after 10 s.
	for deadline := time.Now().Add(10 * time.Second); ; {
		var err error
		r, err = s.Watch.Check(s.Ctx)
		s.Must(err)
		kinds = map[string]bool{}
		for _, f := range r.Script {
			kinds[f.Where[:min(len(f.Where), 5)]+" "+f.Kind] = true
		}
		seen := slices.ContainsFunc(r.Requests, func(f browsertest.Finding) bool { return strings.Contains(f.Text, u.Host) })
		if (!slices.ContainsFunc(want, func(k string) bool { return !kinds[k] }) && seen && remote.Connections() > 0) || time.Now().After(deadline) {
			break
		}
		s.Do(chromedp.Sleep(50 * time.Millisecond)) // polls the condition above
	}
	for _, f := range r.Script {
		if strings.Contains(f.Text, "must not run") {
			t.Errorf("a frame without allow-scripts ran a script: %s", f)
		}
	}
	for _, k := range want {
		if !kinds[k] {
			t.Errorf("the detectors missed a %q within 10 s; found %v", k, r.Script)
		}
	}
	if remote.Connections() == 0 {
		t.Error("the remote server saw no connection for the control page's image")
	}
	if !slices.ContainsFunc(r.Requests, func(f browsertest.Finding) bool { return strings.Contains(f.Text, u.Host) }) {
		t.Errorf("the watch did not list the request to the remote server: %v", r.Requests)
	}
	t.Logf("found: %v", r.Err())
}
