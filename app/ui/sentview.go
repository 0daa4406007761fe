package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// sentItem is one message sent from this device, as the Sent view
// lists it.
type sentItem struct {
	ID      string
	To      string
	Subject string
	Date    time.Time
}

// sentView is #sent of the automation contract: POP3 has no Sent
// folder, so the messages sent from this device are kept on it and
// listed here, newest first; each opens in the reader.
type sentView struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Items  []sentItem // newest first
	OpenID string
	OnOpen func(id string)
}

func (v *sentView) Render() app.UI {
	now := time.Now()
	return app.Section().ID("sent").Class("sent list-view").Aria("label", i18n.T("Sent")).Body(
		app.H2().Text(i18n.T("Sent")),
		app.P().Class("hint").Text(i18n.T(sentHint)),
		app.If(len(v.Items) == 0, app.P().Class("empty").Text(i18n.T("Nothing sent from this device yet."))),
		app.Ul().Role("list").Body(app.Range(v.Items).Slice(func(i int) app.UI {
			it := v.Items[i]
			cls := "sent-entry"
			if it.ID == v.OpenID {
				cls += " open"
			}
			return app.Li().Class(cls).DataSet("sent-id", it.ID).Body(
				app.Button().Type("button").Class("row-button").
					OnClick(func(ctx app.Context, e app.Event) {
						if v.OnOpen != nil {
							v.OnOpen(it.ID)
						}
					}, it.ID).
					Body(
						app.Span().Class("to").Text(i18n.T("To {0}", it.To)),
						app.Span().Class("date").Text(formatDate(it.Date, now)),
						app.Bdi().Class("subject").Text(orDefault(it.Subject, i18n.T("(no subject)"))),
					),
			)
		})),
	)
}
