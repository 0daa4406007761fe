package pop3

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/internal/oauthsasl"
)

// Authenticate runs a SASL exchange (RFC 5034) with mech, such as
// sasl.NewOAuthBearerClient for OAuth 2.0 (RFC 7628) or
// NewXOAuth2Client. The first step goes out as a separate line unless
// Options.SASLInitialResponse is set, or the mechanism is OAUTHBEARER,
// whose initial response always rides on the AUTH line: one round trip
// (internal/oauthsasl). To OAUTHBEARER's error challenge the client
// answers %x01 (RFC 7628 §3.2.3), and the server's -ERR, an
// authentication failure, comes with the mechanism's account of it.
func (c *Client) Authenticate(ctx context.Context, mech sasl.Client) error {
	end, err := c.beginAuth(ctx)
	if err != nil {
		return err
	}
	defer end()
	if _, err := c.authenticate(mech); err != nil {
		return err
	}
	c.loggedIn()
	return nil
}

// beginAuth is begin for Login and Authenticate: it also refuses a
// session that is logged in already, and one without TLS unless
// Options.AllowInsecureAuth is set.
func (c *Client) beginAuth(ctx context.Context) (end func(), err error) {
	end, err = c.begin(ctx)
	if err != nil {
		return nil, err
	}
	switch {
	case c.authed:
		err = errors.New("pop3: already logged in")
	case !c.encrypted && !c.opts.AllowInsecureAuth:
		err = ErrInsecureAuth
	}
	if err != nil {
		end()
		return nil, err
	}
	return end, nil
}

// loggedIn records a successful login. Capabilities are dropped because
// servers announce more after login (Gmail adds PIPELINING); whether the
// server pipelined before is kept, for the CAPA that asks again (batch).
func (c *Client) loggedIn() {
	c.authed = true
	c.pipelinedBeforeLogin = c.caps != nil && c.caps.Pipelining
	c.caps = nil
}

// userPass logs in with USER and PASS (RFC 1939 §7). A refused USER is a
// refusal before the proof: USER carries only the name.
//
// When the server pipelines, USER and PASS go out in one flight: one
// round trip instead of two. A server that refuses USER then reads a PASS
// without a user, which it can only refuse, so no password was judged;
// its reply is read (the session stays in step) and the USER refusal is
// returned, as without pipelining. A server that accepted that PASS
// would leave the session in an unknown state: it ends.
func (c *Client) userPass(username, password string) (refusal, error) {
	if err := checkArg("USER", username); err != nil {
		return notRefused, err
	}
	if err := checkArg("PASS", password); err != nil {
		return notRefused, err
	}
	together := c.canPipeline()
	var userErr error
	user := request{verb: "USER", line: "USER " + username, handle: func(st status, _ *bodyReader) error {
		if st.ok {
			return nil
		}
		userErr = replyErr("USER", st)
		if together {
			return nil // PASS is on its way: its reply is read too
		}
		return userErr // PASS is not sent
	}}
	pass := request{verb: "PASS", line: "PASS " + password, handle: func(st status, _ *bodyReader) error {
		switch {
		case userErr == nil && !st.ok:
			return replyErr("PASS", st)
		case userErr != nil && st.ok:
			err := protocolErr("PASS", "password accepted after the user name was refused", nil)
			c.fail(err)
			return err
		}
		return nil
	}}
	err := c.pipeline([]request{user, pass})
	switch {
	case userErr == nil && err != nil:
		return refusedAfterProof, err
	case userErr == nil:
		return notRefused, nil
	case err != nil && err != userErr:
		// The session ended while the PASS reply was awaited: no other
		// method can be tried on it.
		return notRefused, fmt.Errorf("%w; then: %w", userErr, err)
	}
	return refusedBeforeProof, userErr
}

// apop logs in with APOP (RFC 1939 §7): its one line carries the proof.
func (c *Client) apop(username, password string) (refusal, error) {
	if err := checkArg("APOP", username); err != nil {
		return notRefused, err
	}
	sum := md5.Sum([]byte(c.timestamp + password))
	return refusedAfterProof, c.pipeline([]request{{verb: "APOP", line: "APOP " + username + " " + hex.EncodeToString(sum[:])}})
}

