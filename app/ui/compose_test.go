package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/compose"
	"github.com/poppymail/poppy/app/store"
)

// mountComposer mounts c as the browser would (OnMount included) and
// waits for its preparation.
func mountComposer(t *testing.T, c *composer) (*html.Node, func()) {
	t.Helper()
	disp := app.NewServerTester(c)
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: c, Function: c.OnMount})
	disp.Consume()
	doc, err := html.Parse(strings.NewReader(app.HTMLString(c)))
	if err != nil {
		t.Fatal(err)
	}
	return doc, disp.Close
}

// The compose form keeps the automation contract: form#compose with
// fields named to, cc, bcc, subject and body, a file input named
// attachments that takes several files, and a submit button; the
// address fields complete from the address book, and From offers every
// identity.
func TestComposeFormContract(t *testing.T) {
	c := &composer{
		Req:        &composeRequest{Kind: composeNew},
		Identities: []identity{{Name: "Alice", Address: "alice@example.com"}, {Address: "a@example.org"}},
		Contacts:   []string{"Bob <bob@example.com>", "carol@example.net"},
		Prepare: func(context.Context, *composeRequest) (draftForm, error) {
			return draftForm{Body: compose.SignatureBlock("Alice")}, nil
		},
	}
	doc, done := mountComposer(t, c)
	defer done()
	forms := findAll(doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "id") == "compose" })
	if len(forms) != 1 {
		t.Fatalf("%d form#compose, want 1", len(forms))
	}
	f := forms[0]
	for _, name := range []string{"to", "cc", "bcc", "subject"} {
		in := findAll(f, func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == name })
		if len(in) != 1 {
			t.Errorf("%d inputs named %q", len(in), name)
			continue
		}
		if name != "subject" && attr(in[0], "list") != contactsID {
			t.Errorf("%s does not complete from the address book (list=%q)", name, attr(in[0], "list"))
		}
		if id := attr(in[0], "id"); len(findAll(f, func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == id })) != 1 {
			t.Errorf("%s has no label", name)
		}
	}
	body := findAll(f, func(n *html.Node) bool { return n.Data == "textarea" && attr(n, "name") == "body" })
	// The textarea's value is a property, which the HTML does not show.
	if len(body) != 1 || !strings.Contains(c.form.Body, "\n-- \nAlice") {
		t.Errorf("body: %d textareas, text %q; want one with the signature under \"-- \"", len(body), c.form.Body)
	}
	files := findAll(f, func(n *html.Node) bool { return attr(n, "name") == "attachments" })
	if len(files) != 1 || attr(files[0], "type") != "file" || !hasAttr(files[0], "multiple") {
		t.Errorf("attachments input: %v", files)
	}
	if len(findAll(f, func(n *html.Node) bool { return n.Data == "button" && attr(n, "type") == "submit" })) != 1 {
		t.Error("no single submit button")
	}
	opts := findAll(doc, func(n *html.Node) bool {
		return n.Data == "option" && n.Parent != nil && attr(n.Parent, "id") == contactsID
	})
	if len(opts) != 2 || attr(opts[0], "value") != "Bob <bob@example.com>" {
		t.Errorf("address book options: %d", len(opts))
	}
	from := findAll(f, func(n *html.Node) bool { return n.Data == "select" && attr(n, "name") == "from" })
	if len(from) != 1 || len(findAll(from[0], func(n *html.Node) bool { return n.Data == "option" })) != 2 {
		t.Fatal("the identity picker does not offer both identities")
	}
	if c.form.From != "alice@example.com" {
		t.Errorf("From = %q, want the first identity", c.form.From)
	}
}

