//go:build !(js && wasm)

// Native only: the provider's token endpoint here is an httptest server,
// which a wasm test cannot listen for. The tab's own store is tested in
// Chromium by app/oauth's TestWebCryptoStore and app/e2e's
// TestE2EOAuthKeepSignedIn.

package ui

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// fakeRefreshStore is a RefreshStore in memory that counts its writes.
type fakeRefreshStore struct {
	mu            sync.Mutex
	tokens        map[string]string
	saves, delets int
	saveErr       error // what Save returns, if not nil
}

func (f *fakeRefreshStore) Save(_ context.Context, account, tok string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.saveErr != nil {
		return f.saveErr
	}
	f.tokens[account] = tok
	f.saves++
	return nil
}

func (f *fakeRefreshStore) Load(_ context.Context, account string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tokens[account], nil
}

func (f *fakeRefreshStore) Delete(_ context.Context, account string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.tokens, account)
	f.delets++
	return nil
}

func (f *fakeRefreshStore) has(account string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.tokens[account]
	return ok
}

// tabWith is an oauthTab whose device store is st.
func tabWith(st *fakeRefreshStore) *oauthTab {
	o := &oauthTab{}
	o.keeper.Open = func(context.Context) (oauth.RefreshStore, error) { return st, nil }
	o.keeper.Saved = st.has
	return o
}

