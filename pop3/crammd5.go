package pop3

import (
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"errors"
)

// cramMD5 is the client side of SASL CRAM-MD5 (RFC 2195), which
// github.com/emersion/go-sasl does not provide. The password never
// crosses the wire: the reply is an HMAC-MD5 of the server's challenge.
type cramMD5 struct {
	username, password string
	done               bool
}

func (a *cramMD5) Start() (string, []byte, error) { return "CRAM-MD5", nil, nil }

func (a *cramMD5) Next(challenge []byte) ([]byte, error) {
	if a.done {
		return nil, errors.New("pop3: CRAM-MD5: unexpected extra challenge")
	}
	a.done = true
	mac := hmac.New(md5.New, []byte(a.password))
	mac.Write(challenge)
	return []byte(a.username + " " + hex.EncodeToString(mac.Sum(nil))), nil
}
