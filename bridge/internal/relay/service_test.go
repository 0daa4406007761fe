//go:build !js

package relay_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// greeter is a server that says who it is to every connection and counts
// the connections it accepted.
type greeter struct {
	*tcpServer
	accepted atomic.Int32
}

func startGreeter(t *testing.T, hello string) *greeter {
	g := &greeter{}
	g.tcpServer = startTCP(t, func(c net.Conn) {
		g.accepted.Add(1)
		io.WriteString(c, hello)
		io.Copy(io.Discard, c)
	})
	return g
}

// readGreeting reads the first message of a session.
func readGreeting(t *testing.T, c *websocket.Conn) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, b, err := c.Read(ctx)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return string(b)
}

// sendingTarget is a target "work" whose POP3 server is pop and whose
// submission server is sub.
func sendingTarget(pop, sub *greeter) targets.Target {
	tg := pop.target("work")
	s := sub.target("")
	tg.Submission = &targets.Endpoint{Host: s.Host, Port: s.Port, Security: bridgeapi.SecurityTLS}
	return tg
}

// TestServiceReachesOnlyItsServer: service=submission reaches the target's
// submission server and nothing else; POP3 (absent or explicit) reaches
// the POP3 server and nothing else. Each server counts what it accepted,
// so a session that went to the wrong one shows.
func TestServiceReachesOnlyItsServer(t *testing.T) {
	pop := startGreeter(t, "+OK POP3 ready\r\n")
	sub := startGreeter(t, "220 submission ready\r\n")
	m := metrics.New()
	var logs lockedBuffer
	b := startBridge(t, &relay.Options{Metrics: m, Logger: slog.New(slog.NewTextHandler(&logs, nil))}, sendingTarget(pop, sub))

	tests := []struct {
		query    string
		greeting string
		pop, sub int32 // connections each server has accepted after it
	}{
		{query("target", "work"), "+OK POP3 ready\r\n", 1, 0},
		{query("target", "work", "service", "pop3"), "+OK POP3 ready\r\n", 2, 0},
		{query("target", "work", "service", "submission"), "220 submission ready\r\n", 2, 1},
		{query("target", "work", "service", "submission"), "220 submission ready\r\n", 2, 2},
		{query("target", "work"), "+OK POP3 ready\r\n", 3, 2},
	}
	for _, tt := range tests {
		c := b.dial(t, tt.query)
		if got := readGreeting(t, c); got != tt.greeting {
			t.Fatalf("%s: greeting %q, want %q", tt.query, got, tt.greeting)
		}
		c.Close(websocket.StatusNormalClosure, "")
		if p, s := pop.accepted.Load(), sub.accepted.Load(); p != tt.pop || s != tt.sub {
			t.Fatalf("after %s: POP3 server accepted %d, submission server %d; want %d, %d", tt.query, p, s, tt.pop, tt.sub)
		}
	}
	// The session line is written after the session has ended.
	waitFor(t, 10*time.Second, "five session log lines", func() bool { return strings.Count(logs.String(), "msg=session") == len(tests) })
	if got := startedByService(t, m); got["pop3"] != 3 || got["submission"] != 2 {
		t.Errorf("sessions_started_total = %v, want pop3 3, submission 2", got)
	}
	out := logs.String()
	if !strings.Contains(out, "service=submission") || !strings.Contains(out, "service=pop3") {
		t.Errorf("session logs do not name the service:\n%s", out)
	}
	// The log has the byte counts, never the bytes.
	if strings.Contains(out, "submission ready") || strings.Contains(out, "POP3 ready") {
		t.Errorf("a payload reached the log:\n%s", out)
	}
}

// TestServiceRefusals: an unknown service is a bad request (4400), a
// submission session for a target without a submission server is refused
// like an unknown target (4404), and neither reaches any server. A
// request that may go through (the positive control at the end) does.
func TestServiceRefusals(t *testing.T) {
	pop := startGreeter(t, "+OK POP3 ready\r\n")
	sub := startGreeter(t, "220 submission ready\r\n")
	readsOnly := startGreeter(t, "+OK reads only\r\n")
	m := metrics.New()
	b := startBridge(t, &relay.Options{Metrics: m, Limiter: limits.New(&limits.Options{SessionsPerMinute: -1})},
		sendingTarget(pop, sub), readsOnly.target("home"))

	tests := []struct {
		name, query string
		code        bridgeapi.CloseCode
		reason      string
	}{
		{"imap", query("target", "work", "service", "imap"), bridgeapi.CodeBadRequest, "bad request: unknown service"},
		{"smtp", query("target", "work", "service", "smtp"), bridgeapi.CodeBadRequest, "bad request: unknown service"},
		{"empty", query("target", "work", "service", ""), bridgeapi.CodeBadRequest, "bad request: unknown service"},
		{"upper case", query("target", "work", "service", "SUBMISSION"), bridgeapi.CodeBadRequest, "bad request: unknown service"},
		{"unknown service, unknown target", query("target", "nowhere", "service", "imap"), bridgeapi.CodeBadRequest, "bad request: unknown service"},
		{"no submission server", query("target", "home", "service", "submission"), bridgeapi.CodeUnknownTarget, "target has no submission server"},
		{"unknown target", query("target", "nowhere", "service", "submission"), bridgeapi.CodeUnknownTarget, "unknown target"},
		// The client never gives an address for a configured target,
		// whatever the service.
		{"host with submission", query("target", "work", "service", "submission", "host", "127.0.0.1", "port", "25"), bridgeapi.CodeBadRequest, "bad request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantClose(t, b.dial(t, tt.query), tt.code, tt.reason)
		})
	}
	if p, s, r := pop.accepted.Load(), sub.accepted.Load(), readsOnly.accepted.Load(); p+s+r != 0 {
		t.Fatalf("refused requests reached servers: POP3 %d, submission %d, reads-only %d", p, s, r)
	}
	// Positive control: the same bridge and counters see a session that
	// is allowed.
	c := b.dial(t, query("target", "home", "service", "pop3"))
	if got := readGreeting(t, c); got != "+OK reads only\r\n" {
		t.Fatalf("greeting %q", got)
	}
	if r := readsOnly.accepted.Load(); r != 1 {
		t.Fatalf("reads-only server accepted %d, want 1", r)
	}
	if got := refusals(t, m); got["unknown_service"] != 5 || got["no_submission"] != 1 {
		t.Errorf("refusals_total = %v, want unknown_service 5, no_submission 1", got)
	}
}

