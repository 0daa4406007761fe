package routes

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// The security line's class says how the connection is protected, and a
// warning is an alert.
func TestSecurityLabels(t *testing.T) {
	for _, tc := range []struct {
		t     bridgeapi.Target
		class string
	}{
		{bridgeapi.Target{Host: "mail.example.com", Security: bridgeapi.SecurityTLS}, "security ok"},
		{bridgeapi.Target{Host: "mail.example.com", Security: bridgeapi.SecurityStartTLS}, "security ok"},
		{bridgeapi.Target{Host: "127.0.0.1", Security: bridgeapi.SecurityPlain}, "security plain"},
		{bridgeapi.Target{Host: "x", Security: bridgeapi.SecurityPlain, Demo: &bridgeapi.DemoLogin{}}, "security plain"},
		{bridgeapi.Target{Host: "mail.example.com", Security: bridgeapi.SecurityPlain}, "security warn"},
	} {
		want := app.P().Class(tc.class)
		if tc.class == "security warn" {
			want = want.Role("alert")
		}
		p, ok := Security(i18n.For(i18n.Fallback), tc.t).(app.HTMLP)
		if !ok {
			t.Fatalf("Security(%+v) is not a paragraph", tc.t)
		}
		disp := app.NewServerTester(p)
		err := app.TestMatch(p, app.TestUIDescriptor{Expected: want})
		disp.Close()
		if err != nil {
			t.Errorf("Security(%s, %s): %v", tc.t.Host, tc.t.Security, err)
		}
	}
}

// The shell lists the servers only when the first one signs in with a
// password: the address-first path and OAuth buttons are the app's.
func TestPrerendered(t *testing.T) {
	ts := []bridgeapi.Target{{Name: "a"}, {Name: "b"}}
	for _, tc := range []struct {
		name string
		ts   *bridgeapi.Targets
		want bool
	}{
		{"nil", nil, false},
		{"none", &bridgeapi.Targets{}, false},
		{"custom only", &bridgeapi.Targets{Custom: &bridgeapi.CustomPolicy{}}, false},
		{"servers", &bridgeapi.Targets{Targets: ts, Custom: &bridgeapi.CustomPolicy{}}, true},
		{"OAuth for another", &bridgeapi.Targets{Targets: ts, OAuth: []bridgeapi.OAuthProvider{{Name: "p", Targets: []string{"b"}}}}, true},
		{"OAuth for the first", &bridgeapi.Targets{Targets: ts, OAuth: []bridgeapi.OAuthProvider{{Name: "p", Targets: []string{"a"}}}}, false},
	} {
		if got := Prerendered(tc.ts); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
