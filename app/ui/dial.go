package ui

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// targetBook is the bridge's list of mail servers, shared with Dialers
// that run on background goroutines. A mailbox opened from the device's
// copy while the bridge was down dials long after start: the book then
// asks the bridge again.
type targetBook struct {
	page *url.URL
	mu   sync.Mutex
	ts   []bridgeapi.Target
}

func (b *targetBook) set(ts []bridgeapi.Target) {
	b.mu.Lock()
	b.ts = ts
	b.mu.Unlock()
}

func (b *targetBook) lookup(name string) (bridgeapi.Target, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, t := range b.ts {
		if t.Name == name {
			return t, true
		}
	}
	return bridgeapi.Target{}, false
}

// find returns the target name, asking the bridge if the book does not
// have it yet. It blocks: never call it on the UI goroutine.
func (b *targetBook) find(name string) (bridgeapi.Target, error) {
	if t, ok := b.lookup(name); ok {
		return t, nil
	}
	ts, err := fetchTargets(b.page)
	if err != nil {
		return bridgeapi.Target{}, &mailbox.Problem{Kind: mailbox.KindUnreachable, Message: err.Error(), Err: err}
	}
	b.set(ts.Targets)
	if t, ok := b.lookup(name); ok {
		return t, nil
	}
	err = sentence(fmt.Sprintf("The Poppy bridge no longer offers the mail server %q. Ask its operator, or remove this account.", name))
	return bridgeapi.Target{}, &mailbox.Problem{Kind: mailbox.KindRefused, Message: err.Error(), Err: err}
}

// trust is the certificate fingerprint one account trusts, read by its
// Dialer on a background goroutine and set on the UI goroutine.
type trust struct {
	mu sync.Mutex
	fp string
}

func (t *trust) get() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.fp
}

func (t *trust) set(fp string) {
	t.mu.Lock()
	t.fp = fp
	t.mu.Unlock()
}

// dialer reaches server through the bridge: a WebSocket, then TLS from
// this tab to the mail server, trusting tr's certificate if the person
// chose to.
func (b *targetBook) dialer(server string, tr *trust) mailbox.Dialer {
	page := b.page.String()
	return func(ctx context.Context) (*pop3.Client, error) {
		t, err := b.find(server)
		if err != nil {
			return nil, err
		}
		ws, err := transport.WebSocketURL(page, t.Name)
		if err != nil {
			return nil, err
		}
		c, err := transport.Dial(ctx, ws, t, &transport.Options{TrustedFingerprint: tr.get()})
		return c, asProblem(err)
	}
}
