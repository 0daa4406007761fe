//go:build !js

package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// running is a Server serving on loopback until the test ends.
type running struct {
	s          *Server
	url        string // the main listener's URL, with a trailing slash
	metricsURL string // "" without MetricsListen
	cancel     context.CancelFunc
	done       chan error
}

// start builds a Server from opts (Listen and Logger filled in when empty)
// and serves it.
func start(t *testing.T, opts Options) *running {
	t.Helper()
	if opts.Listen == "" {
		opts.Listen = "127.0.0.1:0"
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s, err := New(&opts)
	if err != nil {
		t.Fatal(err)
	}
	l, ml, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{s: s, url: s.URL(l), cancel: cancel, done: make(chan error, 1)}
	if ml != nil {
		r.metricsURL = "http://" + ml.Addr().String() + "/"
	}
	go func() { r.done <- s.Serve(ctx, l, ml) }()
	t.Cleanup(func() {
		if err := r.stop(t); err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return r
}

// stop ends Serve and returns its result.
func (r *running) stop(t *testing.T) error {
	t.Helper()
	r.cancel()
	select {
	case err := <-r.done:
		r.done <- err // for a second stop
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("Serve did not return")
		return nil
	}
}

// echoTarget is a registry with one target "echo", a loopback TCP echo
// server that runs until the test ends.
func echoTarget(t *testing.T) *targets.Registry {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	t.Cleanup(func() { l.Close(); wg.Wait() })
	var reg targets.Registry
	if err := reg.Add(targets.Target{Name: "echo", Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, Security: bridgeapi.SecurityPlain}); err != nil {
		t.Fatal(err)
	}
	return &reg
}

func relayTo(reg *targets.Registry) *relay.Options { return &relay.Options{Targets: reg} }

// wsURL is the relay URL for target name on a server at base.
func wsURL(base, name string) string {
	return "ws" + strings.TrimPrefix(base, "http") + strings.TrimPrefix(bridgeapi.PathWebSocket, "/") + "?" + bridgeapi.ParamTarget + "=" + name
}

func get(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// signalOn is a slog.Handler that closes a channel when a record with the
// message msg arrives: an event to wait on instead of a guess at timing.
type signalOn struct {
	slog.Handler
	msg  string
	once *sync.Once
	ch   chan struct{}
}

func newSignalOn(msg string) *signalOn {
	return &signalOn{Handler: slog.DiscardHandler, msg: msg, once: new(sync.Once), ch: make(chan struct{})}
}

func (h *signalOn) Handle(ctx context.Context, r slog.Record) error {
	if r.Message == h.msg {
		h.once.Do(func() { close(h.ch) })
	}
	return nil
}

func (h *signalOn) Enabled(context.Context, slog.Level) bool { return true }
func (h *signalOn) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *signalOn) WithGroup(string) slog.Handler            { return h }

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}
