package autoconfig

import (
	"errors"
	"fmt"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

var (
	// ErrBadAddress: the address is not local-part@domain with a valid
	// domain name.
	ErrBadAddress = errors.New("autoconfig: not an e-mail address (want name@example.com)")
	// ErrDisabled: lookups are off (nil *Lookuper, or no custom policy:
	// found servers are reached as user-entered servers).
	ErrDisabled = errors.New("autoconfig: address lookups are turned off on this bridge")
	// ErrDomainNotAllowed: the operator limited lookups to a list of
	// domains that does not hold this one.
	ErrDomainNotAllowed = errors.New("autoconfig: this bridge looks up only its operator's domains")
	// ErrNotFound: no step found a usable POP3 server. A *NotFoundError
	// matches it.
	ErrNotFound = errors.New("autoconfig: no usable POP3 server found for this domain; enter the server by hand")
	// ErrBusy: too many lookups are running at once.
	ErrBusy = errors.New("autoconfig: too many lookups at once; try again in a moment")

	// ErrMalformed: an autoconfig file is not config-v1.1 XML, or names
	// no POP3 server Poppy can use.
	ErrMalformed = errors.New("autoconfig: malformed autoconfig file")
	// ErrTooLarge: an autoconfig file is larger than Options.MaxConfigSize.
	ErrTooLarge = errors.New("autoconfig: autoconfig file too large")
	// ErrRedirect: an autoconfig URL redirected off the domain's own
	// hosts, to plain HTTP, or too many times.
	ErrRedirect = errors.New("autoconfig: autoconfig redirect refused")
	// ErrTimeout: a server (DNS, HTTPS or POP3) did not answer in time.
	ErrTimeout = errors.New("autoconfig: timed out")
	// ErrHTTP: the autoconfig server answered an HTTP error, or its TLS
	// certificate did not verify.
	ErrHTTP = errors.New("autoconfig: autoconfig server error")
	// ErrPlainRefused: a server found offers plain POP3 only, and the
	// operator does not allow plain POP3 over the Internet.
	ErrPlainRefused = errors.New("autoconfig: plain POP3 over the Internet is not allowed")
	// ErrUnresolved: a server's name does not exist or has no address.
	ErrUnresolved = errors.New("autoconfig: name does not resolve")
	// ErrNoAnswer: a guessed server did not answer as a POP3 server.
	ErrNoAnswer = errors.New("autoconfig: no POP3 server answered")
)

// DNSError is a failure of the resolver itself (not a name that does not
// exist, which is simply nothing found).
type DNSError struct {
	Name    string
	Timeout bool
	Err     error
}

func (e *DNSError) Error() string {
	return fmt.Sprintf("autoconfig: DNS lookup of %s: %v", e.Name, e.Err)
}

func (e *DNSError) Unwrap() error {
	if e.Timeout {
		return errors.Join(e.Err, ErrTimeout)
	}
	return e.Err
}

// StepError is one lookup step's trouble with one host: a vetting refusal
// (a *targets.ForbiddenError, targets.ErrPortNotAllowed), ErrPlainRefused,
// an autoconfig fetch failure (ErrMalformed, ErrTooLarge, ErrRedirect,
// ErrTimeout, ErrHTTP), a *DNSError, or ErrNoAnswer.
type StepError struct {
	Source bridgeapi.AutoconfigSource
	Host   string // the server or autoconfig host, when there is one
	Port   int
	Err    error
}

func (e *StepError) Error() string {
	where := string(e.Source)
	if e.Host != "" {
		where += " " + e.Host
	}
	return fmt.Sprintf("autoconfig: %s: %v", where, strings.TrimPrefix(e.Err.Error(), "autoconfig: "))
}

func (e *StepError) Unwrap() error { return e.Err }

// NotFoundError is ErrNotFound with what each step ran into. errors.Is
// matches ErrNotFound and every step's error.
type NotFoundError struct {
	Domain string
	Steps  []*StepError
}

func (e *NotFoundError) Error() string {
	if len(e.Steps) == 0 {
		return fmt.Sprintf("%v (%s)", ErrNotFound, e.Domain)
	}
	parts := make([]string, len(e.Steps))
	for i, s := range e.Steps {
		parts[i] = strings.TrimPrefix(s.Error(), "autoconfig: ")
	}
	return fmt.Sprintf("%v (%s; %s)", ErrNotFound, e.Domain, strings.Join(parts, "; "))
}

func (e *NotFoundError) Unwrap() []error {
	out := []error{ErrNotFound}
	for _, s := range e.Steps {
		out = append(out, s)
	}
	return out
}
