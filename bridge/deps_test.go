package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The bridge learns the app's routes from app/routes alone, and the
// words of the sign-in shell it draws from app/i18n (the catalogs and
// their formats, which import nothing of the app); linking the browser
// app (its UI, mailbox, renderer) would grow the binary and tie the
// server to the client's code.
func TestBridgeDoesNotLinkTheApp(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const app = "github.com/poppymail/poppy/app/"
	routes := false
	for _, pkg := range strings.Fields(string(out)) {
		switch {
		case pkg == app+"routes":
			routes = true // allowed, and proof that the list shows app packages
		case pkg == app+"i18n":
		case strings.HasPrefix(pkg, app):
			t.Errorf("the bridge links %s", pkg)
		}
	}
	if !routes {
		t.Errorf("the bridge does not link %sroutes; the dependency list is not what this test expects:\n%s", app, out)
	}
}