// authenticate runs the AUTH exchange; the lock must be held. The
// refusal tells whether a -ERR came before any client step went out (the
// mechanism was refused before the server saw anything of the password)
// or after; an exchange that the client cancelled is notRefused.
func (c *Client) authenticate(mech sasl.Client) (refusal, error) {
	name, ir, err := mech.Start()
	if err != nil {
		return notRefused, fmt.Errorf("pop3: AUTH: %w", err)
	}
	line := "AUTH " + name
	sent := false     // whether any client step has gone out
	var refused error // the mechanism's account of an error challenge
	if ir != nil && (c.opts.SASLInitialResponse || oauthsasl.InitialResponse(name)) {
		line += " " + encodeInitial(ir)
		ir, sent = nil, true
	}
	if err := c.send("AUTH", line); err != nil {
		return notRefused, err
	}
	for {
		st, err := c.readStatus("AUTH")
		if err != nil {
			c.fail(err)
			return notRefused, err
		}
		switch {
		case st.ok && sent && refused != nil:
			c.fail(protocolErr("AUTH", "authentication accepted after an error challenge", nil))
			return notRefused, fmt.Errorf("pop3: AUTH: accepted after an error challenge: %w", refused)
		case st.ok && sent:
			return notRefused, nil
		case st.ok:
			// Exchange answers "+OK" where the continuation "+" is due;
			// before the client has sent anything it cannot be success.
			st.cont = true
		case !st.cont && sent && refused != nil:
			// The server's verdict first, so that IsAuthFailure and the
			// response code work; the mechanism's account follows.
			return refusedAfterProof, fmt.Errorf("%w (client: %w)", replyErr("AUTH", st), refused)
		case !st.cont && sent:
			return refusedAfterProof, replyErr("AUTH", st)
		case !st.cont:
			return refusedBeforeProof, replyErr("AUTH", st)
		}
		challenge, derr := base64.StdEncoding.DecodeString(st.text)
		if derr != nil && !sent && st.ok {
			challenge, derr = nil, nil // "+OK some text" is no challenge
		}
		var resp []byte
		switch {
		case derr != nil:
			err = protocolErr("AUTH", "challenge is not base64", []byte(st.text))
		case ir != nil:
			resp, ir = ir, nil
		default:
			resp, err = mech.Next(challenge)
			if reply, ok := oauthsasl.ErrorChallengeReply(name); err != nil && ok && refused == nil {
				resp, refused, err = reply, err, nil
			}
		}
		if err != nil {
			return notRefused, c.cancelAuth(err)
		}
		if err := c.send("AUTH", base64.StdEncoding.EncodeToString(resp)); err != nil {
			return notRefused, err
		}
		sent = true
	}
}

// cancelAuth aborts a SASL exchange with "*" (RFC 5034 §4) and reads the
// server's -ERR, keeping the session usable.
func (c *Client) cancelAuth(cause error) error {
	if err := c.send("AUTH", "*"); err != nil {
		return err
	}
	st, err := c.readStatus("AUTH")
	if err != nil {
		c.fail(err)
		return err
	}
	if !st.ok && !st.cont {
		// Keep the server's verdict first so IsAuthFailure and the
		// response code work; the mechanism's reason follows.
		return fmt.Errorf("%w (client: %w)", replyErr("AUTH", st), cause)
	}
	return fmt.Errorf("pop3: AUTH: cancelled: %w", cause)
}

// send writes and flushes one line, ending the session on failure.
func (c *Client) send(verb, line string) error {
	if err := checkArg(verb, line); err != nil {
		return err
	}
	err := c.writeCmd(line)
	if err == nil {
		err = c.bw.Flush()
	}
	if err != nil {
		err = ioFailure(verb, err)
		c.fail(err)
	}
	return err
}

// encodeInitial encodes an initial response; RFC 5034 §4 writes an empty
// one as "=" to tell it apart from none.
func encodeInitial(ir []byte) string {
	if len(ir) == 0 {
		return "="
	}
	return base64.StdEncoding.EncodeToString(ir)
}
