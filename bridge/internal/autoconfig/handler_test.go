package autoconfig_test

import (
	"net/http"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
)

// TestHandlerPerClientRate: a client that starts more lookups per minute
// than allowed gets "busy", while another client still gets answers.
func TestHandlerPerClientRate(t *testing.T) {
	dns, err := dnstest.Start() // knows no name: every lookup finds nothing, quickly
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	l := autoconfig.New(&targets.Custom{}, &autoconfig.Options{Resolver: dns.Addr, PerMinute: 2})
	h := autoconfig.Handler(l, nil, nil)
	ask := func(remote string) int {
		req, _ := http.NewRequest(http.MethodGet, "/api/autoconfig?address=a@nothing.test", nil)
		req.RemoteAddr = remote
		rec := newRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 2 {
		if code := ask("192.0.2.1:1000"); code != http.StatusNotFound {
			t.Fatalf("lookup %d: %d, want 404 (looked up, nothing found)", i+1, code)
		}
	}
	if code := ask("192.0.2.1:1001"); code != http.StatusTooManyRequests {
		t.Errorf("third lookup in a minute: %d, want 429", code)
	}
	if code := ask("192.0.2.2:1000"); code != http.StatusNotFound {
		t.Errorf("another client: %d, want 404", code)
	}
}

// TestHandlerLimitsOff: a negative PerMinute and PerClient turn the
// per-client limits off, as Options says; the same run with the limit on
// is the control that the client would have been refused.
func TestHandlerLimitsOff(t *testing.T) {
	dns, err := dnstest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	for _, tc := range []struct {
		name      string
		perMinute int
		want429   bool
	}{
		{"limit on (control)", 2, true},
		{"limit off", -1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := autoconfig.New(&targets.Custom{}, &autoconfig.Options{Resolver: dns.Addr, PerMinute: tc.perMinute, PerClient: -1})
			h := autoconfig.Handler(l, nil, nil)
			refused := false
			for range 15 {
				req, _ := http.NewRequest(http.MethodGet, "/api/autoconfig?address=a@nothing.test", nil)
				req.RemoteAddr = "192.0.2.1:1000"
				rec := newRecorder()
				h.ServeHTTP(rec, req)
				refused = refused || rec.Code == http.StatusTooManyRequests
			}
			if refused != tc.want429 {
				t.Errorf("15 lookups from one client: refused with 429 = %v, want %v", refused, tc.want429)
			}
		})
	}
}
