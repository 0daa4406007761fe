//go:build unix

package oidctest

import "time"

// Default user of a nil Options: the same as dovecottest's, so that a
// token Hydra issues names a user Dovecot has.
const (
	DefaultUser     = "alice"
	DefaultPassword = "wonderland"
)

// Options shape one provider. Nil and the zero value mean defaults.
type Options struct {
	// Users maps the names the login form accepts to their passwords.
	// Empty means {DefaultUser: DefaultPassword}. The name becomes the
	// tokens' subject ("sub"), which Dovecot's oauth2 passdb compares
	// with the user the client names.
	Users map[string]string

	// AccessTokenTTL is how long an access token lives; zero means an
	// hour. A client may override it (ClientOptions.AccessTokenTTL).
	AccessTokenTTL time.Duration

	// CORSOrigins are the origins (a web app's) allowed to call the
	// public endpoints (token, revocation) from a browser. Empty turns
	// CORS off, as Hydra's default.
	CORSOrigins []string
}

func (o *Options) users() map[string]string {
	if o == nil || len(o.Users) == 0 {
		return map[string]string{DefaultUser: DefaultPassword}
	}
	return o.Users
}

func (o *Options) accessTTL() time.Duration {
	if o == nil || o.AccessTokenTTL <= 0 {
		return time.Hour
	}
	return o.AccessTokenTTL
}

func (o *Options) corsOrigins() []string {
	if o == nil || o.CORSOrigins == nil {
		return []string{}
	}
	return o.CORSOrigins
}
