package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// TestTargetsOAuth: the -oauth providers reach the page in /api/targets,
// and the field is absent without them.
func TestTargetsOAuth(t *testing.T) {
	p := bridgeapi.OAuthProvider{Name: "google", Issuer: "https://accounts.google.com", ClientID: "c1", Scopes: []string{"https://mail.google.com/"}, Targets: []string{"google"}}
	body, err := targetsBody(&relay.Options{}, nil, []bridgeapi.OAuthProvider{p})
	if err != nil {
		t.Fatal(err)
	}
	var got bridgeapi.Targets
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.OAuth) != 1 || got.OAuth[0].ClientID != "c1" || got.OAuth[0].Targets[0] != "google" || got.OAuth[0].Scopes[0] != "https://mail.google.com/" {
		t.Errorf("oauth = %+v in %s", got.OAuth, body)
	}
	body, err = targetsBody(&relay.Options{}, nil, nil)
	if err != nil || strings.Contains(string(body), `"oauth"`) {
		t.Errorf("without providers: %s, %v", body, err)
	}
}
