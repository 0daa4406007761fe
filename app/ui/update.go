package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"
)

// OnAppUpdate is called by go-app when its service worker has fetched a
// new version of the app: the running one keeps working until the
// person reloads, at a moment of their choosing.
func (s *Shell) OnAppUpdate(ctx app.Context) {
	s.updateReady = ctx.AppUpdateAvailable()
}

func (s *Shell) renderUpdate() app.UI {
	return app.Div().ID("update-bar").Class("banner update").Role("status").Body(
		app.Span().Text(i18n.T("A new version of Poppy is ready.")+" "),
		app.Button().Class("primary").Text(i18n.T("Reload")).OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
	)
}
