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
	ports := GuessPorts{TLS: 995, StartTLS: 110}
	if l.opts.GuessPorts != nil {
		ports = *l.opts.GuessPorts
	}
	var out []candidate
	for _, p := range []struct {
		port int
		sec  bridgeapi.Security
	}{{ports.TLS, bridgeapi.SecurityTLS}, {ports.StartTLS, bridgeapi.SecurityStartTLS}} {
		for _, h := range []string{"pop.", "mail."} {
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
	cands := l.guessCandidates(domain)
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
			r := probe.Run(ctx, v.addrs[0].String(), &probe.Options{
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
