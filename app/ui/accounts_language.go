package ui

import (
	"fmt"
	"net/http"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/transport"
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

// startLanguage sets the language the app starts in, with its catalog:
// it runs before the first render (ui.Routes, from main, which may
// block while the browser fetches), so that the app never flashes
// English over the shell the bridge drew in the person's language.
func startLanguage() {
	i18n.SetErrorText(errorWords)
	tag := i18n.Set(i18n.Choose(savedLanguage(), i18n.BrowserLanguages()))
	_ = fetchCatalog(tag) // on failure the words are English; the language select can try again
	applyDocumentLanguage(tag, i18n.Current().Dir())
}

// setLanguage makes tag the interface language, keeps the choice on the
// device, and re-renders the whole interface: every child component
// carries the language in its Lang field, so each one re-renders too.
// A catalog that is not in the app yet is fetched first, off the UI
// goroutine; from the service worker's cache that takes a few
// milliseconds, and the switch shows the new language at once.
func (s *Shell) setLanguage(tag string) {
	perfMark(markLanguageStart)
	apply := func(ctx app.Context) {
		tag := i18n.Set(tag)
		saveLanguage(tag)
		s.forgetSnapshot(ctx) // in the former language
		applyDocumentLanguage(tag, i18n.Current().Dir())
		ctx.Dispatch(func(ctx app.Context) {
			ctx.Defer(func(app.Context) { perfMark(markLanguageRendered) })
		})
	}
	if i18n.HasCatalog(i18n.For(tag).Tag()) {
		apply(s.ctx)
		return
	}
	s.ctx.Async(func() {
		_ = fetchCatalog(i18n.For(tag).Tag()) // on failure, English words in the chosen layout
		s.ctx.Dispatch(apply)
	})
}

// fetchCatalog brings the catalog of the shipped language tag into the
// app (i18n.Install) unless it is here already. It blocks: never call
// it on the UI goroutine.
func fetchCatalog(tag string) error {
	if i18n.HasCatalog(tag) {
		return nil
	}
	path := i18n.CatalogPath(tag)
	body, status, err := transport.HTTPGet(path)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", i18n.ErrCatalog, path, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("%w: %s: HTTP %d", i18n.ErrCatalog, path, status)
	}
	return i18n.Install(tag, body)
}
