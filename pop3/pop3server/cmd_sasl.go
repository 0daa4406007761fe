package pop3server

import (
	"encoding/base64"
	"errors"
	"strings"
)

// AUTH [mechanism [initial-response]] (RFC 5034). Only PLAIN (RFC 4616) is
// offered: the tests that use this server need a SASL exchange, not a
// catalogue of mechanisms. AUTH without an argument lists the mechanisms,
// as many servers do although RFC 5034 leaves it undefined.
func (ss *session) cmdAuth(args []string, _ string) {
	switch {
	case len(args) == 0:
		ss.ok("SASL mechanisms follow")
		ss.writeLine("PLAIN")
		ss.endMulti()
		return
	case len(args) > 2:
		ss.bad("syntax: AUTH mechanism [initial-response]")
		return
	case !strings.EqualFold(args[0], "PLAIN"):
		ss.err("unsupported SASL mechanism")
		return
	}
	ss.pendingUser = ""

	var encoded string
	if len(args) == 2 {
		encoded = args[1]
		if encoded == "=" { // RFC 5034 §4: "=" is an empty initial response
			encoded = ""
		}
	} else {
		// The challenge of PLAIN is empty: "+ " and nothing else.
		ss.w.WriteString("+ \r\n")
		line, err := ss.readLine(maxSASLLine)
		switch {
		case errors.Is(err, errLineTooLong):
			ss.bad("SASL response too long")
			return
		case err != nil:
			ss.done = true
			return
		case line == "*":
			ss.err("authentication cancelled")
			return
		}
		encoded = line
	}

	resp, err := base64.StdEncoding.DecodeString(encoded)
	if err != nil {
		ss.bad("invalid base64 in SASL response")
		return
	}
	authzid, authcid, password, ok := parsePlain(resp)
	if !ok || (authzid != "" && authzid != authcid) {
		// Acting as another user is not something this server grants.
		ss.authFailed("invalid SASL PLAIN credentials")
		return
	}
	ss.login(authcid, func(p string) bool { return equalSecret(p, password) })
}

// parsePlain splits an RFC 4616 message: authzid NUL authcid NUL passwd.
func parsePlain(b []byte) (authzid, authcid, password string, ok bool) {
	parts := strings.Split(string(b), "\x00")
	if len(parts) != 3 || parts[1] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
