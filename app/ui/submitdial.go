package ui

import (
	"context"
	"errors"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/submission"
)

// dialSubmission opens a submission session to t's submission server
// through the bridge at page. Placeholder until transport.DialSubmission.
func dialSubmission(ctx context.Context, page string, t bridgeapi.Target) (*submission.Client, error) {
	return nil, errors.New("ui: transport.DialSubmission is not there yet")
}
