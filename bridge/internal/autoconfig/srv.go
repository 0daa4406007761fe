package autoconfig

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"sync"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"golang.org/x/net/dns/dnsmessage"
)

// srvService is one RFC 6186 service label and the security it implies.
type srvService struct {
	label    string
	security bridgeapi.Security
}

// The services of RFC 6186 §3.1 and RFC 8314 §5.1, implicit TLS first:
// RFC 8314 has clients prefer it when both are published.
var (
	pop3Services       = []srvService{{"_pop3s._tcp.", bridgeapi.SecurityTLS}, {"_pop3._tcp.", bridgeapi.SecurityStartTLS}}
	submissionServices = []srvService{{"_submissions._tcp.", bridgeapi.SecurityTLS}, {"_submission._tcp.", bridgeapi.SecurityStartTLS}}
)

// srvFinding is what the SRV records of a domain offer, each list in the
// order to try.
type srvFinding struct {
	pop3, submission []candidate
}

// lookupSRV asks for the four SRV names at once. A name that does not
// exist is nothing found; a resolver failure is a *StepError.
func (l *Lookuper) lookupSRV(ctx context.Context, r *ttlResolver, domain string) (srvFinding, []*StepError) {
	all := append(slices.Clone(pop3Services), submissionServices...)
	lists := make([][]candidate, len(all))
	errs := make([]error, len(all))
	var wg sync.WaitGroup
	for i, s := range all {
		wg.Go(func() {
			a, err := l.dns.query(ctx, s.label+domain+".", dnsmessage.TypeSRV)
			if err != nil {
				errs[i] = err
				return
			}
			if len(a.srv) > 0 {
				r.note(a.ttl)
			}
			for _, rec := range orderSRV(a.srv) {
				lists[i] = append(lists[i], candidate{
					ServerTemplate: ServerTemplate{Host: rec.Target, Port: int(rec.Port), Security: s.security},
					source:         bridgeapi.SourceSRV,
				})
			}
		})
	}
	wg.Wait()
	var f srvFinding
	var problems []*StepError
	for i, s := range all {
		if errs[i] != nil && !errors.Is(errs[i], errNoSuchName) {
			problems = append(problems, &StepError{Source: bridgeapi.SourceSRV, Host: s.label + domain, Err: errs[i]})
		}
		if i < len(pop3Services) {
			f.pop3 = append(f.pop3, lists[i]...)
		} else {
			f.submission = append(f.submission, lists[i]...)
		}
	}
	return f, problems
}

// orderSRV returns the records to try, by RFC 2782: lowest priority
// first, and within a priority a random order weighted by Weight (a
// weight-0 record has a small chance to come first). A single record
// whose target is "." says the service is not offered (RFC 2782, RFC 6186
// §3.4): no record is returned.
func orderSRV(recs []srvRecord) []srvRecord {
	if len(recs) == 1 && recs[0].Target == "." {
		return nil
	}
	recs = slices.DeleteFunc(slices.Clone(recs), func(r srvRecord) bool { return r.Target == "." || r.Port == 0 })
	slices.SortStableFunc(recs, func(a, b srvRecord) int { return int(a.Priority) - int(b.Priority) })
	out := make([]srvRecord, 0, len(recs))
	for start := 0; start < len(recs); {
		end := start
		for end < len(recs) && recs[end].Priority == recs[start].Priority {
			end++
		}
		group := recs[start:end]
		// RFC 2782: zero-weight records first, then pick by running sum.
		slices.SortStableFunc(group, func(a, b srvRecord) int {
			return min(int(a.Weight), 1) - min(int(b.Weight), 1)
		})
		for len(group) > 0 {
			total := 0
			for _, g := range group {
				total += int(g.Weight)
			}
			pick := rand.IntN(total + 1)
			i, sum := 0, 0
			for i = range group {
				sum += int(group[i].Weight)
				if sum >= pick {
					break
				}
			}
			out = append(out, group[i])
			group = slices.Delete(group, i, i+1)
		}
		start = end
	}
	return out
}
