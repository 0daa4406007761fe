package ui

import (
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

func byID(doc *html.Node, id string) *html.Node {
	if n := findAll(doc, func(n *html.Node) bool { return attr(n, "id") == id }); len(n) > 0 {
		return n[0]
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// An account opened from the device, with the bridge down: the offline
// banner, the password bar (a real password input), and no problem
// banner repeating what the offline banner says.
func TestOfflineBars(t *testing.T) {
	mb := mailbox.New(nil, mailbox.Account{Server: "mail", Username: "alice"}, nil)
	defer mb.Close()
	s := &Shell{mbox: mb, acct: store.Account{Key: "alice@mail", Server: "mail", Username: "alice"}, bridgeDown: true,
		problem: &mailbox.Problem{Kind: mailbox.KindUnreachable}}
	doc := mountHTML(t, s)
	banner := byID(doc, "offline-banner")
	if banner == nil || !strings.Contains(textOf(banner), "Offline") {
		t.Fatalf("no offline banner")
	}
	bar := byID(doc, "signin-bar")
	if bar == nil || bar.Data != "form" {
		t.Fatal("no sign-in bar form")
	}
	pw := findAll(bar, func(n *html.Node) bool { return attr(n, "name") == "password" })
	if len(pw) != 1 || attr(pw[0], "type") != "password" {
		t.Errorf("the bar's password input: %v", pw)
	}
	if !strings.Contains(textOf(bar), "alice") {
		t.Errorf("the bar does not name the account: %q", textOf(bar))
	}
	if n := findAll(doc, func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "banner problem") }); len(n) != 0 {
		t.Errorf("the unreachable problem is shown twice")
	}
}

// A deletion queued offline shows as pending, with a way to keep the
// message.
func TestPendingRow(t *testing.T) {
	s := &Shell{shown: []mailbox.Summary{
		{UID: "u1", Subject: "Pending one", PendingDelete: true},
		{UID: "u2", Subject: "Normal"},
	}}
	doc := mountHTML(t, s.renderInbox())
	rows := findAll(doc, func(n *html.Node) bool { return attr(n, "data-uidl") != "" })
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	if c := attr(rows[0], "class"); !strings.Contains(c, "pending") || !strings.Contains(textOf(rows[0]), "Will be deleted when connected") {
		t.Errorf("pending row: class %q, text %q", c, textOf(rows[0]))
	}
	if keep := findAll(rows[0], func(n *html.Node) bool { return n.Data == "button" && textOf(n) == "Keep" }); len(keep) != 1 {
		t.Error("no Keep button on the pending row")
	}
	if c := attr(rows[1], "class"); strings.Contains(c, "pending") {
		t.Errorf("normal row marked pending: %q", c)
	}
}

// The panel lists each account with what it keeps, and the total.
func TestDevicePanel(t *testing.T) {
	p := &accountsPanel{
		Accounts: []store.Account{{Key: "a@one", Server: "one", Username: "a"}, {Key: "b@two", Server: "two", Username: "b"}},
		Current:  "a@one",
		usage: map[string]store.Usage{
			"a@one": {Headers: 1200, HeaderBytes: 240_000, Bodies: 3, BodyBytes: 1_500_000},
			"b@two": {Headers: 10, HeaderBytes: 2_000},
			"":      {Headers: 1210, HeaderBytes: 242_000, Bodies: 3, BodyBytes: 1_500_000},
		},
		confirm: "b@two",
	}
	doc := mountHTML(t, p)
	if got := textOf(byID(doc, "storage-usage")); !strings.Contains(got, "1.7 MB (1,210 messages, 3 kept for offline reading)") {
		t.Errorf("usage reads %q", got)
	}
	accts := findAll(doc, func(n *html.Node) bool { return attr(n, "data-key") != "" })
	if len(accts) != 2 {
		t.Fatalf("%d accounts listed", len(accts))
	}
	if got := textOf(accts[0]); !strings.Contains(got, "a on one") || !strings.Contains(got, "open") {
		t.Errorf("current account reads %q", got)
	}
	// The removal asks first, and says how much goes.
	if got := textOf(accts[1]); !strings.Contains(got, "Remove this account and 2 kB of its mail from this device?") {
		t.Errorf("confirmation reads %q", got)
	}
	if byID(doc, "clear-data") == nil || byID(doc, "check-every") == nil {
		t.Error("no clear-data button or check interval")
	}
}

// A server without UIDL: the inbox says that it lists everything each
// time and keeps nothing on the device.
func TestNoUIDLNotice(t *testing.T) {
	srv := pop3server.New(&pop3server.Options{DisableUIDL: true})
	defer srv.Close()
	if err := srv.AddUser("u", "p", pop3server.Message{Data: []byte("Subject: hi\r\n\r\nbody\r\n")}); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	dial := func(ctx context.Context) (*pop3.Client, error) {
		return pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	}
	mb := mailbox.New(dial, mailbox.Account{Server: "s", Username: "u", Password: "p"}, &mailbox.Options{KeepaliveInterval: -1})
	defer mb.Close()
	if err := mb.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	s := &Shell{mbox: mb}
	s.refreshRows()
	doc := mountHTML(t, s.renderInbox())
	n := byID(doc, "no-uidl")
	if n == nil || !strings.Contains(textOf(n), "lists the whole mailbox every time") {
		t.Fatalf("no notice for a server without UIDL")
	}
}
