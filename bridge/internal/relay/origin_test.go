//go:build !js

package relay_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// TestForgedHostAndOrigin is DNS rebinding against the origin check: a page
// of rebind.example whose name now resolves to the bridge sends a Host and
// an Origin that agree with each other, and neither is the bridge's.
func TestForgedHostAndOrigin(t *testing.T) {
	srv := startTCP(t, echo)
	b := startBridge(t, nil, srv.target("work"))
	port := b.srv.Listener.Addr().String()[strings.LastIndexByte(b.srv.Listener.Addr().String(), ':'):]

	// Positive control: the bridge's own origin passes whatever the Host
	// says, so a refusal below is the Origin's doing.
	c, err := b.dialHostOrigin("target=work", "rebind.example"+port, b.srv.URL)
	if err != nil {
		t.Fatalf("own origin with a forged Host refused: %v", err)
	}
	c.CloseNow()

	for _, tt := range []struct{ host, origin string }{
		{"rebind.example" + port, "http://rebind.example" + port},
		{"REBIND.example" + port, "http://rebind.EXAMPLE" + port},
		{"rebind.example" + port, "https://rebind.example" + port},
		{"rebind.example", "http://rebind.example"},
		{"localhost" + port, "http://localhost" + port}, // a loopback name the bridge was not given
	} {
		c, err := b.dialHostOrigin("target=work", tt.host, tt.origin)
		var he *httpStatusError
		if !errors.As(err, &he) || he.code != 403 {
			if c != nil {
				c.CloseNow()
			}
			t.Errorf("Host %s, Origin %s: %v, want HTTP 403", tt.host, tt.origin, err)
		}
	}
}

func TestAllowOrigins(t *testing.T) {
	h, err := relay.New(&relay.Options{Origins: []string{"https://mail.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.AllowOrigins("http://127.0.0.1:8080", "HTTPS://Mail.Example.com:443"); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(h.Origins(), " "); got != "http://127.0.0.1:8080 https://mail.example.com" {
		t.Errorf("Origins = %q", got)
	}
	if err := h.AllowOrigins("http://localhost:8080", "https://*.example.com"); err == nil {
		t.Error("wildcard accepted")
	}
	if n := len(h.Origins()); n != 2 {
		t.Errorf("%d origins after a failed AllowOrigins, want the 2 from before", n)
	}
	// The zero Options allow no page at all.
	h, _ = relay.New(nil)
	if len(h.Origins()) != 0 {
		t.Errorf("default Origins = %q, want none", h.Origins())
	}
}

// TestNameRefusalsLookUnresolvable: a user-entered name that resolves to a
// forbidden address, one that resolves to no address and one that does
// not resolve get the same close code and reason, so a page cannot map
// the bridge's internal DNS. The operator's log still tells them apart.
func TestNameRefusalsLookUnresolvable(t *testing.T) {
	logged := &reasonLog{}
	r := fakeResolver{"intranet.example": {"10.0.0.25"}, "mixed.example": {"93.184.216.34", "192.168.0.1"}, "empty.example": {}}
	b := startBridge(t, &relay.Options{
		Custom:  &targets.Custom{Resolver: r},
		Limiter: limits.New(&limits.Options{SessionsPerMinute: -1}),
		Logger:  slog.New(logged),
	})
	answer := func(host string) string {
		t.Helper()
		c, err := b.dialOrigin(custom(host, "995"), b.srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		ce, ok := closeOf(t, c)
		if !ok {
			t.Fatalf("%s: no close frame", host)
		}
		return ce.Code.String() + " " + ce.Reason
	}
	unresolvable := answer("nxdomain.example")
	// Positive control: a forbidden literal, which the client already
	// knows, still gets its own answer, so the comparison can see a
	// difference.
	if lit := answer("10.0.0.25"); lit == unresolvable {
		t.Fatalf("a forbidden literal answers %q like an unresolvable name: the test cannot tell answers apart", lit)
	}
	for _, host := range []string{"intranet.example", "mixed.example", "empty.example"} {
		if got := answer(host); got != unresolvable {
			t.Errorf("%s answers %q; a name that does not resolve answers %q", host, got, unresolvable)
		}
	}
	// In the order asked: nxdomain, the literal, then the three names.
	want := "unreachable forbidden_target forbidden_name forbidden_name no_address"
	if got := logged.String(); got != want {
		t.Errorf("logged reasons %q, want %q", got, want)
	}
}

// reasonLog is a slog.Handler that keeps the reason of each log record.
type reasonLog struct {
	mu      sync.Mutex
	reasons []string
}

func (l *reasonLog) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "reason" {
			l.mu.Lock()
			l.reasons = append(l.reasons, a.Value.String())
			l.mu.Unlock()
		}
		return true
	})
	return nil
}

func (l *reasonLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.reasons, " ")
}

func (l *reasonLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *reasonLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *reasonLog) WithGroup(string) slog.Handler            { return l }

func TestNormalizeOrigin(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://Mail.Example.com", "https://mail.example.com"},
		{"https://mail.example.com:443", "https://mail.example.com"},
		{"http://mail.example.com:80/", "http://mail.example.com"},
		{"https://mail.example.com:8443", "https://mail.example.com:8443"},
		{"http://[::1]:8080", "http://[::1]:8080"},
		{"http://[2001:DB8::1]", "http://[2001:db8::1]"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"mail.example.com", ""},
		{"https://*.example.com", ""},
		{"https://mail.example.com/app", ""},
		{"https://user@mail.example.com", ""},
		{"ftp://mail.example.com", ""},
		{"http://[fe80::1%25eth0]:80", ""},
		{"http://[127.0.0.1]:80", ""},
		{"http://[mail.example.com]", ""},
	}
	for _, tt := range tests {
		got, err := relay.NormalizeOrigin(tt.in)
		if tt.want == "" {
			if !errors.Is(err, relay.ErrBadOrigin) {
				t.Errorf("NormalizeOrigin(%q) = %q, %v; want ErrBadOrigin", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("NormalizeOrigin(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// FuzzNormalizeOrigin: whatever NormalizeOrigin accepts is in its own
// normal form, and allowing it lets exactly that origin in.
func FuzzNormalizeOrigin(f *testing.F) {
	for _, s := range []string{"https://mail.example.com", "http://[::1]:8080", "HTTP://Example.COM:80/", "https://*.example.com", "http://a@b", "http://[fe80::1%25x]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := relay.NormalizeOrigin(s)
		if err != nil {
			if !errors.Is(err, relay.ErrBadOrigin) {
				t.Fatalf("error %v is not ErrBadOrigin", err)
			}
			return
		}
		again, err := relay.NormalizeOrigin(n)
		if err != nil || again != n {
			t.Fatalf("NormalizeOrigin(%q) = %q, but that normalizes to %q, %v", s, n, again, err)
		}
		_, hostPort, _ := strings.Cut(n, "://")
		if !strings.HasPrefix(n, "http://") && !strings.HasPrefix(n, "https://") || hostPort == "" ||
			strings.Trim(hostPort, "abcdefghijklmnopqrstuvwxyz0123456789-.:[]_") != "" {
			t.Fatalf("NormalizeOrigin(%q) = %q: not a bare lower-case origin", s, n)
		}
	})
}
