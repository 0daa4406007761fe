package ui

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/mailbox"
)

// The reader downloads the message it is given, on its own, and says
// why it could not; opening the same message again is a new request,
// which downloads it again (how a person retries after signing in).
func TestReaderFetchesAndRetries(t *testing.T) {
	mb := mailbox.New(nil, mailbox.Account{Server: "mail", Username: "alice"}, nil)
	defer mb.Close()
	c := &reader{Mailbox: mb, UID: "u1", Opened: 1}
	disp := app.NewServerTester(c)
	defer disp.Close()
	// The server tester mounts without OnMount, which the browser calls.
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: c, Function: c.OnMount})
	disp.Consume()

	first := c.current()
	if first == nil || first.loading || first.problem == nil {
		t.Fatalf("after the download: %+v", first)
	}
	if first.problem.Kind != mailbox.KindSignedOut || first.problem.Op != mailbox.OpFetch {
		t.Errorf("problem %v (op %v), want signed out while fetching", first.problem.Kind, first.problem.Op)
	}
	doc, err := html.Parse(strings.NewReader(app.HTMLString(c)))
	if err != nil {
		t.Fatal(err)
	}
	banner := findAll(doc, func(n *html.Node) bool { return attr(n, "role") == "alert" })
	if len(banner) != 1 || !strings.Contains(textOf(banner[0]), "Sign in to download it.") {
		t.Fatalf("no banner saying why: %d alerts in %q", len(banner), textOf(doc))
	}

	c.Opened = 2
	if c.current() != nil {
		t.Fatal("a new request shows the old one's result")
	}
	c.load()
	disp.Consume()
	if again := c.current(); again == nil || again == first || again.loading || again.problem == nil {
		t.Errorf("opening the message again did not download it again: %+v", again)
	}
}
