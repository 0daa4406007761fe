package autoconfig

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/probe"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// guessCandidates are the servers step 4 tries, in order of preference:
// pop.DOMAIN and mail.DOMAIN with implicit TLS, then with STLS.
func (l *Lookuper) guessCandidates(domain string) []candidate {
	ports := l.guessPorts()
	return guesses(domain, []string{"pop.", "mail."}, ports.TLS, ports.StartTLS)
}

// submissionCandidates are the submission servers step 4 tries once it
// found a POP3 server: smtp.DOMAIN and mail.DOMAIN on 465 with implicit
// TLS, then on 587 with STARTTLS (RFC 8314 prefers the first).
func (l *Lookuper) submissionCandidates(domain string) []candidate {
	ports := l.guessPorts()
	return guesses(domain, []string{"smtp.", "mail."}, ports.SubmissionTLS, ports.SubmissionStartTLS)
}

func (l *Lookuper) guessPorts() GuessPorts {
	ports := GuessPorts{TLS: 995, StartTLS: 110, SubmissionTLS: 465, SubmissionStartTLS: 587}
	if g := l.opts.GuessPorts; g != nil {
		ports = *g
	}
	return ports
}

func guesses(domain string, prefixes []string, tlsPort, startTLSPort int) []candidate {
	var out []candidate
	for _, p := range []struct {
		port int
		sec  bridgeapi.Security
	}{{tlsPort, bridgeapi.SecurityTLS}, {startTLSPort, bridgeapi.SecurityStartTLS}} {
		if p.port == 0 {
			continue
		}
		for _, h := range prefixes {
			out = append(out, candidate{
				ServerTemplate: ServerTemplate{Host: h + domain, Port: p.port, Security: p.sec, Username: "%EMAILADDRESS%"},
				source:         bridgeapi.SourceGuess,
			})
		}
	}
	return out
}

// guess vets every candidate and probes those that pass, all at once: a
// guess counts only when the server greets, completes TLS (verified, as
// the tab will verify it) and answers CAPA. The first candidate in order
// of preference that does is returned.
func (l *Lookuper) guess(ctx context.Context, pol *targets.Custom, domain string) (*vetted, []*StepError) {
	return l.probeFirst(ctx, pol, l.guessCandidates(domain), probe.Run)
}

// guessSubmission finds the submission server of a guessed POP3 server
// the same way, when users may send through their own servers: a guess
// counts only when the server completes TLS, verified, and offers AUTH
// in its EHLO reply. Finding none is no error: the account then sends
// through nothing until the person enters a server.
func (l *Lookuper) guessSubmission(ctx context.Context, pol *targets.Custom, domain string) *ServerTemplate {
	subPol, err := pol.ForService(bridgeapi.ServiceSubmission)
	if err != nil || subPol == nil {
		return nil
	}
	v, _ := l.probeFirst(ctx, subPol, l.submissionCandidates(domain), probe.RunSubmission)
	if v == nil {
		return nil
	}
	t := v.ServerTemplate
	return &t
}

// probeFirst vets and probes cands all at once and returns the first in
// order that answered, or what went wrong with each.
func (l *Lookuper) probeFirst(ctx context.Context, pol *targets.Custom, cands []candidate, run func(context.Context, string, *probe.Options) *probe.Report) (*vetted, []*StepError) {
	found := make([]*vetted, len(cands))
	errs := make([]*StepError, len(cands))
	var wg sync.WaitGroup
	for i, c := range cands {
		wg.Go(func() {
			v, serr := vet(ctx, pol, c, false)
			if serr != nil {
				errs[i] = serr
				return
			}
			r := run(ctx, v.addrs[0].String(), &probe.Options{
				Security: c.Security, RootCAs: l.opts.RootCAs, ServerName: v.Host, Timeout: l.opts.stepTimeout(),
			})
			if r.Failed() || r.Capabilities == nil {
				errs[i] = &StepError{Source: bridgeapi.SourceGuess, Host: v.Host, Port: c.Port, Err: fmt.Errorf("%w: %s", ErrNoAnswer, r.Error)}
				return
			}
			found[i] = v
		})
	}
	wg.Wait()
	var problems []*StepError
	for i := range cands {
		if found[i] != nil {
			return found[i], nil
		}
		// A name that does not exist is the usual guess that missed:
		// only other troubles are worth telling.
		if e := errs[i]; e != nil && !isUnresolved(e) {
			problems = append(problems, e)
		}
	}
	return nil, problems
}

func isUnresolved(e *StepError) bool { return errors.Is(e.Err, ErrUnresolved) }
