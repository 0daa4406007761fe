package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/oidc"
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
		found[i] = []string{oidc.Origin(p.Issuer)}
		wg.Go(func() {
			meta, err := oidc.Discover(ctx, getConfig, p.Issuer)
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

// maxConfig bounds what getConfig reads: oidc.Discover refuses a
// document over 256 KB, and real ones are a few KB.
const maxConfig = 512 << 10

// getConfig is oidc.Discover's fetch of an OpenID configuration: the
// operator's issuer, with the system's roots.
func getConfig(ctx context.Context, url string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxConfig))
	return b, resp.StatusCode, err
}
