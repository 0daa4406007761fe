package server

import (
	"encoding/json"
	"net/http"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// targetsBody builds the body of /api/targets once: the configuration does
// not change while the process runs.
func targetsBody(ro *relay.Options, demo *bridgeapi.DemoLogin, oauth []bridgeapi.OAuthProvider) ([]byte, error) {
	return json.Marshal(Targets(ro, demo, oauth))
}

// Targets is what /api/targets lists for a bridge of these options. The
// page the bridge serves carries the same list (bridge/internal/pwa:
// Options.Targets), so that its prerendered sign-in form holds the mail
// servers before app.wasm has asked for them.
func Targets(ro *relay.Options, demo *bridgeapi.DemoLogin, oauth []bridgeapi.OAuthProvider) bridgeapi.Targets {
	body := bridgeapi.Targets{Targets: []bridgeapi.Target{}, OAuth: oauth}
	if ro.Targets != nil {
		for _, t := range ro.Targets.List() {
			e := bridgeapi.Target{Name: t.Name, Host: t.Host, Port: t.Port, Security: t.Security}
			if sub := t.Submission; sub != nil {
				e.Submission = &bridgeapi.Endpoint{Host: sub.Host, Port: sub.Port, Security: sub.Security}
			}
			if t.Name == bridgeapi.DemoTarget && demo != nil {
				d := *demo
				e.Demo = &d
			}
			body.Targets = append(body.Targets, e)
		}
	}
	if ro.Custom != nil {
		body.Custom = &bridgeapi.CustomPolicy{
			Ports:           ro.Custom.AllowedPorts(),
			SubmissionPorts: ro.Custom.AllowedSubmissionPorts(),
		}
	}
	return body
}

func serveJSON(body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "application/json")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		w.Write(body)
	})
}
