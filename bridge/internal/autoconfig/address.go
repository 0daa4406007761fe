package autoconfig

import (
	"fmt"
	"strings"
	"unicode"
)

// Address is an e-mail address split for lookups and username templates.
type Address struct {
	Local  string // the part before the last '@', as given
	Domain string // lower case, without a trailing dot
}

// String returns local@domain.
func (a Address) String() string { return a.Local + "@" + a.Domain }

// ParseAddress reads local-part@domain. The domain must be a DNS name of
// at least two labels (letters, digits, '-'; an internationalized domain
// must be given in its A-label form, xn--...); the local part may be
// anything printable without spaces, since only the username template
// uses it. Errors match ErrBadAddress.
func ParseAddress(s string) (Address, error) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, '@')
	if i <= 0 || i == len(s)-1 || len(s) > 254 {
		// The input is not repeated: it may be a whole address, which
		// the bridge does not log.
		return Address{}, ErrBadAddress
	}
	local, domain := s[:i], strings.ToLower(strings.TrimSuffix(s[i+1:], "."))
	for _, r := range local {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return Address{}, fmt.Errorf("%w: the name before @ has a space or control character", ErrBadAddress)
		}
	}
	if err := checkDomain(domain); err != nil {
		return Address{}, fmt.Errorf("%w: %v", ErrBadAddress, err)
	}
	return Address{Local: local, Domain: domain}, nil
}

// checkDomain accepts a lower-case DNS name of two labels or more whose
// last label is not numeric (so no IP address in any form).
func checkDomain(d string) error {
	if len(d) == 0 || len(d) > 253 {
		return fmt.Errorf("domain %q: want a name such as example.com", clip(d))
	}
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return fmt.Errorf("domain %q: want a full name such as example.com", clip(d))
	}
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fmt.Errorf("domain %q: an address, not a name", clip(d))
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return fmt.Errorf("domain %q: invalid label", clip(d))
		}
		for j := 0; j < len(l); j++ {
			c := l[j]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return fmt.Errorf("domain %q: only letters, digits and '-' (give an internationalized name as xn--...)", clip(d))
			}
		}
	}
	return nil
}

// clip keeps what an error repeats of the client's input short.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// expand fills an ISPDB username or hostname template:
// %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%.
func (a Address) expand(tmpl string) string {
	return strings.NewReplacer(
		"%EMAILADDRESS%", a.String(),
		"%EMAILLOCALPART%", a.Local,
		"%EMAILDOMAIN%", a.Domain,
	).Replace(tmpl)
}
