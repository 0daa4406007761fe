package submission

import (
	"context"
	"encoding/base64"
	"errors"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/internal/oauthsasl"
)

// maxCommandLine bounds a command line with its CRLF (RFC 5321
// §4.5.3.1.4). An initial response that does not fit on the AUTH line
// goes out as the answer to an empty challenge instead (RFC 4954 §4).
const maxCommandLine = 512

// Auth authenticates with a SASL mechanism from go-sasl (RFC 4954):
// sasl.NewPlainClient, sasl.NewLoginClient, sasl.NewOAuthBearerClient
// (RFC 7628), or pop3.NewXOAuth2Client for XOAUTH2, which is not
// protocol-specific. The initial response rides on the AUTH line, so
// PLAIN, XOAUTH2 and OAUTHBEARER cost one round trip.
//
// Nothing is sent, and the error says why, when the session is not
// encrypted (ErrStartTLSNotOffered if the server does not offer STARTTLS,
// ErrInsecureAuth otherwise; Options.AllowInsecureAuth lifts both) or
// when the server does not offer the mechanism (ErrAuthNotOffered). A
// refusal is an *Error at StageAuth: 535 (5.7.8) for wrong credentials,
// 454 for a temporary failure.
func (c *Client) Auth(ctx context.Context, a sasl.Client) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := c.mayAuth(); err != nil {
		return err
	}
	mech, ir, err := a.Start()
	if err != nil {
		return err
	}
	if !c.ext.HasAuth(mech) {
		return ErrAuthNotOffered
	}
	if !validArg(mech) {
		return errors.New("submission: the SASL mechanism's name holds a control character")
	}
	line := "AUTH " + mech
	var pending []byte // an initial response too long for the AUTH line
	switch {
	case ir == nil:
	case len(ir) == 0:
		line += " =" // an empty initial response (RFC 4954 §4)
	case len(line)+1+base64.StdEncoding.EncodedLen(len(ir))+2 <= maxCommandLine:
		line += " " + base64.StdEncoding.EncodeToString(ir)
	default:
		pending = ir
	}
	var refused error // the mechanism's account of an error challenge
	r, err := c.cmd(StageAuth, line)
	for err == nil && r.code == 334 {
		var resp []byte
		if pending != nil {
			if r.text() != "" {
				return c.abortAuth(errors.New("submission: AUTH: the server sent a challenge instead of asking for the initial response"))
			}
			resp, pending = pending, nil
		} else {
			challenge, derr := base64.StdEncoding.DecodeString(r.text())
			if derr != nil {
				return c.abortAuth(protocolErr("a SASL challenge that is not base64", []byte(r.text())))
			}
			if resp, err = a.Next(challenge); err != nil {
				reply, ok := oauthsasl.ErrorChallengeReply(mech)
				if !ok {
					return c.abortAuth(err)
				}
				// The server's final reply (535 for bad credentials)
				// follows the reply; err is reported beside it.
				resp, refused, err = reply, err, nil
			}
		}
		r, err = c.cmd(StageAuth, base64.StdEncoding.EncodeToString(resp))
	}
	if err != nil {
		return err
	}
	if r.code != 235 {
		return errors.Join(r.err(StageAuth), refused)
	}
	if refused != nil {
		return errors.Join(protocolErr("authentication accepted after an error challenge", nil), refused)
	}
	c.authed = true
	return nil
}

// mayAuth refuses to send credentials over a plain connection.
func (c *Client) mayAuth() error {
	switch {
	case c.authed:
		return errors.New("submission: already authenticated")
	case c.encrypted || c.opts.AllowInsecureAuth:
		return nil
	case !c.ext.StartTLS:
		return ErrStartTLSNotOffered
	}
	return ErrInsecureAuth
}

// abortAuth cancels an exchange with "*" (RFC 4954 §4) after the client
// side failed, and returns why together with the server's answer.
func (c *Client) abortAuth(cause error) error {
	r, err := c.cmd(StageAuth, "*")
	if err != nil {
		return errors.Join(cause, err)
	}
	return errors.Join(cause, r.err(StageAuth))
}
