package main

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// oauthDiscoveryTimeout bounds the bridge's start on the -oauth
// providers' OpenID configurations (oauthConnect).
const oauthDiscoveryTimeout = 10 * time.Second

// oauthConnect returns the origins the page must be allowed to fetch
// from (its CSP connect-src) for the providers ps: each issuer's, for
// the tab's discovery, and the token and revocation endpoints' that the
// issuer's OpenID configuration names, which may be other hosts (Google:
// issuer accounts.google.com, token endpoint oauth2.googleapis.com).
//
// The bridge reads the configurations itself, once, at start, all at
// once and within timeout, rather than asking the operator to name the
// endpoints: -oauth stays "issuer and client ID", as OpenID discovery
// means it to be, and an endpoint that moves follows at the next start.
// The policy is then one constant for the process. A provider that
// cannot be read keeps its issuer's origin only, and the log says what
// that breaks and how to mend it.
func oauthConnect(ctx context.Context, ps []bridgeapi.OAuthProvider, timeout time.Duration, log *slog.Logger) []string {
	if len(ps) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	found := make([][]string, len(ps))
	var wg sync.WaitGroup
	for i, p := range ps {
		found[i] = []string{oauth.Origin(p.Issuer)}
		wg.Go(func() {
			meta, err := oauth.Discover(ctx, p.Issuer)
			if err != nil {
				log.Warn("the OpenID configuration of an -oauth provider could not be read at start, so the page may fetch from its issuer's origin only: "+
					"if its token endpoint is on another host, signing in with it fails until the bridge restarts with the provider reachable",
					"provider", p.Name, "issuer", p.Issuer, "error", err)
				return
			}
			found[i] = append(found[i], meta.Origins()...)
		})
	}
	wg.Wait()
	var out []string
	for _, os := range found {
		for _, o := range os {
			if o != "" && !slices.Contains(out, o) {
				out = append(out, o)
			}
		}
	}
	return out
}
