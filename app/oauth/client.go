package oauth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"
)

// Config names a provider and this app's registration with it.
type Config struct {
	// Issuer is the provider's issuer URL, as the operator configured it
	// (the bridge's -oauth flag); its OpenID configuration is found from
	// it.
	Issuer string
	// ClientID is the app's registration at the provider. A public
	// client: there is no secret.
	ClientID string
	// RedirectURI is where the provider sends the tab back with the code;
	// it must be registered with the provider exactly.
	RedirectURI string
	// Scopes to ask for. Empty means "openid email offline_access".
	// offline_access is what makes a provider give a refresh token.
	Scopes []string
	// HTTPClient makes the requests; nil means http.DefaultClient (in the
	// tab, the browser's fetch, which needs the provider to allow the
	// app's origin by CORS).
	HTTPClient *http.Client
	// ExpiryMargin is how long before its expiry an access token counts
	// as expired, so that it is not refused on its way to the server.
	// Zero means 10 seconds.
	ExpiryMargin time.Duration
}

// Client is a provider ready for sign-ins: its configuration has been
// discovered. It is safe for concurrent use.
type Client struct {
	cfg  Config
	meta *Metadata
	oc   *oauth2.Config
}

// New discovers cfg.Issuer's configuration and returns a Client.
func New(ctx context.Context, cfg *Config) (*Client, error) {
	if cfg == nil || cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURI == "" {
		return nil, errors.New("oauth: Config needs an issuer, a client ID and a redirect URI")
	}
	meta, err := Discover(ctx, cfg.HTTPClient, cfg.Issuer)
	if err != nil {
		return nil, err
	}
	return NewWithMetadata(cfg, meta), nil
}

// NewWithMetadata is New with metadata discovered earlier (or cached).
func NewWithMetadata(cfg *Config, meta *Metadata) *Client {
	c := &Client{cfg: *cfg, meta: meta}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		scopes = []string{"openid", "email", "offline_access"}
	}
	c.oc = &oauth2.Config{
		ClientID:    cfg.ClientID,
		RedirectURL: cfg.RedirectURI,
		Scopes:      scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:  meta.AuthorizationEndpoint,
			TokenURL: meta.TokenEndpoint,
			// A public client sends its ID in the body (RFC 6749 §2.3
			// is for confidential ones); guessing would cost a round
			// trip.
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	return c
}

// Metadata returns the provider's discovered configuration.
func (c *Client) Metadata() *Metadata { return c.meta }

// ctx gives x/oauth2 the configured HTTP client.
func (c *Client) ctx(ctx context.Context) context.Context {
	if c.cfg.HTTPClient != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient)
	}
	return ctx
}
