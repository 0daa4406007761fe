//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestFlagsAndEnv(t *testing.T) {
	tests := []flagCase{
		{"defaults: demo on", nil, nil, true, func(c *serveConfig) bool {
			return c.listen == "127.0.0.1:8080" && c.demo && !c.allowCustom && c.limits.MaxSessionsPerClient == 16
		}},
		{"target turns demo off", []string{"-target", "work=mail.example.com:995/tls"}, nil, true, func(c *serveConfig) bool {
			return !c.demo && len(c.targets) == 1 && c.targets[0].Port == 995
		}},
		{"target and demo", []string{"-target", "work=mail.example.com:995/tls", "-demo"}, nil, true, func(c *serveConfig) bool { return c.demo }},
		{"demo off explicitly", []string{"-demo=false"}, nil, true, func(c *serveConfig) bool { return !c.demo }},
		{"env list", nil, map[string]string{"POPPY_TARGET": "a=a.example:995/tls, b=b.example:110/starttls", "POPPY_LISTEN": ":9999"}, true,
			func(c *serveConfig) bool { return len(c.targets) == 2 && c.listen == ":9999" && !c.demo }},
		{"flag beats env", []string{"-listen", "127.0.0.1:1"}, map[string]string{"POPPY_LISTEN": ":9999"}, true,
			func(c *serveConfig) bool { return c.listen == "127.0.0.1:1" }},
		{"env durations and limits", nil, map[string]string{"POPPY_IDLE_TIMEOUT": "30s", "POPPY_MAX_SESSIONS_PER_IP": "3", "POPPY_ALLOW_CUSTOM": "true", "POPPY_CUSTOM_PORTS": "995"}, true,
			func(c *serveConfig) bool {
				return c.idleTimeout == 30*time.Second && c.limits.MaxSessionsPerClient == 3 && c.allowCustom && len(c.customPorts) == 1
			}},
		{"trusted proxies", []string{"-trusted-proxy", "10.0.0.0/8", "-trusted-proxy", "::1"}, nil, true, func(c *serveConfig) bool { return len(c.trustedProxies) == 2 }},
		{"origins", []string{"-origin", "https://Mail.Example.com"}, nil, true, func(c *serveConfig) bool { return c.origins[0] == "https://mail.example.com" }},
		{"bad target", []string{"-target", "work=mail.example.com:995"}, nil, false, nil},
		{"address as name", []string{"-target", "10.0.0.1=10.0.0.1:110/plain"}, nil, false, nil},
		{"custom reserved", []string{"-target", "custom=mail.example.com:995/tls"}, nil, true, nil}, // refused later by the registry
		{"bad origin", []string{"-origin", "*.example.com"}, nil, false, nil},
		{"public names", []string{"-public-name", "mail.example.com, https://webmail.example.com", "-public-name", "[::1]:8080"}, nil, true, func(c *serveConfig) bool {
			return strings.Join(c.publicNames, " ") == "mail.example.com https://webmail.example.com [::1]:8080"
		}},
		{"public names from env", nil, map[string]string{"POPPY_PUBLIC_NAME": "a.example.com,b.example.com"}, true, func(c *serveConfig) bool { return len(c.publicNames) == 2 }},
		{"no public names by default", nil, nil, true, func(c *serveConfig) bool { return c.publicNames == nil }},
		{"http public name on https", []string{"-tls-cert", "c.pem", "-tls-key", "k.pem", "-public-name", "http://mail.example.com"}, nil, false, nil},
		{"bad public name", []string{"-public-name", "mail.example.com/app"}, nil, false, nil},
		{"forbid", []string{"-forbid", "192.0.2.0/24,2001:db8:64::/96", "-forbid", "198.51.100.7"}, nil, true, func(c *serveConfig) bool {
			return len(c.forbid) == 3 && c.forbid[2].String() == "198.51.100.7/32"
		}},
		{"forbid from env", nil, map[string]string{"POPPY_FORBID": "10.99.0.0/16 64:ff9b::/96"}, true, func(c *serveConfig) bool { return len(c.forbid) == 2 }},
		{"bad forbid", []string{"-forbid", "10.0.0.0/33"}, nil, false, nil},
		{"bad proxy", []string{"-trusted-proxy", "10.0.0.0/99"}, nil, false, nil},
		{"bad env", nil, map[string]string{"POPPY_IDLE_TIMEOUT": "soon"}, false, nil},
		{"cert without key", []string{"-tls-cert", "c.pem"}, nil, false, nil},
		{"tiny messages", []string{"-max-message-size", "10"}, nil, false, nil},
		{"stray argument", []string{"mail.example.com"}, nil, false, nil},
		// Submission servers.
		{"submission", []string{"-target", "work=pop.example.com:995/tls", "-submission", "work=smtp.example.com:465/tls"}, nil, true, func(c *serveConfig) bool {
			s := c.targets[0].Submission
			return s != nil && *s == targets.Endpoint{Host: "smtp.example.com", Port: 465, Security: bridgeapi.SecurityTLS}
		}},
		{"submission starttls", []string{"-target", "work=pop.example.com:995/tls", "-submission", "work=smtp.example.com:587/starttls"}, nil, true, func(c *serveConfig) bool {
			s := c.targets[0].Submission
			return s != nil && s.Port == 587 && s.Security == bridgeapi.SecurityStartTLS
		}},
		{"no submission by default", []string{"-target", "work=pop.example.com:995/tls"}, nil, true, func(c *serveConfig) bool { return c.targets[0].Submission == nil }},
		{"submission from env", nil, map[string]string{
			"POPPY_TARGET":     "a=pop.a.example:995/tls b=pop.b.example:995/tls c=pop.c.example:995/tls",
			"POPPY_SUBMISSION": "a=smtp.a.example:465/tls, b=smtp.b.example:587/starttls",
		}, true, func(c *serveConfig) bool {
			return len(c.targets) == 3 && c.targets[0].Submission.Host == "smtp.a.example" &&
				c.targets[1].Submission.Port == 587 && c.targets[2].Submission == nil
		}},
		{"submission flag beats env", []string{"-target", "a=pop.a.example:995/tls", "-submission", "a=smtp.a.example:465/tls"},
			map[string]string{"POPPY_SUBMISSION": "a=other.example:587/starttls"}, true,
			func(c *serveConfig) bool { return c.targets[0].Submission.Host == "smtp.a.example" }},
		{"submission for an unknown target", []string{"-target", "work=pop.example.com:995/tls", "-submission", "wrok=smtp.example.com:465/tls"}, nil, false, nil},
		{"submission without targets", []string{"-submission", "work=smtp.example.com:465/tls"}, nil, false, nil},
		{"submission for the demo", []string{"-submission", "demo=smtp.example.com:465/tls"}, nil, false, nil},
		{"submission twice", []string{"-target", "work=pop.example.com:995/tls", "-submission", "work=a.example.com:465/tls", "-submission", "work=b.example.com:587/starttls"}, nil, false, nil},
		{"submission without security", []string{"-target", "work=pop.example.com:995/tls", "-submission", "work=smtp.example.com:465"}, nil, false, nil},
		{"submission bad port", []string{"-target", "work=pop.example.com:995/tls", "-submission", "work=smtp.example.com:0/tls"}, nil, false, nil},
		{"custom submission ports default", []string{"-allow-custom"}, nil, true, func(c *serveConfig) bool {
			return slices.Equal(c.customSubmissionPorts, []int{465, 587}) && slices.Equal(c.customPorts, []int{110, 995})
		}},
		{"custom submission ports", []string{"-allow-custom", "-custom-submission-ports", "587, 2587"}, nil, true, func(c *serveConfig) bool {
			return slices.Equal(c.customSubmissionPorts, []int{587, 2587})
		}},
		{"custom submission ports from env", []string{"-allow-custom"}, map[string]string{"POPPY_CUSTOM_SUBMISSION_PORTS": "465"}, true, func(c *serveConfig) bool {
			return slices.Equal(c.customSubmissionPorts, []int{465})
		}},
		{"custom submission off", []string{"-allow-custom", "-custom-submission-ports", ""}, nil, true, func(c *serveConfig) bool {
			return c.customSubmissionPorts == nil && c.allowCustom
		}},
		{"custom submission off from env", []string{"-allow-custom"}, map[string]string{"POPPY_CUSTOM_SUBMISSION_PORTS": ""}, true, func(c *serveConfig) bool {
			return c.customSubmissionPorts == nil
		}},
		{"bad custom submission ports", []string{"-allow-custom", "-custom-submission-ports", "465,smtps"}, nil, false, nil},
	}
	runFlagCases(t, tests)
}

