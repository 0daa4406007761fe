// Package oauthsasl is what the POP3 (RFC 5034) and SMTP submission
// (RFC 4954) engines share of the OAuth 2.0 SASL mechanism OAUTHBEARER
// (RFC 7628): its answer to the server's error challenge, and that it
// goes out as an initial response. It builds for native and js/wasm and
// depends on go-sasl's names only.
package oauthsasl

import (
	"strings"

	"github.com/emersion/go-sasl"
)

// ErrorChallengeReply is the client's reply to a challenge that mech's
// Next refused. For OAUTHBEARER that challenge is the server's error
// report (a token it no longer accepts), and RFC 7628 §3.2.3 has the
// client answer with a lone %x01; the server then ends the exchange
// with its final refusal, an authentication failure. "*" would cancel
// instead, which servers answer as a syntax error, and an expired token
// would no longer read as one. ok is false for other mechanisms: the
// engine cancels those with "*".
func ErrorChallengeReply(mech string) (reply []byte, ok bool) {
	if strings.EqualFold(mech, sasl.OAuthBearer) {
		return []byte{0x01}, true
	}
	return nil, false
}

// InitialResponse reports whether mech's first step goes on the AUTH
// line even where the engine's default is to send it apart (pop3's): OAUTHBEARER is client-first and
// newer than the AUTH commands' initial response (RFC 5034 §4, RFC 4954
// §4), which its servers accept, so the sign-in costs one round trip.
// XOAUTH2 is left to the default: Office 365's POP3 refuses it there.
func InitialResponse(mech string) bool {
	return strings.EqualFold(mech, sasl.OAuthBearer)
}
