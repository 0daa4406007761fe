package targets

import (
	"fmt"
	"net/netip"
	"strings"
)

// MaxNameLength bounds a target name.
const MaxNameLength = 32

// ValidName checks a target name: 1 to MaxNameLength characters of a-z, 0-9,
// '-' and '_', starting with a letter or digit. Dots and colons are
// excluded so that no name looks like a host or an address: a client that
// sends "mail.example.com" or "10.0.0.1:110" as a target gets "unknown
// target", never a connection.
func ValidName(name string) error {
	if name == "" || len(name) > MaxNameLength {
		return fmt.Errorf("targets: name %q: want 1-%d characters", name, MaxNameLength)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return fmt.Errorf("targets: name %q: only a-z, 0-9, '-' and '_' (not first) are allowed", name)
		}
	}
	return nil
}

// validHost checks that host is an IP literal or a DNS name (RFC 1123 labels).
// It keeps junk (spaces, '%' zones, URLs) away from the resolver and from
// logs.
func validHost(host string) error {
	if host == "" {
		return fmt.Errorf("%w: empty", ErrBadHost)
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if a.Zone() != "" {
			return fmt.Errorf("%w: %q: zones are not allowed", ErrBadHost, host)
		}
		return nil
	}
	h := strings.TrimSuffix(host, ".")
	if len(h) == 0 || len(h) > 253 {
		return fmt.Errorf("%w: %q", ErrBadHost, host)
	}
	labels := strings.Split(h, ".")
	// An all-numeric last label is no DNS name (RFC 3696 §2) but may be an
	// IPv4 address in a legacy form ("2130706433", "127.1") that some
	// resolvers accept; such names are refused outright.
	if strings.Trim(labels[len(labels)-1], "0123456789") == "" {
		return fmt.Errorf("%w: %q: numeric top-level label", ErrBadHost, host)
	}
	for _, label := range labels {
		if len(label) == 0 || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return fmt.Errorf("%w: %q", ErrBadHost, host)
		}
		for i := 0; i < len(label); i++ {
			c := label[i] | 0x20 // lower case for letters; digits and '-' unaffected
			if !('a' <= c && c <= 'z') && !('0' <= label[i] && label[i] <= '9') && label[i] != '-' {
				return fmt.Errorf("%w: %q", ErrBadHost, host)
			}
		}
	}
	return nil
}
