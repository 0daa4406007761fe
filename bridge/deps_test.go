package main

import (
	"os/exec"
	"strings"
	"testing"
)

// The bridge learns the app's routes from app/routes alone; linking the
// browser app (its UI, mailbox, renderer) would grow the binary and tie
// the server to the client's code.
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
			routes = true // the one allowed, and proof that the list shows app packages
		case strings.HasPrefix(pkg, app):
			t.Errorf("the bridge links %s", pkg)
		}
	}
	if !routes {
		t.Errorf("the bridge does not link %sroutes; the dependency list is not what this test expects:\n%s", app, out)
	}
}