// TestCustomSubmission: with custom servers on, service=submission is
// vetted by the same policy as POP3, on the submission ports.
func TestCustomSubmission(t *testing.T) {
	unlimited := func() *limits.Limiter { return limits.New(&limits.Options{SessionsPerMinute: -1}) }
	open := startBridge(t, &relay.Options{Custom: &targets.Custom{Resolver: resolver}, Limiter: unlimited()})
	noSend := startBridge(t, &relay.Options{Custom: &targets.Custom{Resolver: resolver, NoSubmission: true}, Limiter: unlimited()})
	closed := startBridge(t, &relay.Options{Limiter: unlimited()})
	sub := func(host, port string) string {
		return query("target", "custom", "service", "submission", "host", host, "port", port)
	}
	tests := []struct {
		name  string
		b     *bridge
		query string
		code  bridgeapi.CloseCode
	}{
		// Ports: the submission ones for submission, the POP3 ones
		// for POP3.
		{"submission on 995", open, sub("nxdomain.example", "995"), bridgeapi.CodeForbiddenTarget},
		{"submission on 25", open, sub("nxdomain.example", "25"), bridgeapi.CodeForbiddenTarget},
		{"pop3 on 465", open, custom("nxdomain.example", "465"), bridgeapi.CodeForbiddenTarget},
		// An allowed port goes on to the lookup: unreachable here, not
		// forbidden.
		{"submission on 465", open, sub("nxdomain.example", "465"), bridgeapi.CodeTargetUnreachable},
		{"submission on 587", open, sub("nxdomain.example", "587"), bridgeapi.CodeTargetUnreachable},
		{"pop3 on 995", open, custom("nxdomain.example", "995"), bridgeapi.CodeTargetUnreachable},
		// The address classes, as for POP3.
		{"loopback literal", open, sub("127.0.0.1", "465"), bridgeapi.CodeForbiddenTarget},
		{"private literal", open, sub("10.0.0.1", "587"), bridgeapi.CodeForbiddenTarget},
		{"metadata literal", open, sub("169.254.169.254", "465"), bridgeapi.CodeForbiddenTarget},
		{"name to private", open, sub("intranet.example", "587"), bridgeapi.CodeTargetUnreachable},
		{"name to loopback and public", open, sub("rebind.example", "465"), bridgeapi.CodeTargetUnreachable},
		{"single label", open, sub("intranet", "465"), bridgeapi.CodeBadRequest},
		// Policy switches.
		{"submission disabled", noSend, sub("mail.example.com", "465"), bridgeapi.CodeForbiddenTarget},
		{"pop3 with submission disabled", noSend, custom("nxdomain.example", "995"), bridgeapi.CodeTargetUnreachable},
		{"custom disabled", closed, sub("mail.example.com", "465"), bridgeapi.CodeForbiddenTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce, ok := closeOf(t, tt.b.dial(t, tt.query))
			if !ok || ce.Code != websocketCode(tt.code) {
				t.Fatalf("close = %d %q (%v), want %d", ce.Code, ce.Reason, ok, tt.code)
			}
		})
	}
}

// lockedBuffer is a log sink safe for the relay's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startedByService(t *testing.T, m *metrics.Metrics) map[string]float64 {
	return counterByLabel(t, m, "poppy_bridge_sessions_started_total", "service")
}

func refusals(t *testing.T, m *metrics.Metrics) map[string]float64 {
	return counterByLabel(t, m, "poppy_bridge_refusals_total", "reason")
}

func counterByLabel(t *testing.T, m *metrics.Metrics, name, label string) map[string]float64 {
	t.Helper()
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, mt := range f.GetMetric() {
			for _, l := range mt.GetLabel() {
				if l.GetName() == label {
					out[l.GetValue()] = mt.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}
