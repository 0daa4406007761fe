package ui

import (
	"context"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/submission"
)

// dialSubmission opens a submission session to t's submission server
// through the bridge the book asks (a user-entered server's through
// target=custom), with TLS from this tab; a certificate the person
// trusted for the account is trusted here too.
func dialSubmission(ctx context.Context, book *bridgeclient.Book, t bridgeapi.Target, fingerprint string) (*submission.Client, error) {
	ws, err := book.SessionURL(t, bridgeapi.ServiceSubmission)
	if err != nil {
		return nil, err
	}
	return transport.DialSubmission(ctx, ws, t, &transport.Options{TrustedFingerprint: fingerprint})
}
