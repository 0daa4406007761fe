//go:build unix

package oidctest

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// loginPage is the provider's sign-in form. A browser test fills the
// inputs named "username" and "password" and submits form#login.
var loginPage = template.Must(template.New("login").Parse(`<!doctype html>
<title>Test provider: sign in</title>
<h1>Sign in to the test provider</h1>
{{if .Error}}<p id="error">{{.Error}}</p>{{end}}
<form id="login" method="post" action="/login">
<input type="hidden" name="challenge" value="{{.Challenge}}">
<label>User <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button>
</form>`))

// appHandler serves Hydra's login and consent URLs. Each step asks the
// admin API to accept the challenge and sends the browser where the
// answer says.
func (p *Provider) appHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /login", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = loginPage.Execute(w, map[string]string{"Challenge": r.URL.Query().Get("login_challenge")})
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		challenge, user := r.PostFormValue("challenge"), r.PostFormValue("username")
		if pass, ok := p.opts.users()[user]; !ok || pass != r.PostFormValue("password") {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusUnauthorized)
			_ = loginPage.Execute(w, map[string]string{"Challenge": challenge, "Error": "Wrong user name or password."})
			return
		}
		p.accept(w, r, "login", challenge, map[string]any{"subject": user, "remember": false})
	})
	mux.HandleFunc("GET /consent", func(w http.ResponseWriter, r *http.Request) {
		challenge := r.URL.Query().Get("consent_challenge")
		var req struct {
			Subject  string   `json:"subject"`
			Scope    []string `json:"requested_scope"`
			Audience []string `json:"requested_access_token_audience"`
		}
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
		defer cancel()
		if err := p.adminJSON(ctx, http.MethodGet, "/admin/oauth2/auth/requests/consent?"+url.Values{"consent_challenge": {challenge}}.Encode(), nil, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		// Grant everything asked for; the ID token says the address: the
		// subject itself when it is one (a user named by address, as a
		// mail server that logs in by address knows it).
		email := req.Subject
		if !strings.Contains(email, "@") {
			email += "@example.test"
		}
		p.accept(w, r, "consent", challenge, map[string]any{
			"grant_scope":                 req.Scope,
			"grant_access_token_audience": req.Audience,
			"remember":                    false,
			"session": map[string]any{
				"id_token": map[string]any{"email": email, "email_verified": true},
			},
		})
	})
	mux.HandleFunc("GET /error", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "provider error: "+r.URL.Query().Get("error")+": "+r.URL.Query().Get("error_description"), http.StatusBadRequest)
	})
	return mux
}

// accept accepts a login or consent challenge and redirects the browser
// to where Hydra says.
func (p *Provider) accept(w http.ResponseWriter, r *http.Request, flow, challenge string, body map[string]any) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	var out struct {
		RedirectTo string `json:"redirect_to"`
	}
	path := "/admin/oauth2/auth/requests/" + flow + "/accept?" + url.Values{flow + "_challenge": {challenge}}.Encode()
	if err := p.adminJSON(ctx, http.MethodPut, path, body, &out); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	http.Redirect(w, r, out.RedirectTo, http.StatusFound)
}
