package targets

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Target is a mail server the operator lets users reach.
type Target struct {
	Name     string
	Host     string // DNS name or IP literal, resolved when dialled
	Port     int
	Security bridgeapi.Security
	// Submission is the target's message submission server, nil when it
	// cannot send (see AddSubmissions and For).
	Submission *Endpoint
	// ProxyProtocol: the relay opens each connection to this server with
	// a PROXY protocol v2 header naming the browser (see
	// SetProxyProtocol). The operator opts in per server, because a
	// server that does not expect the header reads it as garbage.
	ProxyProtocol bool
}

// Addr returns HOST:PORT for dialling.
func (t Target) Addr() string {
	return net.JoinHostPort(t.Host, strconv.Itoa(t.Port))
}

// String returns the NAME=HOST:PORT/SECURITY form that Parse reads.
func (t Target) String() string {
	return fmt.Sprintf("%s=%s/%s", t.Name, t.Addr(), t.Security)
}

// Parse reads a target in the form NAME=HOST:PORT/SECURITY, where SECURITY
// is tls, starttls or plain and an IPv6 HOST is bracketed
// (v6=[2001:db8::1]:995/tls). See ValidName for the rules on NAME.
func Parse(spec string) (Target, error) {
	name, rest, ok := strings.Cut(spec, "=")
	if !ok {
		return Target{}, fmt.Errorf("targets: %q: want NAME=HOST:PORT/SECURITY", spec)
	}
	if err := ValidName(name); err != nil {
		return Target{}, err
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return Target{}, fmt.Errorf("targets: %q: missing /SECURITY (tls, starttls or plain)", spec)
	}
	addr, sec := rest[:i], bridgeapi.Security(strings.ToLower(rest[i+1:]))
	if !sec.Valid() {
		return Target{}, fmt.Errorf("targets: %q: security %q is not tls, starttls or plain", spec, sec)
	}
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return Target{}, fmt.Errorf("targets: %q: %v", spec, err)
	}
	if err := validHost(host); err != nil {
		return Target{}, fmt.Errorf("targets: %q: %w", spec, err)
	}
	port, err := ParsePort(portStr)
	if err != nil {
		return Target{}, fmt.Errorf("targets: %q: %w", spec, err)
	}
	return Target{Name: name, Host: host, Port: port, Security: sec}, nil
}

// ParsePort parses a decimal TCP port in 1-65535.
func ParsePort(s string) (int, error) {
	// Atoi accepts a sign; a port never has one.
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, fmt.Errorf("%w: %q", ErrBadPort, s)
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 1 || p > 65535 {
		return 0, fmt.Errorf("%w: %q", ErrBadPort, s)
	}
	return p, nil
}
