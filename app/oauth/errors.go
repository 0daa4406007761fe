package oauth

import (
	"errors"
	"fmt"

	"github.com/poppymail/poppy/internal/oidc"
)

var (
	// ErrSignInAgain means the grant is gone: the refresh token was
	// revoked or expired, or there is none. Only a new sign-in helps;
	// the UI says "sign in again".
	ErrSignInAgain = errors.New("oauth: the provider no longer accepts this sign-in; sign in again")

	// ErrState is a redirect back whose state does not match the sign-in
	// the tab started: a stale tab or a forged link. Start again.
	ErrState = errors.New("oauth: the answer from the provider does not belong to this sign-in; start the sign-in again")

	// ErrDiscovery is matched by every error of Discover: the issuer's
	// metadata is missing, malformed, or names another issuer.
	ErrDiscovery = oidc.ErrDiscovery

	// ErrTokenAnswer is a token endpoint's answer that is neither
	// tokens nor an OAuth error: a proxy's page, a server error. Trying
	// again later may help.
	ErrTokenAnswer = errors.New("oauth: the provider's token endpoint gave no usable answer")

	// ErrNoWebCrypto is returned where the browser offers no WebCrypto
	// or IndexedDB (an insecure origin, a private window that refuses
	// storage): the person can still sign in, but not stay signed in.
	ErrNoWebCrypto = errors.New("oauth: this browser cannot keep a sign-in safely here (no WebCrypto or IndexedDB); sign in each time")

	// ErrIDToken is a returned ID token that does not belong to this
	// sign-in (issuer, audience, nonce or expiry).
	ErrIDToken = errors.New("oauth: the provider's ID token does not match this sign-in")
)

// Error is an error answer of the provider, from the authorization
// redirect (RFC 6749 §4.1.2.1) or the token endpoint (§5.2).
type Error struct {
	// Code is the "error" field: invalid_grant, access_denied, ...
	Code        string
	Description string
}

func (e *Error) Error() string {
	if e.Description != "" {
		return fmt.Sprintf("oauth: the provider refused: %s (%s)", e.Code, e.Description)
	}
	return "oauth: the provider refused: " + e.Code
}

// Is makes an invalid_grant match ErrSignInAgain: RFC 6749 §5.2 uses it
// for a refresh token that is "invalid, expired, revoked", which only a
// new sign-in mends.
func (e *Error) Is(target error) bool {
	return target == ErrSignInAgain && e.Code == "invalid_grant"
}

// IsAccessDenied reports whether the person (or the provider's policy)
// refused the sign-in at the provider: RFC 6749's access_denied.
func IsAccessDenied(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == "access_denied"
}
