//go:build !js

package e2e

import (
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/internal/nginxtest"
)

// TestE2ESplitApp signs in to the demo mailbox in the app as nginx
// serves it (deploy/nginx, from `bridge export -relay`), through a bridge
// at another origin that relays for nginx's (-origin). nginx has no
// server list and no relay, so the inbox shows only if the app took both
// from the bridge it was told of, across origins, within the page's CSP.
func TestE2ESplitApp(t *testing.T) {
	browsertest.Require(t)
	ports, err := harness.FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	app := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	s := browsertest.Start(t, browsertest.Config{NoOpen: true, Bridge: browsertest.BridgeConfig{Demo: true, Args: []string{"-origin", app}}})
	bin, err := browsertest.BuildBridge()
	s.Must(err)
	web, err := browsertest.WebDir()
	s.Must(err)
	site := t.TempDir()
	if out, err := exec.Command(bin, "export", "-web-dir", web, "-relay", s.Bridge.URL, site).CombinedOutput(); err != nil {
		t.Fatalf("bridge export: %v\n%s", err, out)
	}
	relay := strings.TrimSuffix(s.Bridge.URL, "/")
	page := nginxtest.Start(t, &nginxtest.Options{Site: site, Port: ports[0], Relay: relay + " ws" + strings.TrimPrefix(relay, "http")}).URL()

	s.Must(browsertest.OpenApp(s.Ctx, page))
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		t.Fatalf("signing in to the demo through the relay gave %q, want the inbox", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	if origin := browsertest.Eval[string](s, "location.origin"); len(rows) == 0 || origin != app {
		t.Errorf("%d rows in a page of %s; want the demo's messages in nginx's page (%s)", len(rows), origin, app)
	}
}
