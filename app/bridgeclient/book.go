package bridgeclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// StatusError is an answer of the bridge other than 200 OK.
type StatusError struct{ Status int }

func (e *StatusError) Error() string {
	return fmt.Sprintf("bridgeclient: the bridge answered HTTP %d", e.Status)
}

// ErrBadList is matched by a server list that is not the JSON of
// bridgeapi.Targets.
var ErrBadList = errors.New("bridgeclient: the bridge sent an unreadable server list")

// Book is the bridge's list of mail servers, shared with Dialers that
// run on background goroutines. A mailbox opened from the device's copy
// while the bridge was down dials long after start: the book then asks
// the bridge again.
type Book struct {
	page *url.URL
	mu   sync.Mutex
	ts   []bridgeapi.Target
	// policy is what user-entered servers may be (nil: not allowed),
	// and custom the user-entered servers of this tab's accounts, by
	// CustomName (custom.go).
	policy *bridgeapi.CustomPolicy
	custom map[string]bridgeapi.Target
	oauth  []bridgeapi.OAuthProvider // the operator's OAuth providers (oauth.go)
}

// NewBook returns the book of the bridge that served page.
func NewBook(page *url.URL) *Book { return &Book{page: page} }

// Load asks the bridge for its mail servers and keeps the answer. It
// blocks: never call it on the UI goroutine.
func (b *Book) Load() ([]bridgeapi.Target, error) {
	u := *b.page
	u.Path, u.RawQuery, u.Fragment = bridgeapi.PathTargets, "", ""
	body, status, err := transport.HTTPGet(u.String())
	if err != nil {
		return nil, fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, err)
	}
	if status != 200 {
		return nil, fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, &StatusError{Status: status})
	}
	var t bridgeapi.Targets
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, fmt.Errorf("%w: %w: %w", transport.ErrBridgeUnreachable, ErrBadList, err)
	}
	b.mu.Lock()
	b.ts, b.policy, b.oauth = t.Targets, t.Custom, t.OAuth
	b.mu.Unlock()
	return t.Targets, nil
}

func (b *Book) lookup(name string) (bridgeapi.Target, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t, ok := b.custom[name]; ok {
		return t, true
	}
	return bridgeapi.FindTarget(b.ts, name)
}

// Find returns the target name, asking the bridge if the book does not
// have it yet. It blocks: never call it on the UI goroutine.
func (b *Book) Find(name string) (bridgeapi.Target, error) {
	if t, ok := b.lookup(name); ok {
		return t, nil
	}
	if _, err := b.Load(); err != nil {
		return bridgeapi.Target{}, err
	}
	if t, ok := b.lookup(name); ok {
		return t, nil
	}
	be := &transport.BridgeError{Code: bridgeapi.CodeUnknownTarget, Reason: "unknown target"}
	return bridgeapi.Target{}, fmt.Errorf("bridgeclient: the bridge does not offer %q: %w", name, be)
}

// Dialer returns the Dialer (mailbox.Dialer) of an account on server: a
// WebSocket through the bridge, then TLS from this tab to the mail
// server, trusting the certificate whose fingerprint trusted returns, if
// the person chose one. trusted is called on the dialling goroutine.
func (b *Book) Dialer(server string, trusted func() string) func(context.Context) (*pop3.Client, error) {
	return func(ctx context.Context) (*pop3.Client, error) {
		t, err := b.Find(server)
		if err != nil {
			return nil, err
		}
		ws, err := b.SessionURL(t, bridgeapi.ServicePOP3)
		if err != nil {
			return nil, err
		}
		return transport.Dial(ctx, ws, t, &transport.Options{TrustedFingerprint: trusted()})
	}
}
