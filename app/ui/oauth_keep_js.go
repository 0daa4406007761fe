//go:build js && wasm

package ui

import (
	"context"

	"github.com/poppymail/poppy/app/oauth"
)

// The tab's refresh-token store: WebCrypto and IndexedDB (app/oauth).

func openRefreshStore(ctx context.Context) (oauth.RefreshStore, error) {
	st, err := oauth.OpenWebCryptoStore(ctx)
	if err != nil {
		return nil, err // not a typed nil in the interface
	}
	return st, nil
}

func refreshSaved(key string) bool { return oauth.Saved(key) }

// keepAvailable is a variable, so that a test can render the box as
// another browser shows it.
var keepAvailable = oauth.WebCryptoAvailable
