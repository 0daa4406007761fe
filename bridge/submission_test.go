//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/demo"
	"github.com/poppymail/poppy/pop3"
)

// wsConn opens /ws?target=demo&service=SERVICE as a page of the bridge
// would, and returns the stream it carries.
func wsConn(t *testing.T, ctx context.Context, url string, service bridgeapi.Service) net.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(url, "http") + "ws?target=demo&service=" + string(service)
	ws, _, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(url, "/")}}})
	if err != nil {
		t.Fatal(err)
	}
	return websocket.NetConn(ctx, ws, websocket.MessageBinary)
}

// TestDemoSendsThroughBridge runs the command with the demo and custom
// servers on: /api/targets says the demo can send and which ports a
// user's own submission server may use; a message submitted through
// /ws?service=submission, as the tab submits it, arrives in the demo
// inbox through /ws (POP3) with the same bytes.
func TestDemoSendsThroughBridge(t *testing.T) {
	url, out, _ := startBridge(t, "-allow-custom")
	if !strings.Contains(out.String(), "submission on 127.0.0.1:") {
		t.Errorf("start message does not give the demo's submission server:\n%s", out.String())
	}
	_, body := get(t, url+"api/targets")
	var list bridgeapi.Targets
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	d, ok := bridgeapi.FindTarget(list.Targets, bridgeapi.DemoTarget)
	if !ok || !d.CanSend() || d.Submission.Security != bridgeapi.SecurityPlain || d.Submission.Port == 0 || d.Demo == nil {
		t.Fatalf("/api/targets: the demo cannot send: %s", body)
	}
	if list.Custom == nil || !slices.Equal(list.Custom.SubmissionPorts, []int{465, 587}) {
		t.Fatalf("/api/targets: custom submission ports: %s", body)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	msg := []byte("From: demo@poppy.example\r\nTo: demo@poppy.example\r\nSubject: through the bridge\r\n\r\nHello from the tab.\r\n.dot\r\n")
	sc := smtp.NewClient(wsConn(t, ctx, url, bridgeapi.ServiceSubmission))
	defer sc.Close()
	if err := sc.Auth(sasl.NewPlainClient("", d.Demo.Username, d.Demo.Password)); err != nil {
		t.Fatal(err)
	}
	if err := sc.SendMail(demo.Address, []string{demo.Address}, bytes.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	if err := sc.Quit(); err != nil {
		t.Fatal(err)
	}

	c, err := pop3.NewClient(wsConn(t, ctx, url, bridgeapi.ServicePOP3), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, d.Demo.Username, d.Demo.Password); err != nil {
		t.Fatal(err)
	}
	n, _, err := c.Stat(ctx)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Retr(ctx, n)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, msg) {
		t.Errorf("last message of the demo inbox:\n got %q\nwant %q", got, msg)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}

	// Both sessions counted by service.
	var metrics string
	want := []string{
		`poppy_bridge_sessions_started_total{service="pop3"} 1`,
		`poppy_bridge_sessions_started_total{service="submission"} 1`,
		"poppy_bridge_sessions_active 0",
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if _, metrics = get(t, url+"metrics"); containsAll(metrics, want) {
			break
		}
	}
	for _, s := range want {
		if !strings.Contains(metrics, s) {
			t.Errorf("/metrics lacks %s", s)
		}
	}
	if log := out.String(); strings.Contains(log, "through the bridge") || strings.Contains(log, "Hello from the tab") {
		t.Errorf("a payload reached the log:\n%s", log)
	}
}

func containsAll(s string, subs []string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}