// tokenEndpoint answers each refresh with the next of answers (a JSON
// body, or "invalid_grant" for a refusal), and records the refresh
// tokens it was given.
func tokenEndpoint(t *testing.T, answers ...string) (*oauth.Client, *[]string) {
	t.Helper()
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = r.ParseForm()
		if r.Form.Get("grant_type") != "refresh_token" {
			t.Errorf("grant_type %q", r.Form.Get("grant_type"))
		}
		got = append(got, r.Form.Get("refresh_token"))
		if len(answers) == 0 {
			t.Error("one refresh too many")
			w.WriteHeader(500)
			return
		}
		a := answers[0]
		answers = answers[1:]
		w.Header().Set("Content-Type", "application/json")
		if a == "invalid_grant" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"invalid_grant","error_description":"revoked"}`))
			return
		}
		_, _ = w.Write([]byte(a))
	}))
	t.Cleanup(srv.Close)
	c := oauth.NewWithMetadata(&oauth.Config{Issuer: srv.URL, ClientID: "poppy", RedirectURI: "http://app/"},
		&oauth.Metadata{Issuer: srv.URL, TokenEndpoint: srv.URL + "/token"})
	return c, &got
}

// TestOAuthKeep: what the device keeps for an OAuth account after its
// code exchange and each refresh. Ticked, the newest refresh token is
// saved (a rotation saves the new one; a refresh that keeps the token
// writes nothing); unticked, nothing is saved and an older token of the
// account is deleted.
func TestOAuthKeep(t *testing.T) {
	const key = "alice@mail"
	for _, tc := range []struct {
		name    string
		keep    bool
		before  string   // kept before the sign-in
		answers []string // the refreshes after the exchange
		want    string   // kept at the end ("": none)
		saves   int
	}{
		{"ticked, no refresh", true, "", nil, "r1", 1},
		{"ticked, rotated twice", true, "", []string{
			`{"access_token":"a2","refresh_token":"r2","expires_in":3600}`,
			`{"access_token":"a3","refresh_token":"r3","expires_in":3600}`,
		}, "r3", 3},
		{"ticked, the provider keeps the token", true, "", []string{
			`{"access_token":"a2","expires_in":3600}`,
		}, "r1", 1},
		{"ticked over an older sign-in", true, "r0", nil, "r1", 1},
		{"unticked", false, "", []string{`{"access_token":"a2","refresh_token":"r2"}`}, "", 0},
		{"unticked deletes an older one", false, "r0", nil, "", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := &fakeRefreshStore{tokens: map[string]string{}}
			if tc.before != "" {
				st.tokens[key] = tc.before
			}
			o := tabWith(st)
			c, _ := tokenEndpoint(t, tc.answers...)
			sess := c.Resume("r1") // the exchange's tokens, as far as keeping goes
			o.set(key, "mail", sess, tc.keep)
			if err := o.keep(ctx, key); err != nil {
				t.Fatal(err)
			}
			for range tc.answers {
				if _, err := sess.Refresh(ctx); err != nil {
					t.Fatal(err)
				}
				if err := o.keep(ctx, key); err != nil {
					t.Fatal(err)
				}
			}
			got, ok := st.tokens[key]
			if tc.want == "" && ok {
				t.Errorf("kept %q, want nothing", got)
			}
			if tc.want != "" && got != tc.want {
				t.Errorf("kept %q, want %q", got, tc.want)
			}
			if st.saves != tc.saves {
				t.Errorf("%d saves, want %d", st.saves, tc.saves)
			}
			if o.kept(key) != tc.keep {
				t.Errorf("kept(%s) = %v, want %v", key, o.kept(key), tc.keep)
			}
		})
	}
}

// TestOAuthResume: after a reload (a tab without sessions), an account
// with a kept token signs in by a refresh with that token; the rotated
// token is kept. A refused refresh (revoked) deletes the kept token and
// ends in ErrLoginRefused and ErrSignInAgain ("Sign in again"); so does
// an account with nothing kept, and the client is then not even made.
// "Sign in again" after a refused kept sign-in keeps the new one too.
func TestOAuthResume(t *testing.T) {
	const key = "alice@mail"
	for _, tc := range []struct {
		name       string
		kept       string
		answer     string
		wantErr    bool
		wantKept   string
		wantClient bool
	}{
		{"kept, refreshed and rotated", "r1", `{"access_token":"a2","refresh_token":"r2","expires_in":3600}`, false, "r2", true},
		{"kept, revoked", "r1", "invalid_grant", true, "", true},
		{"nothing kept", "", "", true, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			st := &fakeRefreshStore{tokens: map[string]string{}}
			if tc.kept != "" {
				st.tokens[key] = tc.kept
			}
			o := tabWith(st)
			var answers []string
			if tc.answer != "" {
				answers = []string{tc.answer}
			}
			c, sent := tokenEndpoint(t, answers...)
			made := false
			client := func(context.Context) (*oauth.Client, error) { made = true; return c, nil }
			if !o.live(key) != (tc.kept == "") {
				t.Errorf("live before the login: %v, with %q kept", o.live(key), tc.kept)
			}
			// Only the refusals return before the POP3 client is used:
			// a nil one stands for the server here.
			if !tc.wantErr {
				a, err := o.resume(ctx, key, "mail", client)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := a.sess.AccessToken(ctx); err != nil {
					t.Fatal(err)
				}
				if err := o.keep(ctx, key); err != nil {
					t.Fatal(err)
				}
			} else {
				err := o.login(key, "mail", "alice", client)(ctx, nil)
				if !errors.Is(err, mailbox.ErrLoginRefused) || !errors.Is(err, oauth.ErrSignInAgain) {
					t.Fatalf("login = %v, want ErrLoginRefused and ErrSignInAgain", err)
				}
				if o.live(key) {
					t.Error("the session is live after the refusal")
				}
			}
			if made != tc.wantClient {
				t.Errorf("client made: %v, want %v", made, tc.wantClient)
			}
			if tc.kept != "" && (len(*sent) != 1 || (*sent)[0] != tc.kept) {
				t.Errorf("the refreshes sent %q, want the kept %q", *sent, tc.kept)
			}
			if got := st.tokens[key]; got != tc.wantKept {
				t.Errorf("kept %q, want %q", got, tc.wantKept)
			}
			// "Sign in again" after a refused kept sign-in keeps it
			// again; with nothing kept, nothing was chosen.
			if o.wantsKeep(key) != (tc.kept != "") {
				t.Errorf("wantsKeep = %v, with %q kept", o.wantsKeep(key), tc.kept)
			}
		})
	}
}

// TestOAuthKeepFailed: a save that fails keeps nothing, and the
// accounts panel's row says the account is not kept, and why; through
// the same path, a save that works shows "Stays signed in".
func TestOAuthKeepFailed(t *testing.T) {
	for _, fail := range []bool{true, false} {
		st := &fakeRefreshStore{tokens: map[string]string{}}
		if fail {
			st.saveErr = errors.New("quota exceeded")
		}
		o := tabWith(st)
		c, _ := tokenEndpoint(t)
		o.set("a@mail", "mail", c.Resume("r1"), true)
		if err := o.keep(context.Background(), "a@mail"); (err != nil) != fail {
			t.Fatalf("fail %v: keep = %v", fail, err)
		}
		p := &accountsPanel{
			Accounts: []store.Account{{Key: "a@mail", Server: "mail", Username: "a", OAuth: "mail"}},
			OAuth:    oauthPanel{Live: o.live, Kept: o.kept, KeepFailed: o.keepFailed},
		}
		txt := textOf(mountHTML(t, p))
		if strings.Contains(txt, "Stays signed in on this device") == fail {
			t.Errorf("fail %v: the row reads %q", fail, txt)
		}
		if strings.Contains(txt, "could not keep this sign-in") != fail || strings.Contains(txt, "quota exceeded") != fail {
			t.Errorf("fail %v: the row does not say why: %q", fail, txt)
		}
	}
}

// TestOAuthEndDeletesKept: a sign-out or a removed account (end) forgets
// the session and deletes the kept token; another account's stays.
func TestOAuthEndDeletesKept(t *testing.T) {
	st := &fakeRefreshStore{tokens: map[string]string{"a@mail": "ra", "b@mail": "rb"}}
	o := tabWith(st)
	c, _ := tokenEndpoint(t)
	o.set("a@mail", "mail", c.Resume("ra"), true)
	o.end("a@mail")
	// end deletes in the background; drop, as a login does, waits.
	if err := o.drop(context.Background(), "a@mail"); err != nil {
		t.Fatal(err)
	}
	if st.has("a@mail") || o.live("a@mail") || o.kept("a@mail") {
		t.Errorf("after end: kept %v, live %v", st.has("a@mail"), o.live("a@mail"))
	}
	if !st.has("b@mail") || !o.kept("b@mail") {
		t.Error("ending one account deleted another's kept sign-in")
	}
	if !o.wantsKeep("a@mail") {
		t.Error("the choice to stay signed in was forgotten: Sign in again would not keep it")
	}
}

// TestKeepSignedInBox: the box is shown with the OAuth buttons,
// unticked; where WebCrypto is missing it is disabled and a sentence
// says why. Without providers, neither shows.
func TestKeepSignedInBox(t *testing.T) {
	defer func(f func() error) { keepAvailable = f }(keepAvailable)
	provs := []bridgeapi.OAuthProvider{{Name: "mail", Targets: []string{"mail"}}}
	targets := []bridgeapi.Target{{Name: "mail"}}
	for _, tc := range []struct {
		name         string
		providers    []bridgeapi.OAuthProvider
		avail        error
		wantBox      bool
		wantDisabled bool
	}{
		{"WebCrypto", provs, nil, true, false},
		{"no WebCrypto", provs, oauth.ErrNoWebCrypto, true, true},
		{"no provider", nil, nil, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			keepAvailable = func() error { return tc.avail }
			doc := mountHTML(t, &signInCard{Targets: targets, OAuth: tc.providers, Ready: true})
			boxes := findAll(doc, func(n *html.Node) bool {
				return n.Data == "input" && attr(n, "type") == "checkbox" && attr(n, "name") == "keep-signed-in"
			})
			if (len(boxes) == 1) != tc.wantBox {
				t.Fatalf("%d keep-signed-in boxes, want one: %v", len(boxes), tc.wantBox)
			}
			if !tc.wantBox {
				return
			}
			if boolAttr(boxes[0], "checked") {
				t.Error("the box is ticked by default")
			}
			if boolAttr(boxes[0], "disabled") != tc.wantDisabled {
				t.Errorf("disabled: %v, want %v", boolAttr(boxes[0], "disabled"), tc.wantDisabled)
			}
			note := textOf(byID(doc, "keep-signed-in-note"))
			if tc.wantDisabled != strings.Contains(note, "cannot keep a sign-in") {
				t.Errorf("the note reads %q", note)
			}
		})
	}
}

// boolAttr reads a boolean attribute as go-app's server rendering
// writes it: checked="false" is there, and false.
func boolAttr(n *html.Node, key string) bool {
	return hasAttr(n, key) && attr(n, key) != "false"
}
