//go:build !js

package main

import (
	"slices"
	"testing"
)

func TestOAuthFlag(t *testing.T) {
	const google = "google=https://accounts.google.com,123.apps.example,https://mail.google.com/,offline_access"
	tests := []flagCase{
		{"none", nil, nil, true, func(c *serveConfig) bool { return len(c.oauth) == 0 }},
		{"flag, with the target of its name", []string{"-target", "google=pop.gmail.com:995/tls", "-oauth", google}, nil, true,
			func(c *serveConfig) bool {
				p := c.oauth[0]
				return len(c.oauth) == 1 && p.Name == "google" && p.Issuer == "https://accounts.google.com" && p.ClientID == "123.apps.example" &&
					slices.Equal(p.Scopes, []string{"https://mail.google.com/", "offline_access"}) && slices.Equal(p.Targets, []string{"google"})
			}},
		{"env, two providers", nil, map[string]string{"POPPY_OAUTH": google + "\nms=https://login.microsoftonline.com/common/v2.0,abc"}, true,
			func(c *serveConfig) bool {
				return len(c.oauth) == 2 && c.oauth[1].Name == "ms" && c.oauth[1].ClientID == "abc" && c.oauth[1].Scopes == nil && c.oauth[0].Targets == nil
			}},
		{"twice", []string{"-oauth", google, "-oauth", google}, nil, false, nil},
		{"no client", []string{"-oauth", "google=https://accounts.google.com"}, nil, false, nil},
		{"plain http issuer", []string{"-oauth", "x=http://id.example,c"}, nil, false, nil},
		{"loopback http issuer", []string{"-oauth", "x=http://127.0.0.1:4444,c"}, nil, true, nil},
	}
	runFlagCases(t, tests)
}
