package ui

import (
	"encoding/json"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// OnInit reads, before the first render, what the bridge's page holds
// for the sign-in (app/routes: SignInShell): the mail servers the shell
// was drawn with, so that the first render lists them as the shell did
// and nothing changes when it replaces the shell (the app still asks
// /api/targets at mount, as without them), and whether the person
// already pressed Sign in in the shell (the loader made its button busy:
// bridge/internal/pwa/loader.js), so that the button keeps saying so
// until the loader submits the app's form.
func (s *Shell) OnInit() {
	w := app.Window()
	if el := w.GetElementByID(routes.TargetsElementID); el.Truthy() {
		var ts bridgeapi.Targets
		if json.Unmarshal([]byte(el.Get("textContent").String()), &ts) == nil && routes.Prerendered(&ts) {
			s.targets, s.custom = ts.Targets, ts.Custom
		}
	}
	if f := w.GetElementByID("signin"); f.Truthy() {
		s.pressed = f.Call("querySelector", "button[aria-busy=true]").Truthy()
	}
}
