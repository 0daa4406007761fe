package autoconfig

import (
	"context"
	"errors"
	"net/netip"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// candidate is a server a step found, before vetting.
type candidate struct {
	ServerTemplate
	source bridgeapi.AutoconfigSource
}

// vetted is a candidate that passed, with the addresses it was vetted at.
type vetted struct {
	ServerTemplate
	addrs []netip.AddrPort
	// internet is set when one of addrs is public: plain POP3 there
	// crosses the Internet in clear text.
	internet bool
}

// vet puts a server through policy pol (targets.Custom.Vet: host syntax,
// port, every resolved address public unless the operator allows its
// range), and refuses plain POP3 over the Internet unless allowPlain.
func vet(ctx context.Context, pol *targets.Custom, c candidate, allowPlain bool) (*vetted, *StepError) {
	host := strings.TrimSuffix(c.Host, ".")
	_, addrs, err := pol.Vet(ctx, host, strconv.Itoa(c.Port))
	if err != nil {
		return nil, &StepError{Source: c.source, Host: host, Port: c.Port, Err: vetError(err)}
	}
	v := &vetted{ServerTemplate: c.ServerTemplate, addrs: addrs}
	v.Host = host
	for _, ap := range addrs {
		if _, bad := targets.Forbidden(ap.Addr()); !bad {
			v.internet = true
		}
	}
	if c.Security == bridgeapi.SecurityPlain && v.internet && !allowPlain {
		return nil, &StepError{Source: c.source, Host: host, Port: c.Port, Err: ErrPlainRefused}
	}
	return v, nil
}

// vetError keeps vetting refusals as they are and turns a name that does
// not resolve into ErrUnresolved, keeping resolver failures (*DNSError).
func vetError(err error) error {
	var de *DNSError
	switch {
	case errors.As(err, &de):
		return de
	case errors.Is(err, errNoSuchName), errors.Is(err, targets.ErrNoAddress):
		return ErrUnresolved
	}
	return err
}

// problem turns a step's error into what the page is told.
func problem(s *StepError) bridgeapi.AutoconfigProblem {
	p := bridgeapi.AutoconfigProblem{Source: s.Source, Host: s.Host}
	var fe *targets.ForbiddenError
	var de *DNSError
	switch {
	case errors.As(s.Err, &fe) && fe.Resolved, errors.Is(s.Err, ErrUnresolved):
		// Alike on purpose: see bridgeapi.ProblemUnreachable.
		p.Problem = bridgeapi.ProblemUnreachable
	case errors.As(s.Err, &fe):
		p.Problem = bridgeapi.ProblemForbidden
	case errors.Is(s.Err, targets.ErrPortNotAllowed):
		p.Problem, p.Port = bridgeapi.ProblemPort, s.Port
	case errors.Is(s.Err, ErrPlainRefused):
		p.Problem = bridgeapi.ProblemPlain
	case errors.Is(s.Err, ErrTimeout):
		p.Problem = bridgeapi.ProblemTimeout
	case errors.As(s.Err, &de):
		p.Problem = bridgeapi.ProblemDNS
	case errors.Is(s.Err, ErrMalformed):
		p.Problem = bridgeapi.ProblemMalformed
	case errors.Is(s.Err, ErrTooLarge):
		p.Problem = bridgeapi.ProblemTooLarge
	case errors.Is(s.Err, ErrRedirect):
		p.Problem = bridgeapi.ProblemRedirect
	case errors.Is(s.Err, ErrHTTP):
		p.Problem = bridgeapi.ProblemHTTP
	default:
		p.Problem = bridgeapi.ProblemNoAnswer
	}
	return p
}
