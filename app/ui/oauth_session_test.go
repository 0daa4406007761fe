package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/app/store"
)

// TestOAuthBar: an OAuth account without a session in the tab shows
// #oauth-ended with "Sign in again", no password field, and no problem
// banner repeating it; with a session, no bar. The password account
// through the same path shows the password bar (the control that the
// page would show a password field if there were one to show).
func TestOAuthBar(t *testing.T) {
	refused := &mailbox.Problem{Kind: mailbox.KindAuth}
	for _, tc := range []struct {
		name                  string
		provider              string
		live                  bool
		wantBar, wantPassword bool
		wantProblem           bool
	}{
		{"OAuth, session ended", "mail", false, true, false, false},
		{"OAuth, session live", "mail", true, false, false, true},
		{"password, signed out", "", false, false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := store.Account{Key: "alice@mail", Server: "mail", Username: "alice", OAuth: tc.provider}
			s := &Shell{acct: rec, problem: refused}
			if tc.live {
				s.oauth.set(rec.Key, "mail", nil, false)
			}
			mb := mailbox.New(nil, mailbox.Account{Server: "mail", Username: "alice", Login: s.oauthLoginFor(rec)}, nil)
			defer mb.Close()
			s.mbox = mb
			doc := mountHTML(t, s)
			bar := byID(doc, "oauth-ended")
			if (bar != nil) != tc.wantBar {
				t.Fatalf("#oauth-ended shown: %v, want %v", bar != nil, tc.wantBar)
			}
			if bar != nil {
				txt := textOf(bar)
				if !strings.Contains(txt, "Your sign-in with mail has ended") || !strings.Contains(txt, "Sign in again") {
					t.Errorf("the bar reads %q", txt)
				}
			}
			pw := findAll(doc, func(n *html.Node) bool { return n.Data == "input" && attr(n, "type") == "password" })
			if (len(pw) > 0) != tc.wantPassword {
				t.Errorf("password fields: %d, want some: %v", len(pw), tc.wantPassword)
			}
			problem := findAll(doc, func(n *html.Node) bool { return strings.Contains(attr(n, "class"), "problem") })
			if (len(problem) > 0) != tc.wantProblem {
				t.Errorf("problem banner shown: %v, want %v", len(problem) > 0, tc.wantProblem)
			}
		})
	}
}

// TestOAuthLoginWithoutSession: the login of an OAuth account the tab
// holds no session for is refused for good (KindAuth: the Mailbox does
// not retry) and matches oauth.ErrSignInAgain; it sends nothing.
func TestOAuthLoginWithoutSession(t *testing.T) {
	var tab oauthTab
	err := tab.login("alice@mail", "mail", "alice", nil)(context.Background(), nil)
	if !errors.Is(err, mailbox.ErrLoginRefused) || !errors.Is(err, oauth.ErrSignInAgain) {
		t.Fatalf("login = %v, want ErrLoginRefused and ErrSignInAgain", err)
	}
	if k := mailbox.Classify(err).Kind; k != mailbox.KindAuth {
		t.Errorf("classified %v, want %v", k, mailbox.KindAuth)
	}
}

// TestAccountsPanelOAuthRows: an OAuth account's row carries
// data-auth="oauth" and data-provider, names the provider, and offers
// "Sign in again" only without a session, and says whether it stays
// signed in on this device (data-kept); a password account's row carries
// none of it.
func TestAccountsPanelOAuthRows(t *testing.T) {
	accts := []store.Account{
		{Key: "a@mail", Server: "mail", Username: "a", OAuth: "google"},
		{Key: "b@mail", Server: "mail", Username: "b", OAuth: "google"},
		{Key: "c@mail", Server: "mail", Username: "c"},
	}
	live := map[string]bool{"a@mail": true}
	kept := map[string]bool{"a@mail": true}
	p := &accountsPanel{Accounts: accts, OAuth: oauthPanel{
		Live: func(k string) bool { return live[k] },
		Kept: func(k string) bool { return kept[k] },
	}}
	doc := mountHTML(t, p)
	for _, tc := range []struct {
		key            string
		auth, provider string
		again          bool
		kept           bool // data-kept
	}{
		{"a@mail", "oauth", "google", false, true},
		{"b@mail", "oauth", "google", true, false},
		{"c@mail", "", "", false, false},
	} {
		rows := findAll(doc, func(n *html.Node) bool { return attr(n, "data-key") == tc.key })
		if len(rows) != 1 {
			t.Fatalf("%d rows for %s", len(rows), tc.key)
		}
		r := rows[0]
		if attr(r, "data-auth") != tc.auth || attr(r, "data-provider") != tc.provider || hasAttr(r, "data-auth") != (tc.auth != "") {
			t.Errorf("%s: data-auth %q data-provider %q, want %q %q", tc.key, attr(r, "data-auth"), attr(r, "data-provider"), tc.auth, tc.provider)
		}
		txt := textOf(r)
		if hasAttr(r, "data-kept") != tc.kept {
			t.Errorf("%s: data-kept there: %v, want %v", tc.key, hasAttr(r, "data-kept"), tc.kept)
		}
		if tc.auth != "" && strings.Contains(txt, "Stays signed in on this device") != tc.kept {
			t.Errorf("%s: the row reads %q, want kept: %v", tc.key, txt, tc.kept)
		}
		if tc.auth != "" && !strings.Contains(txt, "Signs in with "+tc.provider) {
			t.Errorf("%s: the row does not name the provider: %q", tc.key, txt)
		}
		if strings.Contains(txt, "Sign in again") != tc.again {
			t.Errorf("%s: \"Sign in again\" shown: %v, want %v (%q)", tc.key, !tc.again, tc.again, txt)
		}
	}
}
