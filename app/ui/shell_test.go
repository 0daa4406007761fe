package ui

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// The sign-in form keeps the automation contract: inputs named target,
// username and password, and a submit button, all inside one form.
func TestSignInFormContract(t *testing.T) {
	s := &Shell{
		targets: []bridgeapi.Target{
			{Name: "demo", Host: "127.0.0.1", Port: 1100, Security: bridgeapi.SecurityPlain, Demo: &bridgeapi.DemoLogin{Username: "demo", Password: "demo"}},
			{Name: "work", Host: "mail.example.com", Port: 995, Security: bridgeapi.SecurityTLS},
		},
	}
	doc := mountHTML(t, s)
	form := findAll(doc, func(n *html.Node) bool { return n.Data == "form" })
	if len(form) != 1 {
		t.Fatalf("%d forms, want 1", len(form))
	}
	for _, name := range []string{"target", "username", "password"} {
		if len(findAll(form[0], func(n *html.Node) bool { return attr(n, "name") == name })) != 1 {
			t.Errorf("no single control named %q in the form", name)
		}
	}
	if len(findAll(form[0], func(n *html.Node) bool { return n.Data == "button" && attr(n, "type") == "submit" })) != 1 {
		t.Error("no submit button in the form")
	}
	// The first server is chosen, and its demo login shown and filled in.
	for name, want := range map[string]string{"username": "demo", "password": "demo"} {
		in := findAll(form[0], func(n *html.Node) bool { return attr(n, "name") == name })
		if len(in) != 1 || attr(in[0], "value") != want {
			t.Errorf("%s input not filled in with the demo login", name)
		}
	}
	sel := findAll(form[0], func(n *html.Node) bool { return n.Data == "option" && attr(n, "value") == "demo" })
	if len(sel) != 1 || !hasAttr(sel[0], "selected") {
		t.Error("the first server is not selected")
	}
	pw := findAll(form[0], func(n *html.Node) bool { return attr(n, "name") == "password" })
	if attr(pw[0], "type") != "password" {
		t.Error("the password input does not hide what is typed")
	}
}

// The inbox rows carry data-uidl, and the list keeps to what is on
// screen even for 10,000 messages.
func TestInboxRowsContract(t *testing.T) {
	l := &messageList{viewH: 640}
	for i := range 10000 {
		l.Rows = append(l.Rows, mailbox.Summary{UID: "uid-" + itoa(int64(i)), FromName: "Sender", Subject: "Subject", Size: 1234})
	}
	doc := mountHTML(t, l)
	rows := findAll(doc, func(n *html.Node) bool { return attr(n, "data-uidl") != "" })
	if len(rows) == 0 || len(rows) > 40 {
		t.Fatalf("%d rows rendered for 10,000 messages, want only what fits on screen", len(rows))
	}
	if attr(rows[0], "data-uidl") != "uid-0" || attr(rows[0], "role") != "row" {
		t.Fatalf("first row = %v", rows[0].Attr)
	}
	// A grid (issue 15): its size for the whole list, each row's place,
	// one tab stop (the selected row), and cells only inside a row.
	grid := findAll(doc, func(n *html.Node) bool { return attr(n, "role") == "grid" })
	if len(grid) != 1 || attr(grid[0], "id") != listID || attr(grid[0], "aria-rowcount") != "10000" {
		t.Fatalf("the list is not one grid of 10,000 rows: %d grids", len(grid))
	}
	tabStops := 0
	for i, r := range rows {
		if attr(r, "tabindex") == "0" {
			tabStops++
		}
		if got, want := attr(r, "aria-rowindex"), itoa(int64(i+1)); got != want {
			t.Errorf("row %d: aria-rowindex %q, want %q", i, got, want)
		}
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && attr(c, "role") != "gridcell" {
				t.Errorf("row %d has a child <%s role=%q>, want only gridcells", i, c.Data, attr(c, "role"))
			}
		}
	}
	if tabStops != 1 || attr(rows[0], "tabindex") != "0" {
		t.Errorf("%d rows in the tab order, want 1, the selected one (the first)", tabStops)
	}
}

// HTML mail goes into the sandboxed frame with the exact sandbox value
// and title of the contract; plain text becomes text nodes and links.
func TestRenderBody(t *testing.T) {
	html := render.Render([]byte("Content-Type: text/html\r\n\r\n<p>Hi <img src=\"https://t.example/x.gif\"><script>alert(1)</script></p>\r\n"), nil)
	frame, ok := renderBody(html).(app.HTMLIFrame)
	if !ok {
		t.Fatalf("HTML body rendered as %T, want an iframe", renderBody(html))
	}
	disp := app.NewServerTester(frame)
	defer disp.Close()
	if err := app.TestMatch(frame, app.TestUIDescriptor{Expected: app.IFrame().Title("%s", render.IFrameTitle).Sandbox(render.IFrameSandbox).Attr("referrerpolicy", "no-referrer").SrcDoc("%s", html.HTML.SrcDoc).Class("body-html")}); err != nil {
		t.Fatal(err)
	}
	if html.HTML.RemoteBlocked != 1 {
		t.Fatalf("RemoteBlocked = %d, want 1", html.HTML.RemoteBlocked)
	}

	text := render.Render([]byte("Subject: x\r\n\r\nsee https://example.com/a?b=1 <b>not bold</b>\r\n"), nil)
	pre := renderBody(text)
	disp2 := app.NewServerTester(pre)
	defer disp2.Close()
	if err := app.TestMatch(pre, app.TestUIDescriptor{Path: app.TestPath(1), Expected: app.A().Href("%s", "https://example.com/a?b=1").Target("_blank").Rel("noopener noreferrer").Text("https://example.com/a?b=1")}); err != nil {
		t.Fatal(err)
	}
	if err := app.TestMatch(pre, app.TestUIDescriptor{Path: app.TestPath(2), Expected: app.Text(" <b>not bold</b>")}); err != nil {
		t.Fatal(err)
	}
}

func TestDeleteControlContract(t *testing.T) {
	reader := &reader{UID: "u1"}
	disp := app.NewServerTester(reader)
	defer disp.Close()
	if err := app.TestMatch(reader, app.TestUIDescriptor{Path: app.TestPath(0, 0, 1), Expected: app.Button().Class("danger").Aria("label", "Delete").Title("Delete (Del)").Text("Delete").OnClick(func(app.Context, app.Event) {})}); err != nil {
		t.Fatal(err)
	}
}

// mountHTML mounts ui with go-app's server tester and parses its HTML.
func mountHTML(t *testing.T, ui app.UI) *html.Node {
	t.Helper()
	disp := app.NewServerTester(ui)
	defer disp.Close()
	doc, err := html.Parse(strings.NewReader(app.HTMLString(ui)))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n.Type == html.ElementNode && match(n) {
		out = append(out, n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		out = append(out, findAll(c, match)...)
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
