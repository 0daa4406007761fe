package pop3

import "github.com/emersion/go-sasl"

// NewXOAuth2Client returns a SASL client for XOAUTH2, the OAuth 2.0
// mechanism of Gmail and Office 365 that predates RFC 7628 (use
// sasl.NewOAuthBearerClient where the server offers OAUTHBEARER).
// github.com/emersion/go-sasl dropped its XOAUTH2 client.
//
// On failure the server sends a challenge holding a JSON error; the
// mechanism then answers with the empty response it requires, and the
// server's -ERR ends the exchange.
func NewXOAuth2Client(username, token string) sasl.Client {
	return &xoauth2{username: username, token: token}
}

type xoauth2 struct{ username, token string }

func (a *xoauth2) Start() (string, []byte, error) {
	return "XOAUTH2", []byte("user=" + a.username + "\x01auth=Bearer " + a.token + "\x01\x01"), nil
}

func (a *xoauth2) Next(challenge []byte) ([]byte, error) { return []byte{}, nil }
