//go:build unix

package packtest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
)

// demoSession opens the relay at base (http://HOST:PORT/) for the demo
// target as a page of origin would, signs in to the demo mailbox and
// returns its message count. A refused handshake returns the HTTP status
// of the refusal instead, with count -1.
func demoSession(t *testing.T, base, origin string) (count, refused int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	u := "ws" + base[len("http"):] + bridgeapi.PathWebSocket[1:] + "?" + bridgeapi.ParamTarget + "=" + bridgeapi.DemoTarget
	ws, resp, err := websocket.Dial(ctx, u, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
	if err != nil {
		if resp == nil {
			t.Fatalf("relay %s from %s: %v", u, origin, err)
		}
		return -1, resp.StatusCode
	}
	conn := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
	defer conn.Close()
	c, err := mailconn.Open(ctx, conn, bridgeapi.SecurityPlain, nil, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatalf("POP3 through %s: %v", u, err)
	}
	login := demoLogin(t, base)
	if err := c.Login(ctx, login.Username, login.Password); err != nil {
		t.Fatalf("demo login through %s: %v", u, err)
	}
	n, _, err := c.Stat(ctx)
	if err != nil {
		t.Fatalf("STAT through %s: %v", u, err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("QUIT through %s: %v", u, err)
	}
	return n, 0
}

// demoLogin reads the demo mailbox's login from the bridge's server list,
// as the app does.
func demoLogin(t *testing.T, base string) bridgeapi.DemoLogin {
	t.Helper()
	_, b := get(t, base+bridgeapi.PathTargets[1:], nil)
	var ts bridgeapi.Targets
	if err := json.Unmarshal(b, &ts); err != nil {
		t.Fatalf("%s: %v\n%s", bridgeapi.PathTargets, err, b)
	}
	d, ok := bridgeapi.FindTarget(ts.Targets, bridgeapi.DemoTarget)
	if !ok || d.Demo == nil {
		t.Fatalf("%s has no demo login: %s", bridgeapi.PathTargets, b)
	}
	return *d.Demo
}
