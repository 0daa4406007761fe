package bridgeclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// RefusalError is a lookup the bridge answered with a refusal (4xx and
// the JSON of bridgeapi.AutoconfigRefusal): the UI words it from Reason
// and Tried, which are typed, never from text.
type RefusalError struct {
	Status  int
	Refusal bridgeapi.AutoconfigRefusal
}

func (e *RefusalError) Error() string {
	return fmt.Sprintf("bridgeclient: address lookup refused (HTTP %d, %s)", e.Status, e.Refusal.Reason)
}

// ErrBadAnswer is matched by a lookup answer that is neither an
// Autoconfig nor an AutoconfigRefusal: a bridge too old to look
// addresses up (404 from its file server), or something in between.
var ErrBadAnswer = errors.New("bridgeclient: the bridge sent an unreadable lookup answer")

// Lookup asks the bridge which servers serve address (GET
// /api/autoconfig), in one round trip; nothing is sent to a mail server.
// A refusal is a *RefusalError; a bridge that cannot be reached wraps
// transport.ErrBridgeUnreachable. It blocks: never call it on the UI
// goroutine.
func (b *Book) Lookup(address string) (bridgeapi.Autoconfig, error) {
	u := *b.page
	u.Path, u.Fragment = bridgeapi.PathAutoconfig, ""
	u.RawQuery = url.Values{bridgeapi.ParamAddress: {address}}.Encode()
	body, status, err := transport.HTTPGet(u.String())
	if err != nil {
		return bridgeapi.Autoconfig{}, fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, err)
	}
	return decodeLookup(status, body)
}

// decodeLookup reads the answer of a lookup. A refusal must name a
// reason: a JSON body without one (an error page, another API) is no
// refusal the UI could word.
func decodeLookup(status int, body []byte) (bridgeapi.Autoconfig, error) {
	if status == 200 {
		var a bridgeapi.Autoconfig
		if err := json.Unmarshal(body, &a); err != nil || a.POP3.Host == "" || a.POP3.Port == 0 {
			return bridgeapi.Autoconfig{}, fmt.Errorf("%w (HTTP 200): %v", ErrBadAnswer, err)
		}
		return a, nil
	}
	var r bridgeapi.AutoconfigRefusal
	if status < 400 || status > 499 || json.Unmarshal(body, &r) != nil || r.Reason == "" {
		return bridgeapi.Autoconfig{}, fmt.Errorf("%w: %w", ErrBadAnswer, &StatusError{Status: status})
	}
	return bridgeapi.Autoconfig{}, &RefusalError{Status: status, Refusal: r}
}