// Send hands over the form only with a recipient, and only within the
// server's SIZE limit when it is known; the reason shows in words.
func TestComposeChecksBeforeSend(t *testing.T) {
	var sent []draftForm
	c := &composer{
		Req:       &composeRequest{Kind: composeNew},
		SizeLimit: 10_000,
		Prepare:   func(context.Context, *composeRequest) (draftForm, error) { return draftForm{Subject: "Hi"}, nil },
		OnSend:    func(f draftForm) { sent = append(sent, f) },
		Account:   "alice@mail",
	}
	_, done := mountComposer(t, c)
	defer done()

	c.send(nil)
	if len(sent) != 0 || c.problem != noRecipientSentence {
		t.Fatalf("sent %d without a recipient; problem %q", len(sent), c.problem)
	}
	c.form.To = "bob@example.com"
	c.form.Attachments = []attachment{{Name: "big.bin", Data: make([]byte, 20_000)}}
	c.send(nil)
	if len(sent) != 0 || !strings.Contains(c.problem, "more than the 10 kB the sending server accepts") {
		t.Fatalf("sent %d over the limit; problem %q", len(sent), c.problem)
	}
	c.form.Attachments = []attachment{{Name: "small.txt", Data: []byte("hello")}}
	c.send(nil)
	if len(sent) != 1 || c.problem != "" {
		t.Fatalf("sent %d, problem %q; want the form sent", len(sent), c.problem)
	}
	if sent[0].To != "bob@example.com" || sent[0].Subject != "Hi" || sent[0].Account != "alice@mail" || len(sent[0].Attachments) != 1 {
		t.Errorf("sent %+v", sent[0])
	}
	// Positive control of the limit: without one known, the large file
	// goes (the engine checks SIZE at send).
	c.SizeLimit = 0
	c.form.Attachments = []attachment{{Name: "big.bin", Data: make([]byte, 20_000)}}
	c.send(nil)
	if len(sent) != 2 {
		t.Errorf("with no known limit, the form was not sent: %q", c.problem)
	}
}

// A reply whose original cannot be read says so, and sends nothing.
func TestComposePrepareFails(t *testing.T) {
	c := &composer{
		Req:     &composeRequest{Kind: composeReply, UID: "u1"},
		Prepare: func(context.Context, *composeRequest) (draftForm, error) { return draftForm{}, errors.New("gone") },
	}
	doc, done := mountComposer(t, c)
	defer done()
	alerts := findAll(doc, func(n *html.Node) bool { return attr(n, "role") == "alert" })
	if len(alerts) != 1 || !strings.Contains(textOf(alerts[0]), "could not be read") {
		t.Errorf("no alert that the original could not be read: %q", textOf(doc))
	}
}

// The estimate held against SIZE is never below the encoded size of the
// attachments (base64: 4 bytes for 3, and line breaks).
func TestSendSizeEstimate(t *testing.T) {
	for _, n := range []int{0, 1, 57, 1000, 1 << 20} {
		f := draftForm{Attachments: []attachment{{Data: make([]byte, n)}}}
		min := int64((n+2)/3*4 + (n/57)*2)
		if got := f.sendSize(); got < min {
			t.Errorf("%d bytes: estimate %d below the encoded %d", n, got, min)
		}
	}
}

// The identity panel starts from the account's own address when none
// is set up, and saves only identities that have an address.
func TestIdentityPanelSaves(t *testing.T) {
	var saved []store.Identity
	p := &identityPanel{Default: "alice@example.com", OnSave: func(ids []store.Identity) { saved = ids }}
	doc := mountHTML(t, p)
	if len(findAll(doc, func(n *html.Node) bool { return attr(n, "id") == "identities" && attr(n, "role") == "dialog" })) != 1 {
		t.Fatal("no #identities dialog")
	}
	for _, label := range []string{"Display name", "Addresses", "Signature", "Bcc", "Reply from the address"} {
		if !strings.Contains(textOf(doc), label) {
			t.Errorf("the panel has no %q", label)
		}
	}
	p.edit[0].Name, p.edit[0].Signature = "Alice", "Alice\nexample.com"
	p.edit = append(p.edit, store.Identity{Name: "No address"})
	p.save()
	if len(saved) != 1 || saved[0].Addresses[0] != "alice@example.com" || !saved[0].ReplyFromRecipient || saved[0].Name != "Alice" {
		t.Errorf("saved %+v", saved)
	}
	if got := splitAddresses("a@x.org, b@y.org;c@z.org"); strings.Join(got, "|") != "a@x.org|b@y.org|c@z.org" {
		t.Errorf("splitAddresses = %q", got)
	}
	if got := fromChoices(saved); len(got) != 1 || got[0].label() != "Alice <alice@example.com>" || got[0].Signature == "" {
		t.Errorf("fromChoices = %+v", got)
	}
}
