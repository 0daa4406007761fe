//go:build !(js && wasm)

package bridgeclient

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

func book(t *testing.T, h http.HandlerFunc) *Book {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL + "/inbox?x=1#top")
	if err != nil {
		t.Fatal(err)
	}
	return NewBook(u)
}

func TestBookFind(t *testing.T) {
	asked := 0
	b := book(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != bridgeapi.PathTargets || r.URL.RawQuery != "" {
			http.NotFound(w, r)
			return
		}
		asked++
		w.Write([]byte(`{"targets":[{"name":"home","host":"mail.example.org","port":995,"security":"tls"}]}`))
	})
	tg, err := b.Find("home")
	if err != nil || tg.Host != "mail.example.org" || tg.Security != bridgeapi.SecurityTLS {
		t.Fatalf("Find(home) = %+v, %v", tg, err)
	}
	if _, err := b.Find("home"); err != nil || asked != 1 {
		t.Fatalf("second Find: %v, bridge asked %d times, want once", err, asked)
	}
	// A server the bridge does not offer is the bridge's own refusal,
	// which no retry fixes.
	_, err = b.Find("gone")
	be, ok := transport.AsBridgeError(err)
	if !ok || be.Code != bridgeapi.CodeUnknownTarget || transport.Classify(err) != transport.Refused {
		t.Fatalf("Find(gone) = %v, want an unknown-target refusal", err)
	}
}

func TestBookLoadFailures(t *testing.T) {
	down := book(t, nil)
	down.page.Host = "127.0.0.1:1" // nothing listens there
	for _, tc := range []struct {
		name string
		b    *Book
		is   func(error) bool
	}{
		{"down", down, func(error) bool { return true }},
		{"status", book(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusBadGateway) }),
			func(err error) bool {
				var se *StatusError
				return errors.As(err, &se) && se.Status == http.StatusBadGateway
			}},
		{"bad list", book(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) }),
			func(err error) bool { return errors.Is(err, ErrBadList) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.b.Load()
			if err == nil || !tc.is(err) || transport.Classify(err) != transport.Unreachable {
				t.Fatalf("Load = %v (%v)", err, transport.Classify(err))
			}
		})
	}
}
