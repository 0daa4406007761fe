package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// outboxItem is one outbox entry as the outbox view shows it.
type outboxItem struct {
	ID      string
	State   string // outbox.State's words: queued, sending, sent, maybe-sent, failed
	To      string
	Subject string
	Queued  time.Time
	Size    int64
	// Err is why the last attempt failed (failed, or queued after a
	// temporary failure); nil otherwise.
	Err error
	// Sent is how much of the message has been uploaded, while sending.
	Sent int64
}

// The outbox entry states, as package outbox names them.
const (
	stateQueued    = "queued"
	stateSending   = "sending"
	stateSent      = "sent"
	stateMaybeSent = "maybe-sent"
	stateFailed    = "failed"
)

// outboxView lists the messages waiting to be sent, being sent, or that
// need the person: each entry carries data-outbox-id (the automation
// contract) and says its state in words; a maybe-sent entry asks
// whether it arrived, a failed one says why.
type outboxView struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Items []outboxItem
	// Drafts are the messages being written, kept on the device, newest
	// first; each opens again in the compose pane.
	Drafts      []draftItem
	OnOpenDraft func(id string)
	// OnResolve is the person's answer about a maybe-sent entry: sent,
	// or to be sent again.
	OnResolve func(id string, sent bool)
	OnRetry   func(id string)
	OnRemove  func(id string)
}

func (v *outboxView) Render() app.UI {
	return app.Section().ID("outbox").Class("outbox list-view").Aria("label", i18n.T("Outbox")).Body(
		app.H2().Text(i18n.T("Outbox")),
		app.If(len(v.Items) == 0, app.P().Class("empty").Text(i18n.T(outboxEmptySentence))),
		app.Ul().Body(app.Range(v.Items).Slice(func(i int) app.UI { return v.renderItem(v.Items[i]) })),
		app.If(len(v.Drafts) > 0,
			app.H2().Text(i18n.T("Drafts")),
			app.Ul().Body(app.Range(v.Drafts).Slice(func(i int) app.UI {
				d := v.Drafts[i]
				return app.Li().Class("draft-entry").DataSet("draft-id", d.ID).Body(
					app.Button().Type("button").Class("row-button").
						OnClick(func(ctx app.Context, e app.Event) {
							if v.OnOpenDraft != nil {
								v.OnOpenDraft(d.ID)
							}
						}, d.ID).
						Body(
							app.Bdi().Class("subject").Text(orDefault(d.Subject, i18n.T("(no subject)"))),
							app.Span().Class("to").Text(" "+i18n.T("to {0}", orDefault(d.To, i18n.T("nobody yet")))),
						),
				)
			})),
		),
	)
}

// draftItem is a kept draft as the outbox view lists it.
type draftItem struct {
	ID, Subject, To string
}

func (v *outboxView) renderItem(it outboxItem) app.UI {
	return app.Li().Class("outbox-entry", "state-"+it.State).DataSet("outbox-id", it.ID).Body(
		app.Div().Class("what").Body(
			app.Bdi().Class("subject").Text(orDefault(it.Subject, i18n.T("(no subject)"))),
			app.Span().Class("to").Text(" "+i18n.T("to {0}", it.To)),
		),
		app.P().Class("state").Text(outboxStateSentence(it.State, it.Err)),
		app.If(it.State == stateSending && it.Size > 0, app.Div().Class("progress").Body(
			app.Progress().Max(it.Size).Value(it.Sent).Aria("label", i18n.T("Sending {0}", orDefault(it.Subject, i18n.T("the message")))),
			app.Span().Text(i18n.T("{0} of {1}", formatSize(it.Sent), formatSize(it.Size))),
		)),
		app.If(it.State == stateMaybeSent, app.Div().Class("actions").Body(
			app.Button().Type("button").Class("primary").Text(i18n.T("Mark as sent")).
				OnClick(func(ctx app.Context, e app.Event) { v.resolve(it.ID, true) }, it.ID),
			app.Button().Type("button").Text(i18n.T("Send again")).
				OnClick(func(ctx app.Context, e app.Event) { v.resolve(it.ID, false) }, it.ID),
		)),
		app.If(it.State == stateFailed, app.Div().Class("actions").Body(
			app.Button().Type("button").Text(i18n.T("Try again")).
				OnClick(func(ctx app.Context, e app.Event) {
					if v.OnRetry != nil {
						v.OnRetry(it.ID)
					}
				}, it.ID),
			app.Button().Type("button").Class("danger").Text(i18n.T("Remove")).
				OnClick(func(ctx app.Context, e app.Event) {
					if v.OnRemove != nil {
						v.OnRemove(it.ID)
					}
				}, it.ID),
		)),
	)
}

func (v *outboxView) resolve(id string, sent bool) {
	if v.OnResolve != nil {
		v.OnResolve(id, sent)
	}
}
