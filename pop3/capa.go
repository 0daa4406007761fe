package pop3

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Capabilities is what a server announced in reply to CAPA (RFC 2449).
// Servers may announce different capabilities before and after login, and
// after STLS; the Client asks again after each.
type Capabilities struct {
	// Known reports whether the server answered CAPA at all. When false,
	// the other fields are empty and a command's support is learnt by
	// trying it.
	Known bool

	Top, User, UIDL, Pipelining, RespCodes, AuthRespCode, STLS bool
	// SASL lists the mechanisms of the SASL capability, upper case.
	SASL []string
	// UTF8 is set by the RFC 6856 UTF8 capability; UTF8User by its USER
	// argument (USER and PASS accept UTF-8 without the UTF8 command).
	UTF8, UTF8User bool
	// Lang is set by the RFC 6856 LANG capability.
	Lang bool
	// LoginDelay is the minimum time between logins (LOGIN-DELAY), zero
	// when not announced. LoginDelayPerUser means it may vary by user.
	LoginDelay        time.Duration
	LoginDelayPerUser bool
	// Expire is the server's retention policy (EXPIRE).
	Expire Expire
	// Implementation is the server's free-text IMPLEMENTATION string.
	Implementation string
	// Raw holds every capability line as sent, for the ones not parsed.
	Raw []string
}

// Expire is the EXPIRE capability of RFC 2449 §6.7.
type Expire struct {
	Announced bool
	Never     bool // EXPIRE NEVER
	Days      int  // days a retrieved message is kept; 0 means deleted at once
	PerUser   bool // the value may differ per user
}

// DeletesOnRetrieve reports EXPIRE 0: the server deletes a message once it
// has been retrieved (Gmail's "recent mode" does this), so a client must
// keep what it downloads.
func (e Expire) DeletesOnRetrieve() bool { return e.Announced && !e.Never && e.Days == 0 }

// HasSASL reports whether mech is among the announced SASL mechanisms.
func (c Capabilities) HasSASL(mech string) bool {
	for _, m := range c.SASL {
		if strings.EqualFold(m, mech) {
			return true
		}
	}
	return false
}

// parseCapabilities parses the lines of a CAPA reply. Unknown and
// malformed lines are kept in Raw and otherwise ignored: a capability list
// is advice, and one odd line must not cost the session.
func parseCapabilities(lines []string) Capabilities {
	c := Capabilities{Known: true, Raw: lines}
	for _, line := range lines {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		args := fields[1:]
		switch strings.ToUpper(fields[0]) {
		case "TOP":
			c.Top = true
		case "USER":
			c.User = true
		case "UIDL":
			c.UIDL = true
		case "PIPELINING":
			c.Pipelining = true
		case "RESP-CODES":
			c.RespCodes = true
		case "AUTH-RESP-CODE":
			c.AuthRespCode = true
		case "STLS":
			c.STLS = true
		case "SASL":
			for _, m := range args {
				c.SASL = append(c.SASL, strings.ToUpper(m))
			}
		case "UTF8":
			c.UTF8 = true
			for _, a := range args {
				if strings.EqualFold(a, "USER") {
					c.UTF8User = true
				}
			}
		case "LANG":
			c.Lang = true
		case "LOGIN-DELAY":
			if len(args) > 0 {
				// Clamp absurd values rather than let them overflow
				// into a negative "log in again now".
				if n, err := strconv.ParseInt(args[0], 10, 64); err == nil && n >= 0 {
					c.LoginDelay = time.Duration(min(n, maxLoginDelay)) * time.Second
				}
				c.LoginDelayPerUser = len(args) > 1 && strings.EqualFold(args[1], "USER")
			}
		case "EXPIRE":
			if len(args) > 0 {
				if strings.EqualFold(args[0], "NEVER") {
					c.Expire = Expire{Announced: true, Never: true}
				} else if n, err := strconv.Atoi(args[0]); err == nil && n >= 0 {
					c.Expire = Expire{Announced: true, Days: n}
				}
				c.Expire.PerUser = c.Expire.Announced && len(args) > 1 && strings.EqualFold(args[1], "USER")
			}
		case "IMPLEMENTATION":
			_, rest, _ := strings.Cut(line, fields[0])
			c.Implementation = strings.TrimSpace(rest)
		}
	}
	return c
}

// maxLoginDelay bounds LOGIN-DELAY (in seconds) at about 30 years, far
// below where time.Duration overflows.
const maxLoginDelay = 1 << 30

// Capabilities returns the server's capabilities, asking with CAPA the
// first time and again after StartTLS and login. A server without CAPA
// yields Capabilities with Known false and no error.
func (c *Client) Capabilities(ctx context.Context) (Capabilities, error) {
	end, err := c.begin(ctx)
	if err != nil {
		return Capabilities{}, err
	}
	defer end()
	if err := c.loadCaps(); err != nil {
		return Capabilities{}, err
	}
	return *c.caps, nil
}

// loadCaps fills c.caps if it is not known yet; the lock must be held.
func (c *Client) loadCaps() error {
	if c.caps != nil {
		return nil
	}
	return c.pipeline([]request{c.capaRequest()})
}

// capaRequest asks CAPA; its reply becomes c.caps (takeCaps).
func (c *Client) capaRequest() request {
	return request{verb: "CAPA", line: "CAPA", multi: true, listing: true, handle: c.takeCaps}
}

// takeCaps handles the reply to CAPA. A method rather than a closure, so
// that its code is in the wasm once, however many callers build the
// request.
func (c *Client) takeCaps(st status, body *bodyReader) error {
	caps := Capabilities{} // -ERR: an RFC 1939-only server, Known stays false
	if st.ok {
		lines, err := body.lines()
		if err != nil {
			return err
		}
		s := make([]string, len(lines))
		for i, l := range lines {
			s[i] = string(l)
		}
		caps = parseCapabilities(s)
	}
	c.caps = &caps
	return nil
}