func TestHelpListsEnv(t *testing.T) {
	var buf bytes.Buffer
	if code := dispatch(context.Background(), []string{"-h"}, io.Discard, &buf, nil); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range []string{"POPPY_LISTEN", "POPPY_TARGET", "POPPY_MAX_SESSIONS_PER_IP", "POPPY_TRUSTED_PROXY", "-allow-custom", "POPPY_PUBLIC_NAME", "POPPY_FORBID",
		"-submission", "POPPY_SUBMISSION", "POPPY_CUSTOM_SUBMISSION_PORTS"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("help lacks %s", s)
		}
	}
}

// startBridge runs the command with args until the test ends and returns
// its URL.
func startBridge(t *testing.T, args ...string) (url string, out *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	urlc := make(chan string, 1)
	done := make(chan int, 1)
	demoDir := filepath.Join("..", "testdata", "demo")
	go func() {
		done <- dispatch(ctx, append([]string{"-listen", "127.0.0.1:0", "-demo-dir", demoDir, "-web-dir", t.TempDir()}, args...), out, out, func(u string) { urlc <- u })
	}()
	select {
	case url = <-urlc:
	case code := <-done:
		t.Fatalf("bridge exited with %d:\n%s", code, out.String())
	case <-time.After(10 * time.Second):
		t.Fatal("bridge did not start")
	}
	var once sync.Once
	code := 0
	stop = func() int {
		once.Do(func() {
			cancel()
			select {
			case code = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("bridge did not stop")
			}
		})
		return code
	}
	t.Cleanup(func() { stop() })
	return url, out, stop
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestDemoEndToEnd runs the command with its defaults, reads /api/targets as
// the sign-in page would, and has a full POP3 session with the demo mailbox
// through the relay.
func TestDemoEndToEnd(t *testing.T) {
	url, out, stop := startBridge(t)
	if !strings.Contains(out.String(), `user "demo", password "demo"`) || !strings.Contains(out.String(), "listening on "+url) {
		t.Errorf("start message:\n%s", out.String())
	}

	resp, body := get(t, url+"api/targets")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("/api/targets: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var list bridgeapi.Targets
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Targets) != 1 || list.Targets[0].Name != "demo" || list.Targets[0].Security != "plain" ||
		list.Targets[0].Demo == nil || list.Targets[0].Demo.Username != "demo" || list.Custom != nil {
		t.Fatalf("/api/targets = %s", body)
	}

	if resp, body := get(t, url+"healthz"); resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	// The test runs without a built app (-web-dir points nowhere): the
	// page says how to build it rather than failing silently.
	if resp, body := get(t, url); resp.StatusCode != 503 || !strings.Contains(body, "make web") {
		t.Errorf("/ without a web app: %d %q, want 503 naming `make web`", resp.StatusCode, body)
	}

	ctx := context.Background()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"ws?target=demo",
		&websocket.DialOptions{HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(url, "/")}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := pop3.NewClient(websocket.NetConn(ctx, ws, websocket.MessageBinary), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	d := list.Targets[0].Demo
	if err := c.Login(ctx, d.Username, d.Password); err != nil {
		t.Fatal(err)
	}
	n, size, err := c.Stat(ctx)
	if err != nil || n < 10 {
		t.Fatalf("STAT %d %d %v", n, size, err)
	}
	r, err := c.Retr(ctx, 9) // the large one
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(r)
	r.Close()
	if len(got) < 300<<10 {
		t.Errorf("RETR 9: %d bytes", len(got))
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}

	// The session ends on the bridge a moment after QUIT's reply. A
	// scrape is no snapshot (each metric is read in turn), so wait until
	// one shows both the gauge at zero and the session's ending.
	var metrics string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, metrics = get(t, url+"metrics"); strings.Contains(metrics, "poppy_bridge_sessions_active 0") &&
			strings.Contains(metrics, "poppy_bridge_sessions_ended_total{") {
			break
		}
	}
	for _, s := range []string{
		"poppy_bridge_sessions_active 0",
		`poppy_bridge_bytes_total{direction="to_client"}`,
		`poppy_bridge_dial_duration_seconds_count{result="ok"} 1`,
	} {
		if !strings.Contains(metrics, s) {
			t.Errorf("/metrics lacks %s", s)
		}
	}
	// After QUIT both ends close; whichever the bridge sees first names
	// the ending.
	if !strings.Contains(metrics, `poppy_bridge_sessions_ended_total{reason="target_closed"} 1`) &&
		!strings.Contains(metrics, `poppy_bridge_sessions_ended_total{reason="client_closed"} 1`) {
		var ended []string
		for _, l := range strings.Split(metrics, "\n") {
			if strings.HasPrefix(l, "poppy_bridge_sessions_ended_total") {
				ended = append(ended, l)
			}
		}
		t.Errorf("/metrics lacks the session ended by QUIT; it has %q", ended)
	}
	// A refusal is counted too.
	if _, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"ws?target=demo", nil); err == nil {
		t.Error("no Origin accepted")
	}
	_, metrics = get(t, url+"metrics")
	if !strings.Contains(metrics, `poppy_bridge_refusals_total{reason="origin"} 1`) {
		t.Error("/metrics lacks the origin refusal")
	}

	if code := stop(); code != 0 {
		t.Errorf("exit %d after SIGTERM-equivalent", code)
	}
	log := out.String()
	if !strings.Contains(log, "msg=session") || !strings.Contains(log, "reason=") || !strings.Contains(log, "stopped") {
		t.Errorf("log:\n%s", log)
	}
	if strings.Contains(log, "RETR") || strings.Contains(log, "PASS") {
		t.Error("payload in the log")
	}
}

