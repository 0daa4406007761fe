package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// The interface language. It is chosen once at start (startLanguage:
// the choice kept on this device, else the browser's
// navigator.languages, else English) and changed in the accounts
// panel's select[name=language], whose options' values are BCP 47 tags
// (en, ar, pl, de). The choice is kept in localStorage under
// languageKey (language_js.go), and <html lang dir> follow it, so the
// page mirrors for a right-to-left language.

// User Timing marks around a change of language: the select changed,
// and the render that shows the new language is done.
const (
	markLanguageStart    = "poppy-language-start"
	markLanguageRendered = "poppy-language-rendered"
)

// renderLanguage is the accounts panel's language select; each option
// names its language in that language, in its own direction.
func (c *accountsPanel) renderLanguage() app.UI {
	cur := i18n.Current().Tag()
	langs := i18n.Languages()
	return app.Div().ID("language-setting").Class("setting").Body(
		app.Label().For("language").Text(i18n.T("Language")),
		app.Select().ID("language").Name("language").
			OnChange(func(ctx app.Context, e app.Event) {
				if c.OnLanguage != nil {
					c.OnLanguage(ctx.JSSrc().Get("value").String())
				}
			}).
			Body(app.Range(langs).Slice(func(i int) app.UI {
				l := langs[i]
				return app.Option().Value(l.Tag).Lang(l.Tag).Dir(l.Dir).Selected(l.Tag == cur).Text(l.Name)
			})),
	)
}

// startLanguage sets the language the app starts in.
func startLanguage() {
	tag := i18n.Set(i18n.Choose(savedLanguage(), i18n.BrowserLanguages()))
	applyDocumentLanguage(tag, i18n.Current().Dir())
}

// setLanguage makes tag the interface language, keeps the choice on the
// device, and re-renders the whole interface: every child component
// carries the language in its Lang field, so each one re-renders too.
func (s *Shell) setLanguage(tag string) {
	perfMark(markLanguageStart)
	tag = i18n.Set(tag)
	saveLanguage(tag)
	applyDocumentLanguage(tag, i18n.Current().Dir())
	s.ctx.Dispatch(func(ctx app.Context) {
		ctx.Defer(func(app.Context) { perfMark(markLanguageRendered) })
	})
}
