//go:build unix

package autoconfig_test

import (
	"context"
	"errors"
	"net/http"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// TestLookupSignsIn: for each way of finding a server that the issue
// names, the endpoint's answer is enough to sign in to the real Dovecot.
func TestLookupSignsIn(t *testing.T) {
	f := newFixture(t, nil)
	tlsPort, plainPort := port(t, f.dove.TLSAddr), port(t, f.dove.Addr)
	tests := []struct {
		name, address string
		want          bridgeapi.Autoconfig
	}{
		{"SRV", "alice@srv.test", bridgeapi.Autoconfig{
			Address: "alice@srv.test", Source: bridgeapi.SourceSRV,
			POP3:       bridgeapi.Endpoint{Host: "pop3.srv.test", Port: tlsPort, Security: bridgeapi.SecurityTLS},
			Submission: &bridgeapi.Endpoint{Host: "smtp.srv.test", Port: 465, Security: bridgeapi.SecurityTLS},
			Username:   "alice@srv.test",
		}},
		{"autoconfig file", "bob@xml.test", bridgeapi.Autoconfig{
			Address: "bob@xml.test", Source: bridgeapi.SourceAutoconfig,
			POP3:       bridgeapi.Endpoint{Host: "pop.xml.test", Port: tlsPort, Security: bridgeapi.SecurityTLS},
			Submission: &bridgeapi.Endpoint{Host: "smtp.xml.test", Port: 587, Security: bridgeapi.SecurityStartTLS},
			Username:   "bob",
		}},
		{"guess", "carol@guess.test", bridgeapi.Autoconfig{
			Address: "carol@guess.test", Source: bridgeapi.SourceGuess,
			POP3:     bridgeapi.Endpoint{Host: "pop.guess.test", Port: tlsPort, Security: bridgeapi.SecurityTLS},
			Username: "carol@guess.test",
		}},
	}
	_ = plainPort
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, found, refusal := f.get(t, tt.address)
			if status != http.StatusOK {
				t.Fatalf("status %d, refusal %+v", status, refusal)
			}
			if !sameAutoconfig(*found, tt.want) {
				t.Fatalf("found %+v (submission %+v),\nwant  %+v (submission %+v)", *found, found.Submission, tt.want, tt.want.Submission)
			}
			f.signIn(t, found, users[found.Username])
		})
	}
}

func sameAutoconfig(a, b bridgeapi.Autoconfig) bool {
	sa, sb := a.Submission, b.Submission
	a.Submission, b.Submission = nil, nil
	return a == b && (sa == nil) == (sb == nil) && (sa == nil || *sa == *sb)
}

// TestLookupRefusals: what must be refused is, with a typed error and an
// answer the page can turn into a sentence, and never after a hang.
func TestLookupRefusals(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name, address string
		// check is applied to Lookup's error.
		check   func(error) bool
		problem bridgeapi.AutoconfigProblemKind
	}{
		{"SRV to a private address", "dave@private.test", func(err error) bool {
			var fe *targets.ForbiddenError
			return errors.As(err, &fe) && fe.Addr == netip.MustParseAddr("10.0.0.5") && fe.Class == "private"
		}, bridgeapi.ProblemUnreachable},
		{"malformed autoconfig file", "erin@malformed.test", is(autoconfig.ErrMalformed), bridgeapi.ProblemMalformed},
		{"huge autoconfig file", "frank@huge.test", is(autoconfig.ErrTooLarge), bridgeapi.ProblemTooLarge},
		{"slow autoconfig server", "grace@slow.test", is(autoconfig.ErrTimeout), bridgeapi.ProblemTimeout},
		{"redirect to an off-domain address", "heidi@offsite.test", is(autoconfig.ErrRedirect), bridgeapi.ProblemRedirect},
		{"redirect to plain HTTP", "judy@downgrade.test", is(autoconfig.ErrRedirect), bridgeapi.ProblemRedirect},
		{"redirect to a host at a private address", "ivan@redirect.test", func(err error) bool {
			var fe *targets.ForbiddenError
			return errors.As(err, &fe) && fe.Addr == netip.MustParseAddr("10.0.0.9")
		}, bridgeapi.ProblemUnreachable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := f.look.Lookup(context.Background(), tt.address)
			if took := time.Since(start); took > 3*stepTimeout {
				t.Errorf("lookup took %v, more than the steps' bounds allow", took)
			}
			if !errors.Is(err, autoconfig.ErrNotFound) || !tt.check(err) {
				t.Fatalf("Lookup(%s) = %v; wrong error", tt.address, err)
			}
			t.Logf("%s: %v", tt.address, err) // the operator's view

			status, found, refusal := f.get(t, tt.address)
			if status != http.StatusNotFound || refusal == nil || refusal.Reason != bridgeapi.ReasonNotFound {
				t.Fatalf("endpoint: %d, %+v, %+v", status, found, refusal)
			}
			if !slices.ContainsFunc(refusal.Tried, func(p bridgeapi.AutoconfigProblem) bool { return p.Problem == tt.problem }) {
				t.Errorf("tried = %+v, want a %q problem", refusal.Tried, tt.problem)
			}
		})
	}
}

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// TestLookupLoopbackNeedsAllow: the tests' loopback allowance is what lets
// their findings through. Without it, the same SRV records are refused.
func TestLookupLoopbackNeedsAllow(t *testing.T) {
	f := newFixture(t, nil)
	strict := *f.custom
	strict.Allow = nil
	l := autoconfig.New(&strict, &autoconfig.Options{Resolver: f.dns.Addr, StepTimeout: stepTimeout, RootCAs: f.dove.RootCAs})
	_, err := l.Lookup(context.Background(), "alice@srv.test")
	var fe *targets.ForbiddenError
	if !errors.As(err, &fe) || fe.Class != "loopback" {
		t.Fatalf("without Allow: %v, want loopback refused", err)
	}
	// Positive control: the fixture's own Lookuper finds it.
	if _, err := f.look.Lookup(context.Background(), "alice@srv.test"); err != nil {
		t.Fatal(err)
	}
}
