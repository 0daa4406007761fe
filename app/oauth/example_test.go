package oauth_test

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/poppymail/poppy/app/oauth"
)

// The sign-in form's flow: New (discovery) at start, Begin on the
// button's click, the tab goes to Pending.URL, and Finish with the URL
// the provider sends it back to. Here the metadata is given.
func ExampleClient_Begin() {
	c := oauth.NewWithMetadata(
		&oauth.Config{ClientID: "poppy", RedirectURI: "https://mail.example.org/", Scopes: []string{"openid", "email", "offline_access", "https://mail.google.com/"}},
		&oauth.Metadata{Issuer: "https://accounts.google.com", AuthorizationEndpoint: "https://accounts.google.com/o/oauth2/v2/auth", TokenEndpoint: "https://oauth2.googleapis.com/token"},
	)
	p := c.Begin("alice@gmail.com")
	u, _ := url.Parse(p.URL)
	q := u.Query()
	fmt.Println(u.Host, q.Get("response_type"), q.Get("code_challenge_method"), q.Get("login_hint"))
	fmt.Println(strings.Contains(q.Get("scope"), "offline_access"), q.Get("state") == p.State, q.Get("nonce") == p.Nonce, q.Get("code_challenge") != p.Verifier)
	// Output:
	// accounts.google.com code S256 alice@gmail.com
	// true true true true
}
