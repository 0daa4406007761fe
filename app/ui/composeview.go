package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// composeID is the form of the automation contract: form#compose.
const composeID = "compose"

// contactsID is the <datalist> that completes the address fields.
const contactsID = "compose-contacts"

func (c *composer) Render() app.UI {
	f := &c.form
	return app.Section().Class("compose-pane").Aria("label", composeTitle(c.Req)).Body(
		app.H2().Text(composeTitle(c.Req)),
		app.Form().ID(composeID).
			OnSubmit(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				c.send(ctx)
			}).
			OnDragOver(func(ctx app.Context, e app.Event) {
				e.PreventDefault() // or the browser opens the file
				c.dragging = true
			}).
			OnDragLeave(func(ctx app.Context, e app.Event) { c.dragging = false }).
			OnDrop(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				c.dragging = false
				c.addFiles(ctx, e.Get("dataTransfer").Get("files"))
			}).
			Class(dropClass(c.dragging)).
			Aria("busy", c.busy()).
			Body(
				app.If(c.busy(), app.P().Class("loading").Text(preparingSentence(c.Req))),
				c.renderFrom(),
				c.addressField("to", i18n.T("To"), f.To, func(v string) { f.To = v }),
				c.addressField("cc", i18n.T("Cc"), f.Cc, func(v string) { f.Cc = v }),
				c.addressField("bcc", i18n.T("Bcc"), f.Bcc, func(v string) { f.Bcc = v }),
				app.Label().For("compose-subject").Text(i18n.T("Subject")),
				app.Input().ID("compose-subject").Name("subject").Type("text").Value(f.Subject).
					Disabled(c.busy()).
					OnInput(func(ctx app.Context, e app.Event) {
						f.Subject = ctx.JSSrc().Get("value").String()
						c.changed(ctx)
					}),
				app.Label().For("compose-body").Class("sr-only").Text(i18n.T("Message")),
				// go-app sets a textarea's Text as its value property.
				app.Textarea().ID("compose-body").Name("body").Rows(14).Text(f.Body).
					Attr("spellcheck", "true").Disabled(c.busy()).
					OnInput(func(ctx app.Context, e app.Event) {
						f.Body = ctx.JSSrc().Get("value").String()
						c.changed(ctx)
					}),
				c.renderAttachments(),
				app.If(c.problem != "", app.P().Class("error").Role("alert").Text(c.problem)),
				app.Div().Class("compose-actions").Body(
					app.Button().Type("submit").Class("primary").Disabled(c.busy()).Text(sendLabel(c.Offline)),
					app.Button().Type("button").Text(i18n.T("Close")).Title(i18n.T("Close; the draft is kept")).
						OnClick(func(ctx app.Context, e app.Event) { c.close(ctx) }),
					app.Button().Type("button").Class("danger").Text(i18n.T("Discard")).
						OnClick(func(ctx app.Context, e app.Event) { c.discard(ctx) }),
					app.Span().Class("draft-note").Role("status").Aria("live", "polite").Text(c.note),
				),
			),
		app.DataList().ID(contactsID).Body(app.Range(c.Contacts).Slice(func(i int) app.UI {
			return app.Option().Value(c.Contacts[i])
		})),
	)
}

// addressField is one of to, cc and bcc: several addresses separated by
// commas, completed from the address book.
func (c *composer) addressField(name, label, value string, set func(string)) app.UI {
	id := "compose-" + name
	return app.Div().Class("field").Body(
		app.Label().For(id).Text(label),
		app.Input().ID(id).Name(name).Type("text").Value(value).List(contactsID).
			Attr("autocomplete", "off").Attr("inputmode", "email").Disabled(c.busy()).
			Placeholder("name@example.com, …").
			OnInput(func(ctx app.Context, e app.Event) {
				set(ctx.JSSrc().Get("value").String())
				c.changed(ctx)
			}),
	)
}

// renderFrom is the identity picker.
func (c *composer) renderFrom() app.UI {
	ids := c.fromOptions()
	if len(ids) == 0 {
		return app.Text("")
	}
	return app.Div().Class("field").Body(
		app.Label().For("compose-from").Text(i18n.T("From")),
		app.Select().ID("compose-from").Name("from").Disabled(c.busy()).
			OnChange(func(ctx app.Context, e app.Event) {
				c.form.From = ctx.JSSrc().Get("value").String()
				c.changed(ctx)
			}).
			Body(app.Range(ids).Slice(func(i int) app.UI {
				id := ids[i]
				return app.Option().Value(id.Address).Selected(id.Address == c.form.From).Text(id.label())
			})),
	)
}

// renderAttachments is the file picker, the drop hint and the files
// added, each with its size, and the total against the server's limit.
func (c *composer) renderAttachments() app.UI {
	atts := c.form.Attachments
	// A div with role=group rather than a fieldset: the same to a screen
	// reader, and one element type less in the wasm (each costs its
	// whole generated method set).
	return app.Div().Class("attachments-field").Role("group").Aria("labelledby", "compose-attachments-title").Body(
		app.Label().ID("compose-attachments-title").For("compose-attachments").Class("group-title").Text(i18n.T("Attachments")),
		app.Input().ID("compose-attachments").Name("attachments").Type("file").Multiple(true).
			Aria("describedby", "compose-drop-hint").Disabled(c.busy()).
			OnChange(func(ctx app.Context, e app.Event) {
				c.addFiles(ctx, ctx.JSSrc().Get("files"))
				ctx.JSSrc().Set("value", "") // the same file may be added again
			}),
		app.Span().ID("compose-drop-hint").Class("hint").Text(dropHint(c.SizeLimit)),
		app.If(len(c.form.Forward) > 0, app.P().Class("attachment").Body(
			app.Span().Class("name").Text(i18n.T(forwardedName)),
			app.Span().Class("size").Text(formatSize(int64(len(c.form.Forward)))),
		)),
		app.Ul().Body(app.Range(atts).Slice(func(i int) app.UI {
			a := atts[i]
			return app.Li().Class("attachment").Body(
				app.Span().Class("name").Text(a.Name),
				app.Span().Class("size").Text(formatSize(int64(len(a.Data)))),
				app.Button().Type("button").Class("link").Aria("label", i18n.T("Remove {0}", a.Name)).Text(i18n.T("Remove")).
					OnClick(func(ctx app.Context, e app.Event) { c.removeAttachment(ctx, i) }, i, a.Name),
			)
		})),
		app.If(len(atts) > 0 || len(c.form.Forward) > 0,
			app.P().Class("hint total").Text(totalSentence(c.form.sendSize(), c.SizeLimit))),
	)
}

func dropClass(dragging bool) string {
	if dragging {
		return "compose dragging"
	}
	return "compose"
}

// forwardedName is how the attached original is shown.
const forwardedName = "Forwarded message (.eml)"

// fromOptions are the identities, and the address a reply was prepared
// from when no identity has it (the address the original was sent to).
func (c *composer) fromOptions() []identity {
	from := c.form.From
	if from == "" {
		return c.Identities
	}
	for _, id := range c.Identities {
		if strings.EqualFold(id.Address, from) {
			return c.Identities
		}
	}
	id := identity{Address: from}
	if len(c.Identities) > 0 {
		id.Name = c.Identities[0].Name
	}
	return append([]identity{id}, c.Identities...)
}
