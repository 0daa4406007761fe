package targets

import (
	"errors"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

func TestSetProxyProtocol(t *testing.T) {
	sub := &Endpoint{Host: "smtp.example.com", Port: 465, Security: bridgeapi.SecurityTLS}
	fresh := func() []Target {
		return []Target{
			{Name: "work", Host: "pop.example.com", Port: 995, Security: bridgeapi.SecurityTLS, Submission: sub},
			{Name: "home", Host: "pop.example.net", Port: 995, Security: bridgeapi.SecurityTLS},
		}
	}
	type opted struct{ workPOP, workSub, homePOP bool }
	tests := []struct {
		name  string
		specs []string
		want  opted
		err   error // nil: accepted
	}{
		{"none", nil, opted{}, nil},
		{"pop3 only", []string{"work"}, opted{workPOP: true}, nil},
		{"submission only", []string{"work/submission"}, opted{workSub: true}, nil},
		{"both and another", []string{"work", "work/submission", "home"}, opted{true, true, true}, nil},
		{"twice is harmless", []string{"home", "home"}, opted{homePOP: true}, nil},
		{"unknown name", []string{"wrok"}, opted{}, ErrUnknownTarget},
		{"no submission server", []string{"home/submission"}, opted{}, ErrNoSubmission},
		{"unknown service", []string{"work/pop3s"}, opted{}, ErrProxyProtocolSpec},
		{"address, not a name", []string{"10.0.0.1"}, opted{}, ErrProxyProtocolSpec},
		{"empty", []string{""}, opted{}, ErrProxyProtocolSpec},
		{"custom is no target", []string{bridgeapi.CustomTarget}, opted{}, ErrUnknownTarget},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := fresh()
			err := SetProxyProtocol(ts, tt.specs)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("SetProxyProtocol(%q) = %v, want %v", tt.specs, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			workSub, err := ts[0].For(bridgeapi.ServiceSubmission)
			if err != nil {
				t.Fatal(err)
			}
			got := opted{ts[0].ProxyProtocol, workSub.ProxyProtocol, ts[1].ProxyProtocol}
			if got != tt.want {
				t.Errorf("opted in: %+v, want %+v", got, tt.want)
			}
			// For(pop3) carries the target's own choice, For(submission)
			// the submission server's.
			if pop, _ := ts[0].For(bridgeapi.ServicePOP3); pop.ProxyProtocol != tt.want.workPOP {
				t.Errorf("For(pop3).ProxyProtocol = %v", pop.ProxyProtocol)
			}
		})
	}
	if sub.ProxyProtocol {
		t.Error("the shared Endpoint was changed in place")
	}
}
