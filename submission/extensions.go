package submission

import (
	"strconv"
	"strings"
)

// Extensions are the service extensions the server listed in its EHLO
// reply (RFC 5321 §4.1.1.1).
type Extensions struct {
	// Size is the RFC 1870 SIZE limit in bytes; 0 when the server declared
	// none (or SIZE without a number).
	Size int64
	// SizeOffered reports SIZE itself, with or without a limit.
	SizeOffered         bool
	EightBitMIME        bool     // RFC 6152 8BITMIME
	SMTPUTF8            bool     // RFC 6531 SMTPUTF8
	Pipelining          bool     // RFC 2920 PIPELINING
	StartTLS            bool     // RFC 3207 STARTTLS
	EnhancedStatusCodes bool     // RFC 2034 ENHANCEDSTATUSCODES
	Auth                []string // RFC 4954 AUTH mechanisms, upper case
}

// HasAuth reports whether the server offers the SASL mechanism mech.
func (x Extensions) HasAuth(mech string) bool {
	for _, m := range x.Auth {
		if strings.EqualFold(m, mech) {
			return true
		}
	}
	return false
}

// parseEHLO reads the extension lines of an EHLO reply (the first line is
// the server's name and greeting). Unknown keywords are ignored.
func parseEHLO(lines []string) Extensions {
	var x Extensions
	if len(lines) < 2 {
		return x
	}
	for _, l := range lines[1:] {
		kw, params, _ := strings.Cut(strings.TrimSpace(l), " ")
		switch strings.ToUpper(kw) {
		case "SIZE":
			x.SizeOffered = true
			if n, err := strconv.ParseInt(strings.TrimSpace(params), 10, 64); err == nil && n > 0 {
				x.Size = n
			}
		case "8BITMIME":
			x.EightBitMIME = true
		case "SMTPUTF8":
			x.SMTPUTF8 = true
		case "PIPELINING":
			x.Pipelining = true
		case "STARTTLS":
			x.StartTLS = true
		case "ENHANCEDSTATUSCODES":
			x.EnhancedStatusCodes = true
		case "AUTH":
			for _, m := range strings.Fields(params) {
				x.Auth = append(x.Auth, strings.ToUpper(m))
			}
		}
	}
	return x
}
