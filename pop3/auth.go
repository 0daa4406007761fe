package pop3

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/emersion/go-sasl"
)

// Login authenticates with a username and password, choosing the method
// by what protects the password best on this connection:
//   - without TLS (only with Options.AllowInsecureAuth), CRAM-MD5 (RFC
//     2195), then APOP (RFC 1939 §7): they prove the password without
//     sending it;
//   - with TLS, SASL PLAIN, then SASL LOGIN, then USER/PASS, and the
//     challenge-response methods only when none of those is offered. TLS
//     already hides the password, and these work with every password
//     store: a server that announces CRAM-MD5 but keeps only hashed
//     passwords (a common Dovecot setup) would otherwise reject a correct
//     password.
//
// It refuses with ErrInsecureAuth on a connection without TLS unless
// Options.AllowInsecureAuth is set: even the challenge-response methods
// give a passive listener enough to test guesses offline.
//
// A rejected password returns an *Error for which IsAuthFailure is true;
// IsInUse and IsLoginDelay tell the temporary refusals apart.
func (c *Client) Login(ctx context.Context, username, password string) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := c.authPreflight(); err != nil {
		return err
	}
	if err := c.loadCaps(); err != nil {
		return err
	}
	if (!isASCII(username) || !isASCII(password)) && c.caps.UTF8 && !c.caps.UTF8User {
		// RFC 6856 §2: without "UTF8 USER", UTF-8 credentials need UTF8
		// mode first. A refusal is not fatal: the login may still work.
		if err := c.pipeline([]request{{verb: "UTF8", line: "UTF8", handle: func(status, *bodyReader) error { return nil }}}); err != nil {
			return err
		}
	}
	switch c.loginMethod() {
	case "CRAM-MD5":
		err = c.authenticate(&cramMD5{username: username, password: password})
	case "APOP":
		err = c.apop(username, password)
	case "PLAIN":
		err = c.authenticate(sasl.NewPlainClient("", username, password))
	case "LOGIN":
		err = c.authenticate(sasl.NewLoginClient(username, password))
	default:
		err = c.userPass(username, password)
	}
	if err == nil {
		c.loggedIn()
	}
	return err
}

// Authenticate runs a SASL exchange (RFC 5034) with mech, such as
// sasl.NewOAuthBearerClient for OAuth 2.0 (RFC 7628) or
// sasl.NewXoauth2Client. The first step goes out as a separate line
// unless Options.SASLInitialResponse is set.
func (c *Client) Authenticate(ctx context.Context, mech sasl.Client) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if err := c.authPreflight(); err != nil {
		return err
	}
	if err := c.authenticate(mech); err != nil {
		return err
	}
	c.loggedIn()
	return nil
}

// loginMethod picks Login's method (see Login for the order and why).
func (c *Client) loginMethod() string {
	cram, apop := c.caps.HasSASL("CRAM-MD5"), c.timestamp != ""
	if !c.encrypted {
		switch {
		case cram:
			return "CRAM-MD5"
		case apop:
			return "APOP"
		}
	}
	switch {
	case c.caps.HasSASL("PLAIN"):
		return "PLAIN"
	case c.caps.HasSASL("LOGIN"):
		return "LOGIN"
	case c.caps.User || !c.caps.Known:
		return "USER"
	case cram:
		return "CRAM-MD5"
	case apop:
		return "APOP"
	}
	return "USER"
}

func (c *Client) authPreflight() error {
	if c.authed {
		return errors.New("pop3: already logged in")
	}
	if !c.encrypted && !c.opts.AllowInsecureAuth {
		return ErrInsecureAuth
	}
	return nil
}

// loggedIn records a successful login. Capabilities are dropped because
// servers announce more after login (Gmail adds PIPELINING).
func (c *Client) loggedIn() {
	c.authed = true
	c.caps = nil
}

func (c *Client) userPass(username, password string) error {
	if err := checkArg("USER", username); err != nil {
		return err
	}
	if err := checkArg("PASS", password); err != nil {
		return err
	}
	// Two round trips: a pipelined PASS after a refused USER would be
	// read by the server as a stray command.
	for _, r := range []request{
		{verb: "USER", line: "USER " + username},
		{verb: "PASS", line: "PASS " + password},
	} {
		if err := c.pipeline([]request{r}); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) apop(username, password string) error {
	if err := checkArg("APOP", username); err != nil {
		return err
	}
	sum := md5.Sum([]byte(c.timestamp + password))
	return c.pipeline([]request{{verb: "APOP", line: "APOP " + username + " " + hex.EncodeToString(sum[:])}})
}

// authenticate runs the AUTH exchange; the lock must be held.
func (c *Client) authenticate(mech sasl.Client) error {
	name, ir, err := mech.Start()
	if err != nil {
		return fmt.Errorf("pop3: AUTH: %w", err)
	}
	line := "AUTH " + name
	sent := false // whether any client step has gone out
	if ir != nil && c.opts.SASLInitialResponse {
		line += " " + encodeInitial(ir)
		ir, sent = nil, true
	}
	if err := c.send("AUTH", line); err != nil {
		return err
	}
	for {
		st, err := c.readStatus("AUTH")
		if err != nil {
			c.fail(err)
			return err
		}
		switch {
		case st.ok && sent:
			return nil
		case st.ok:
			// Exchange answers "+OK" where the continuation "+" is due;
			// before the client has sent anything it cannot be success.
			st.cont = true
		case !st.cont:
			return replyErr("AUTH", st)
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
		}
		if err != nil {
			return c.cancelAuth(err)
		}
		if err := c.send("AUTH", base64.StdEncoding.EncodeToString(resp)); err != nil {
			return err
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
