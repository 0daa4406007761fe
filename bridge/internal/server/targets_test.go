//go:build !js

package server

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// TestTargetsBodySubmission: /api/targets tells the UI which targets can
// send, and which ports a user's own submission server may use.
func TestTargetsBodySubmission(t *testing.T) {
	var reg targets.Registry
	sends := targets.Target{Name: "work", Host: "pop.example.com", Port: 995, Security: bridgeapi.SecurityTLS,
		Submission: &targets.Endpoint{Host: "smtp.example.com", Port: 587, Security: bridgeapi.SecurityStartTLS}}
	reads := targets.Target{Name: "home", Host: "pop.example.net", Port: 995, Security: bridgeapi.SecurityTLS}
	for _, tg := range []targets.Target{sends, reads} {
		if err := reg.Add(tg); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name      string
		custom    *targets.Custom
		wantPorts []int // nil: custom servers cannot send (or are off)
	}{
		{"custom off", nil, nil},
		{"custom default", &targets.Custom{}, []int{465, 587}},
		{"custom ports", &targets.Custom{SubmissionPorts: []int{2587}}, []int{2587}},
		{"custom without submission", &targets.Custom{NoSubmission: true}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := targetsBody(&relay.Options{Targets: &reg, Custom: tt.custom}, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var got bridgeapi.Targets
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			w, _ := bridgeapi.FindTarget(got.Targets, "work")
			h, _ := bridgeapi.FindTarget(got.Targets, "home")
			if !w.CanSend() || *w.Submission != (bridgeapi.Endpoint{Host: "smtp.example.com", Port: 587, Security: bridgeapi.SecurityStartTLS}) {
				t.Errorf("work: %+v", w.Submission)
			}
			if h.CanSend() {
				t.Errorf("home can send: %+v", h.Submission)
			}
			if (tt.custom == nil) != (got.Custom == nil) {
				t.Fatalf("custom policy %+v", got.Custom)
			}
			if got.Custom != nil && !slices.Equal(got.Custom.SubmissionPorts, tt.wantPorts) {
				t.Errorf("submission ports %v, want %v", got.Custom.SubmissionPorts, tt.wantPorts)
			}
		})
	}
}