// TestFlagErrorsAreTyped: the flag errors operators get most wrong carry
// the package's typed error, with a message saying what to write.
func TestFlagErrorsAreTyped(t *testing.T) {
	_, err := parseServeFlags([]string{"-forbid", "10.0.0.0/8,intranet.example"}, env(nil), io.Discard)
	var pe *limits.PrefixError
	if !errors.As(err, &pe) || pe.Input != "intranet.example" {
		t.Errorf("-forbid with a name: %v, want a *limits.PrefixError for it", err)
	}
	_, err = parseServeFlags([]string{"-target", "work=pop.example.com:995/tls", "-submission", "wrok=smtp.example.com:465/tls"}, env(nil), io.Discard)
	if !errors.Is(err, targets.ErrUnknownTarget) || !strings.Contains(err.Error(), `"wrok"`) {
		t.Errorf("-submission for an unknown target: %v, want targets.ErrUnknownTarget naming it", err)
	}
	_, err = parseServeFlags([]string{"-tls-cert", "c", "-tls-key", "k", "-public-name", "http://mail.example.com"}, env(nil), io.Discard)
	if !errors.Is(err, server.ErrPublicName) {
		t.Errorf("http -public-name with -tls-cert: %v, want server.ErrPublicName", err)
	}
}

// TestPublicNameAndForbid runs the command with -public-name and -forbid:
// the listener's own origin no longer opens the relay, the configured name
// does, and a user-entered server in a -forbid range is refused.
func TestPublicNameAndForbid(t *testing.T) {
	url, _, _ := startBridge(t, "-public-name", "https://mail.example.com", "-allow-custom", "-forbid", "8.8.8.0/24")
	ctx := context.Background()
	wsBase := "ws" + strings.TrimPrefix(url, "http") + "ws?"
	dial := func(query, origin string) (*websocket.Conn, int) {
		ws, resp, err := websocket.Dial(ctx, wsBase+query, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
		if err != nil {
			if resp == nil {
				t.Fatal(err)
			}
			return nil, resp.StatusCode
		}
		t.Cleanup(func() { ws.CloseNow() })
		return ws, 0
	}
	if _, status := dial("target=demo", strings.TrimSuffix(url, "/")); status != http.StatusForbidden {
		t.Errorf("listener origin with -public-name: HTTP %d, want 403", status)
	}
	ws, status := dial("target=demo", "https://mail.example.com")
	if status != 0 {
		t.Fatalf("configured public name: HTTP %d", status)
	}
	if _, greeting, err := ws.Read(ctx); err != nil || !strings.HasPrefix(string(greeting), "+OK") {
		t.Errorf("greeting %q, %v", greeting, err)
	}
	// 8.8.8.8 is public (the built-in policy lets it through), so only
	// -forbid can refuse it; being a literal, it is refused before any
	// dial, and the test stays on loopback.
	if class, bad := targets.Forbidden(netip.MustParseAddr("8.8.8.8")); bad {
		t.Fatalf("8.8.8.8 is built-in forbidden (%s): the test cannot show -forbid", class)
	}
	ws, status = dial("target=custom&host=8.8.8.8&port=995", "https://mail.example.com")
	if status != 0 {
		t.Fatalf("custom 8.8.8.8: HTTP %d", status)
	}
	_, _, err := ws.Read(ctx)
	if code := websocket.CloseStatus(err); code != websocket.StatusCode(bridgeapi.CodeForbiddenTarget) {
		t.Errorf("custom 8.8.8.8 under -forbid 8.8.8.0/24: close %v, want %d", err, bridgeapi.CodeForbiddenTarget)
	}
}

func TestShutdownGoingAway(t *testing.T) {
	url, _, stop := startBridge(t, "-shutdown-timeout", "200ms")
	ctx := context.Background()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"ws?target=demo",
		&websocket.DialOptions{HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(url, "/")}}})
	if err != nil {
		t.Fatal(err)
	}
	ws.Read(ctx) // greeting
	go stop()
	_, _, err = ws.Read(ctx)
	if websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Fatalf("read after shutdown: %v, want going away", err)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
}

