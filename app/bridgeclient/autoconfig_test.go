//go:build !(js && wasm)

package bridgeclient

import (
	"errors"
	"net/http"
	"net/url"
	"testing"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Lookup asks /api/autoconfig with the address, and reads a finding, a
// typed refusal, or says that the answer was neither.
func TestLookup(t *testing.T) {
	var asked url.Values
	b := book(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != bridgeapi.PathAutoconfig {
			http.NotFound(w, r)
			return
		}
		asked = r.URL.Query()
		switch asked.Get(bridgeapi.ParamAddress) {
		case "jane@corp.example":
			w.Write([]byte(`{"address":"jane@corp.example","source":"srv","pop3":{"host":"pop.corp.example","port":995,"security":"tls"},"username":"jane@corp.example"}`))
		case "bob@far.example":
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"reason":"not-found","domain":"far.example","tried":[{"source":"srv","problem":"forbidden-address","host":"10.0.0.5"}]}`))
		default:
			http.NotFound(w, r) // an old bridge's file server
		}
	})
	a, err := b.Lookup("jane@corp.example")
	if err != nil || a.Source != bridgeapi.SourceSRV || a.POP3.Host != "pop.corp.example" || a.POP3.Port != 995 {
		t.Fatalf("Lookup = %+v, %v", a, err)
	}
	_, err = b.Lookup("bob@far.example")
	var re *RefusalError
	if !errors.As(err, &re) || re.Status != 404 || re.Refusal.Reason != bridgeapi.ReasonNotFound ||
		len(re.Refusal.Tried) != 1 || re.Refusal.Tried[0].Problem != bridgeapi.ProblemForbidden {
		t.Fatalf("refused lookup = %v", err)
	}
	if _, err := b.Lookup("x@old.example"); !errors.Is(err, ErrBadAnswer) {
		t.Fatalf("old bridge = %v, want ErrBadAnswer", err)
	}
	if asked.Get(bridgeapi.ParamAddress) != "x@old.example" {
		t.Errorf("asked %v", asked)
	}
}

func TestDecodeLookup(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		bad    bool
	}{
		{"found", 200, `{"pop3":{"host":"a.example","port":995,"security":"tls"}}`, false},
		{"found without a server", 200, `{"pop3":{}}`, true},
		{"not JSON", 200, `<html>`, true},
		{"refusal", 403, `{"reason":"disabled"}`, false},
		{"refusal without reason", 403, `{}`, true},
		{"server error", 502, `{"reason":"busy"}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decodeLookup(tc.status, []byte(tc.body))
			if got := errors.Is(err, ErrBadAnswer); got != tc.bad {
				t.Errorf("err = %v, bad answer %v, want %v", err, got, tc.bad)
			}
		})
	}
}

// A user-entered server is reached with target=custom and the host and
// port of the service asked for; an operator's target by its name only.
func TestSessionURL(t *testing.T) {
	b := NewBook(&url.URL{Scheme: "https", Host: "poppy.example", Path: "/inbox"})
	sub := &bridgeapi.Endpoint{Host: "smtp.corp.example", Port: 465, Security: bridgeapi.SecurityTLS}
	own := bridgeapi.Target{Name: CustomName("pop.corp.example", 995), Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS, Submission: sub}
	b.AddCustom(own)
	for _, tc := range []struct {
		t    bridgeapi.Target
		svc  bridgeapi.Service
		want string
	}{
		{bridgeapi.Target{Name: "work"}, bridgeapi.ServicePOP3, "wss://poppy.example/ws?target=work"},
		{own, bridgeapi.ServicePOP3, "wss://poppy.example/ws?host=pop.corp.example&port=995&target=custom"},
		{own, bridgeapi.ServiceSubmission, "wss://poppy.example/ws?host=smtp.corp.example&port=465&service=submission&target=custom"},
	} {
		got, err := b.SessionURL(tc.t, tc.svc)
		if err != nil || got != tc.want {
			t.Errorf("SessionURL(%s, %s) = %q, %v; want %q", tc.t.Name, tc.svc, got, err, tc.want)
		}
	}
	noSend := bridgeapi.Target{Name: CustomName("pop.other.example", 995), Host: "pop.other.example", Port: 995}
	b.AddCustom(noSend)
	if _, err := b.SessionURL(noSend, bridgeapi.ServiceSubmission); !errors.Is(err, transport.ErrCannotSend) {
		t.Errorf("submission without a server: %v", err)
	}
	if got, err := b.Find(own.Name); err != nil || got != own {
		t.Errorf("Find(%s) = %+v, %v", own.Name, got, err)
	}
}
