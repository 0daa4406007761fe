package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
)

// identity is one address a person sends from, as the compose pane and
// the identity settings show it.
type identity struct {
	Name      string
	Address   string
	Signature string // without the "-- " separator, which is added
	BccSelf   bool   // a copy of every message to this address
}

// label is how the identity picker shows it: "Name <address>".
func (id identity) label() string {
	if id.Name == "" {
		return id.Address
	}
	return id.Name + " <" + id.Address + ">"
}

// fromChoices are the From addresses the picker offers: every address
// of every identity, each with its identity's name and signature.
func fromChoices(ids []store.Identity) []identity {
	var out []identity
	for _, id := range ids {
		for _, a := range id.Addresses {
			out = append(out, identity{Name: id.Name, Address: a, Signature: id.Signature, BccSelf: id.BccSelf})
		}
	}
	return out
}

// identityPanel is the small settings panel of the account's
// identities: display name, addresses, signature, Bcc to self and reply
// from the address a message was sent to, for each. A component with
// its own state (the edited copy); OnSave hands the Shell the list to
// keep.
type identityPanel struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Identities []store.Identity
	// Default is the account's own address, offered when there is no
	// identity yet.
	Default string
	OnSave  func(ids []store.Identity)
	OnClose func()

	edit   []store.Identity
	loaded bool
	note   string
}

func (p *identityPanel) OnMount(app.Context) { p.load() }

func (p *identityPanel) load() {
	if p.loaded {
		return
	}
	p.loaded = true
	p.edit = append([]store.Identity(nil), p.Identities...)
	if len(p.edit) == 0 {
		p.edit = []store.Identity{{Addresses: []string{p.Default}, ReplyFromRecipient: true}}
	}
}

func (p *identityPanel) Render() app.UI {
	p.load()
	return app.Section().ID("identities").Class("panel identities").Role("dialog").Aria("label", i18n.T("Identities")).Body(
		app.H2().Text(i18n.T("Identities")),
		app.P().Class("hint").Text(i18n.T(identitiesHint)),
		app.Form().OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			p.save()
		}).Body(
			app.Range(p.edit).Slice(func(i int) app.UI { return p.renderOne(i) }),
			app.Div().Class("actions").Body(
				app.Button().Type("button").Text(i18n.T("Add an identity")).OnClick(func(ctx app.Context, e app.Event) {
					p.edit = append(p.edit, store.Identity{ReplyFromRecipient: true})
				}),
				app.Button().Type("submit").Class("primary").Text(i18n.T("Save")),
				app.Button().Type("button").Text(i18n.T("Close")).OnClick(func(ctx app.Context, e app.Event) {
					if p.OnClose != nil {
						p.OnClose()
					}
				}),
				app.Span().Role("status").Text(p.note),
			),
		),
	)
}

func (p *identityPanel) renderOne(i int) app.UI {
	id := &p.edit[i]
	n := "identity-" + itoa(int64(i)) + "-"
	return app.Div().Class("identity").Role("group").Aria("labelledby", n+"title").Body(
		app.Span().ID(n+"title").Class("group-title").Text(orDefault(strings.Join(id.Addresses, ", "), i18n.T("New identity"))),
		app.Label().For(n+"name").Text(i18n.T("Display name")),
		app.Input().ID(n+"name").Type("text").Value(id.Name).
			OnInput(func(ctx app.Context, e app.Event) { p.edit[i].Name = ctx.JSSrc().Get("value").String() }, i),
		app.Label().For(n+"addresses").Text(i18n.T("Addresses (the first is the default; separate them with commas)")),
		app.Input().ID(n+"addresses").Type("text").Attr("inputmode", "email").Value(strings.Join(id.Addresses, ", ")).
			OnInput(func(ctx app.Context, e app.Event) {
				p.edit[i].Addresses = splitAddresses(ctx.JSSrc().Get("value").String())
			}, i),
		app.Label().For(n+"signature").Text(i18n.T("Signature (shown under “-- ”)")),
		app.Textarea().ID(n+"signature").Rows(3).Text(id.Signature).
			OnInput(func(ctx app.Context, e app.Event) { p.edit[i].Signature = ctx.JSSrc().Get("value").String() }, i),
		app.Label().Class("check").Body(
			app.Input().Type("checkbox").Checked(id.BccSelf).
				OnChange(func(ctx app.Context, e app.Event) { p.edit[i].BccSelf = ctx.JSSrc().Get("checked").Bool() }, i),
			app.Text(" "+i18n.T("Send a copy of each message to myself (Bcc)")),
		),
		app.Label().Class("check").Body(
			app.Input().Type("checkbox").Checked(id.ReplyFromRecipient).
				OnChange(func(ctx app.Context, e app.Event) {
					p.edit[i].ReplyFromRecipient = ctx.JSSrc().Get("checked").Bool()
				}, i),
			app.Text(" "+i18n.T("Reply from the address a message was sent to")),
		),
		app.If(len(p.edit) > 1, app.Button().Type("button").Class("link danger").Text(i18n.T("Remove")).
			OnClick(func(ctx app.Context, e app.Event) {
				p.edit = append(p.edit[:i:i], p.edit[i+1:]...)
			}, i, len(p.edit))),
	)
}

// splitAddresses splits what a person typed into addresses.
func splitAddresses(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
}

// save keeps the identities that have an address.
func (p *identityPanel) save() {
	var out []store.Identity
	for _, id := range p.edit {
		if len(id.Addresses) > 0 {
			out = append(out, id)
		}
	}
	p.note = i18n.T(identitiesSavedSentence)
	if p.OnSave != nil {
		p.OnSave(out)
	}
}