func TestProbeCommand(t *testing.T) {
	d := dovecottest.Start(t, nil)
	d.Deliver(d.User, []byte("Subject: hi\n\nhello\n"))
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, d.CA.PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("POPPY_USER", d.User)
	t.Setenv("POPPY_PASSWORD", d.Password)
	for _, tt := range []struct{ name, security, addr string }{
		{"tls", "tls", d.TLSAddr},
		{"starttls", "starttls", d.Addr},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := dispatch(context.Background(), []string{"probe", "-json", "-security", tt.security, "-ca-file", caFile, tt.addr}, &out, &errb, nil)
			if code != 0 {
				t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
			}
			var r struct {
				Greeting     string
				Capabilities []string
				TLS          struct {
					Version  string
					Verified bool
					Chain    []any
				}
				Login struct{ OK bool }
				Count int
				Size  int64
				Error string
			}
			if err := json.Unmarshal(out.Bytes(), &r); err != nil {
				t.Fatalf("%v: %s", err, out.String())
			}
			if r.Greeting == "" || len(r.Capabilities) == 0 || !r.TLS.Verified || len(r.TLS.Chain) == 0 || !r.Login.OK || r.Count != 1 || r.Error != "" {
				t.Errorf("report: %s", out.String())
			}
		})
	}
	t.Run("untrusted", func(t *testing.T) {
		var out bytes.Buffer
		code := dispatch(context.Background(), []string{"probe", "-security", "tls", d.TLSAddr}, &out, io.Discard, nil)
		if code != 1 || !strings.Contains(out.String(), "verification: FAILED") {
			t.Errorf("exit %d:\n%s", code, out.String())
		}
	})
	t.Run("usage", func(t *testing.T) {
		if code := dispatch(context.Background(), []string{"probe"}, io.Discard, io.Discard, nil); code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
	})
}

// flagCase is one row of a table test of the bridge's flags: the
// arguments and environment, whether they are accepted, and a check of
// the configuration they give.
type flagCase struct {
	name string
	args []string
	env  map[string]string
	ok   bool
	chk  func(*serveConfig) bool
}

// runFlagCases parses each case's flags as the command does.
func runFlagCases(t *testing.T, tests []flagCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if tt.chk != nil && !tt.chk(c) {
				t.Errorf("config = %+v", c)
			}
		})
	}
}
