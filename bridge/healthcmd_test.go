package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHealthURL(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{nil, "http://127.0.0.1:8080/healthz"},
		{map[string]string{"POPPY_LISTEN": "0.0.0.0:8080"}, "http://127.0.0.1:8080/healthz"},
		{map[string]string{"POPPY_LISTEN": ":9000"}, "http://127.0.0.1:9000/healthz"},
		{map[string]string{"POPPY_LISTEN": "[::]:8443", "POPPY_TLS_CERT": "/c.pem"}, "https://127.0.0.1:8443/healthz"},
		{map[string]string{"POPPY_LISTEN": "[::1]:8080"}, "http://[::1]:8080/healthz"},
	} {
		got, err := healthURL(func(k string) (string, bool) { v, ok := c.env[k]; return v, ok })
		if err != nil || got != c.want {
			t.Errorf("%v: %q, %v; want %q", c.env, got, err, c.want)
		}
	}
}

// TestHealthcheckStatus: 0 for a bridge that answers 200, 1 for one that
// drains (503) or is not there, 2 for a usage error.
func TestHealthcheckStatus(t *testing.T) {
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(status)
	}))
	defer srv.Close()
	none := func(string) (string, bool) { return "", false }
	run := func(args ...string) int { return runHealthcheck(context.Background(), args, none, io.Discard) }
	if got := run("-url", srv.URL+"/healthz"); got != 0 {
		t.Errorf("healthy: exit %d, want 0", got)
	}
	status = http.StatusServiceUnavailable
	if got := run("-url", srv.URL+"/healthz"); got != 1 {
		t.Errorf("draining: exit %d, want 1", got)
	}
	srv.Close()
	if got := run("-url", srv.URL+"/healthz"); got != 1 {
		t.Errorf("gone: exit %d, want 1", got)
	}
	if got := run("extra"); got != 2 {
		t.Errorf("usage error: exit %d, want 2", got)
	}
}
