package oauth

import (
	"context"
	"errors"
	"time"
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
}

// New discovers cfg.Issuer's configuration and returns a Client.
func New(ctx context.Context, cfg *Config) (*Client, error) {
	if cfg == nil || cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURI == "" {
		return nil, errors.New("oauth: Config needs an issuer, a client ID and a redirect URI")
	}
	meta, err := Discover(ctx, cfg.Issuer)
	if err != nil {
		return nil, err
	}
	return NewWithMetadata(cfg, meta), nil
}

// NewWithMetadata is New with metadata discovered earlier (or cached).
func NewWithMetadata(cfg *Config, meta *Metadata) *Client {
	return &Client{cfg: *cfg, meta: meta}
}

// scopes are the scopes to ask for.
func (c *Client) scopes() []string {
	if len(c.cfg.Scopes) == 0 {
		return []string{"openid", "email", "offline_access"}
	}
	return c.cfg.Scopes
}

// Metadata returns the provider's discovered configuration.
func (c *Client) Metadata() *Metadata { return c.meta }
