//go:build !(js && wasm)

package ui

import (
	"context"

	"github.com/poppymail/poppy/app/oauth"
)

// Natively there is no WebCrypto to keep a refresh token with: nothing
// is kept (component tests give the tab a store of their own).

func openRefreshStore(context.Context) (oauth.RefreshStore, error) { return nil, oauth.ErrNoWebCrypto }

func refreshSaved(string) bool { return false }

// keepAvailable is a variable natively, so that a test can render the
// box as a browser with WebCrypto shows it.
var keepAvailable = func() error { return oauth.ErrNoWebCrypto }
