package targets

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// ErrProxyProtocolSpec: a -proxy-protocol value is neither NAME nor
// NAME/submission.
var ErrProxyProtocolSpec = errors.New("targets: a PROXY protocol opt-in is NAME or NAME/submission")

// SetProxyProtocol opts servers of ts in to the PROXY protocol (see
// Target.ProxyProtocol). Each spec is the NAME of a target, for its POP3
// server, or NAME/submission, for its submission server, which must have
// been given already (AddSubmissions). A NAME that is no target of ts is
// an error matching ErrUnknownTarget, NAME/submission for a target without
// a submission server one matching ErrNoSubmission, anything else
// ErrProxyProtocolSpec: a mistyped opt-in must stop the bridge, since it
// would otherwise hide the browsers' addresses from the server that was
// meant to see them. Naming a server twice is harmless.
//
// User-entered servers (Custom) never get the header: they did not ask
// for it, and it would let any page make the bridge send chosen bytes
// first to an arbitrary server.
func SetProxyProtocol(ts []Target, specs []string) error {
	for _, spec := range specs {
		name, svc, hasSvc := strings.Cut(spec, "/")
		if hasSvc && svc != string(bridgeapi.ServiceSubmission) {
			return fmt.Errorf("%w: %q (the part after / may only be %q)", ErrProxyProtocolSpec, spec, bridgeapi.ServiceSubmission)
		}
		if err := ValidName(name); err != nil {
			return fmt.Errorf("%w: %q: %w", ErrProxyProtocolSpec, spec, err)
		}
		i := slices.IndexFunc(ts, func(t Target) bool { return t.Name == name })
		if i < 0 {
			return fmt.Errorf("%w %q: name a -target (%s), or NAME/submission for its submission server",
				ErrUnknownTarget, name, names(ts))
		}
		if !hasSvc {
			ts[i].ProxyProtocol = true
			continue
		}
		if ts[i].Submission == nil {
			return fmt.Errorf("%w (%s): give its -submission, or opt in its POP3 server alone with %q", ErrNoSubmission, name, name)
		}
		sub := *ts[i].Submission // never change an Endpoint another Target may share
		sub.ProxyProtocol = true
		ts[i].Submission = &sub
	}
	return nil
}

// names lists the names of ts for a message, or says there are none.
func names(ts []Target) string {
	if len(ts) == 0 {
		return "none is configured"
	}
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return "configured: " + strings.Join(out, ", ")
}
