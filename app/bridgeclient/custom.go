package bridgeclient

import (
	"fmt"
	"net"
	"net/url"
	"strconv"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// CustomName is the Server name of an account on a user-entered server:
// HOST:PORT. Target names hold no dot or colon (the bridge's
// targets.ValidName), so it can never name a configured target, and the
// accounts panel shows where the account lives.
func CustomName(host string, port int) string {
	return net.JoinHostPort(host, strconv.Itoa(port))
}

// AddCustom tells the book of a user-entered server (target=custom),
// under t.Name (CustomName): Find returns it and Dialer reaches it with
// host and port in the relay's URL. The accounts kept on the device
// register theirs before they dial.
func (b *Book) AddCustom(t bridgeapi.Target) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.custom == nil {
		b.custom = map[string]bridgeapi.Target{}
	}
	b.custom[t.Name] = t
}

// Custom returns what user-entered servers may be, as the last Load
// read it; nil when the bridge does not allow them.
func (b *Book) Custom() *bridgeapi.CustomPolicy {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.policy
}

// SessionURL is the relay's URL for service of t: its name for a
// configured target; for a user-entered one target=custom with the
// host and port of that service's server, which the bridge vets again.
func (b *Book) SessionURL(t bridgeapi.Target, service bridgeapi.Service) (string, error) {
	b.mu.Lock()
	_, custom := b.custom[t.Name]
	b.mu.Unlock()
	if !custom {
		return transport.WebSocketURL(b.page.String(), t.Name, service)
	}
	host, port := t.Host, t.Port
	if service == bridgeapi.ServiceSubmission {
		if t.Submission == nil {
			return "", transport.ErrCannotSend
		}
		host, port = t.Submission.Host, t.Submission.Port
	}
	ws, err := transport.WebSocketURL(b.page.String(), bridgeapi.CustomTarget, service)
	if err != nil {
		return "", err
	}
	u, err := url.Parse(ws)
	if err != nil {
		return "", fmt.Errorf("bridgeclient: %w", err)
	}
	q := u.Query()
	q.Set(bridgeapi.ParamHost, host)
	q.Set(bridgeapi.ParamPort, strconv.Itoa(port))
	u.RawQuery = q.Encode()
	return u.String(), nil
}
