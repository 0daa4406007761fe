package oauth

import (
	"context"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/internal/oidc"
)

// Metadata is what the tab needs of a provider's OpenID configuration
// (OpenID Connect Discovery 1.0 §3, RFC 8414 §2).
type Metadata = oidc.Metadata

// Discover fetches issuer's OpenID configuration (with the browser's
// fetch in the tab, which needs the provider to allow the app's origin
// by CORS; net/http natively) and checks it as internal/oidc does: the
// same issuer, https endpoints (http on loopback only), S256 offered.
// Every error matches ErrDiscovery.
func Discover(ctx context.Context, issuer string) (*Metadata, error) {
	return oidc.Discover(ctx, transport.HTTPGetContext, issuer)
}
