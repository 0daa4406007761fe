package targets

import (
	"fmt"
	"slices"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Endpoint is a server of a target other than its POP3 server: today its
// message submission server (RFC 6409).
type Endpoint struct {
	Host     string // DNS name or IP literal, resolved when dialled
	Port     int
	Security bridgeapi.Security
	// ProxyProtocol is Target.ProxyProtocol for this server.
	ProxyProtocol bool
}

// ParseSubmission reads a -submission value: NAME=HOST:PORT/SECURITY, the
// form of Parse, where NAME is the target that sends through the server,
// for example work=mail.example.com:465/tls or
// work=mail.example.com:587/starttls.
func ParseSubmission(spec string) (name string, e Endpoint, err error) {
	t, err := Parse(spec)
	if err != nil {
		return "", Endpoint{}, err
	}
	return t.Name, Endpoint{Host: t.Host, Port: t.Port, Security: t.Security}, nil
}

// AddSubmissions gives the targets of ts the submission servers of specs
// (see ParseSubmission). A spec that names no target of ts is an error
// matching ErrUnknownTarget, and a target given two servers is an error:
// a typo must not leave a target silently unable to send.
func AddSubmissions(ts []Target, specs []string) error {
	for _, spec := range specs {
		name, e, err := ParseSubmission(spec)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(ts, func(t Target) bool { return t.Name == name })
		if i < 0 {
			return fmt.Errorf("%w %q: give its -target before naming its submission server", ErrUnknownTarget, name)
		}
		if ts[i].Submission != nil {
			return fmt.Errorf("targets: target %q: two submission servers given", name)
		}
		ts[i].Submission = &e
	}
	return nil
}

// ParseService reads the service parameter of a session: absent (has
// false) means bridgeapi.ServicePOP3; a value that is not a known service,
// the empty one included, is ErrUnknownService.
func ParseService(v string, has bool) (bridgeapi.Service, error) {
	if !has {
		return bridgeapi.ServicePOP3, nil
	}
	s := bridgeapi.Service(v)
	if !s.Valid() {
		// The value is the client's, of any length: it is not repeated
		// into logs.
		return "", ErrUnknownService
	}
	return s, nil
}

// For returns the server of t that a session of service s dials, as a
// Target of the same name: t itself for POP3, its submission server for
// submission, or ErrNoSubmission when it has none.
func (t Target) For(s bridgeapi.Service) (Target, error) {
	switch s {
	case bridgeapi.ServicePOP3:
		return t, nil
	case bridgeapi.ServiceSubmission:
		if t.Submission == nil {
			return Target{}, fmt.Errorf("%w: %s", ErrNoSubmission, t.Name)
		}
		e := t.Submission
		return Target{Name: t.Name, Host: e.Host, Port: e.Port, Security: e.Security, ProxyProtocol: e.ProxyProtocol}, nil
	}
	return Target{}, fmt.Errorf("%w %q", ErrUnknownService, s)
}

// DefaultCustomSubmissionPorts are the ports a user-entered submission
// server may use when the operator lists none: 465 (implicit TLS, RFC
// 8314) and 587 (STARTTLS, RFC 6409).
var DefaultCustomSubmissionPorts = []int{465, 587}

// AllowedSubmissionPorts returns the effective list of ports of a
// user-entered submission server, sorted; nil when custom servers or
// their submission are disabled.
func (c *Custom) AllowedSubmissionPorts() []int {
	if c == nil || c.NoSubmission {
		return nil
	}
	if len(c.SubmissionPorts) == 0 {
		return slices.Clone(DefaultCustomSubmissionPorts)
	}
	p := slices.Clone(c.SubmissionPorts)
	slices.Sort(p)
	return slices.Compact(p)
}

// ForService returns the policy that vets a user-entered server of
// service s: c itself for POP3; for submission, the same policy (resolver,
// forbidden ranges, operator's ranges) with the submission ports in place
// of the POP3 ones. So one Vet, Check and DialCustom judge both.
//
// A nil c gives nil (whose Check answers ErrCustomDisabled);
// c.NoSubmission gives ErrSubmissionDisabled for submission.
func (c *Custom) ForService(s bridgeapi.Service) (*Custom, error) {
	switch {
	case c == nil:
		return nil, nil
	case s == bridgeapi.ServicePOP3:
		return c, nil
	case s != bridgeapi.ServiceSubmission:
		return nil, fmt.Errorf("%w %q", ErrUnknownService, s)
	case c.NoSubmission:
		return nil, ErrSubmissionDisabled
	}
	sub := *c
	sub.Ports = c.AllowedSubmissionPorts()
	return &sub, nil
}
