//go:build unix

package autoconfig_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
)

// TestLookupPlain: plain POP3 over the Internet is refused, unless the
// operator allows it, and then it is flagged.
func TestLookupPlain(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.look.Lookup(context.Background(), "x@plain.test")
	if !errors.Is(err, autoconfig.ErrPlainRefused) {
		t.Fatalf("plain not allowed: %v", err)
	}
	status, _, refusal := f.get(t, "x@plain.test")
	if status != http.StatusNotFound || len(refusal.Tried) != 1 || refusal.Tried[0].Problem != bridgeapi.ProblemPlain {
		t.Errorf("endpoint: %d %+v", status, refusal)
	}

	o := autoconfig.Options{AllowPlain: true, Resolver: f.dns.Addr, RootCAs: f.dove.RootCAs, StepTimeout: stepTimeout, HTTPSPort: port(t, f.web.Listener.Addr().String())}
	found, err := autoconfig.New(f.custom, &o).Lookup(context.Background(), "x@plain.test")
	if err != nil {
		t.Fatal(err)
	}
	if !found.Insecure || found.POP3.Security != bridgeapi.SecurityPlain || found.POP3.Host != "pop3.plain.test" {
		t.Errorf("allowed plain: %+v, want it flagged insecure", found)
	}
}

// TestLookupBuiltin: a provider of the built-in table is found, vetted
// (so resolved) but not probed, with its OAuth2 flag.
func TestLookupBuiltin(t *testing.T) {
	dns, err := dnstest.Start(
		"pop.gmail.com. 300 IN A 93.184.216.34",
		"smtp.gmail.com. 300 IN AAAA 2606:2800:220:1:248:1893:25c8:1946",
	)
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	l := autoconfig.New(&targets.Custom{}, &autoconfig.Options{Resolver: dns.Addr, StepTimeout: stepTimeout})
	found, err := l.Lookup(context.Background(), "Someone.Else@GMail.com")
	if err != nil {
		t.Fatal(err)
	}
	want := bridgeapi.Autoconfig{
		Address: "Someone.Else@gmail.com", Source: bridgeapi.SourceBuiltin,
		POP3:       bridgeapi.Endpoint{Host: "pop.gmail.com", Port: 995, Security: bridgeapi.SecurityTLS},
		Submission: &bridgeapi.Endpoint{Host: "smtp.gmail.com", Port: 465, Security: bridgeapi.SecurityTLS},
		Username:   "Someone.Else@gmail.com", OAuth: true,
	}
	if !sameAutoconfig(*found, want) {
		t.Errorf("found %+v, want %+v", *found, want)
	}
	// Users may not send through their own servers: no submission.
	l = autoconfig.New(&targets.Custom{NoSubmission: true}, &autoconfig.Options{Resolver: dns.Addr, StepTimeout: stepTimeout})
	if found, err := l.Lookup(context.Background(), "a@gmail.com"); err != nil || found.Submission != nil {
		t.Errorf("NoSubmission: %+v, %v", found, err)
	}
}

// TestLookupCache: a second address of a domain is answered from the
// cache, without a DNS query, with its own username (TestCacheFollowsDNSTTL
// holds the expiry, on a fake clock); and an SRV target behind a CNAME is
// followed.
func TestLookupCache(t *testing.T) {
	f := newFixture(t, nil)
	before := f.dns.Queries()
	first, err := f.look.Lookup(context.Background(), "alice@srv.test")
	if err != nil {
		t.Fatal(err)
	}
	asked := f.dns.Queries() - before
	if asked == 0 {
		t.Fatal("the first lookup asked no DNS query: the count proves nothing")
	}
	second, err := f.look.Lookup(context.Background(), "other@srv.test")
	if err != nil {
		t.Fatal(err)
	}
	if n := f.dns.Queries() - before - asked; n != 0 {
		t.Errorf("the second lookup asked %d DNS queries, want 0 (cached)", n)
	}
	if second.Username != "other@srv.test" || second.POP3 != first.POP3 {
		t.Errorf("cached answer %+v, want the first's servers with its own username", second)
	}

	// Through a CNAME, with the SRV target's address.
	found, err := f.look.Lookup(context.Background(), "x@cname.test")
	if err != nil || found.POP3.Host != "pop.cname.test" {
		t.Fatalf("CNAME: %+v, %v", found, err)
	}
}

// TestEndpointRefusals: the refusals that come before any lookup.
func TestEndpointRefusals(t *testing.T) {
	f := newFixture(t, &autoconfig.Options{Domains: []string{"srv.test"}})
	for _, tt := range []struct {
		address string
		status  int
		reason  bridgeapi.AutoconfigReason
	}{
		{"", http.StatusBadRequest, bridgeapi.ReasonBadAddress},
		{"no-at-sign", http.StatusBadRequest, bridgeapi.ReasonBadAddress},
		{"a@localhost", http.StatusBadRequest, bridgeapi.ReasonBadAddress},
		{"a@127.0.0.1", http.StatusBadRequest, bridgeapi.ReasonBadAddress},
		{"a@[10.0.0.1]", http.StatusBadRequest, bridgeapi.ReasonBadAddress},
		{"a@xml.test", http.StatusForbidden, bridgeapi.ReasonDomainNotAllowed},
	} {
		status, found, refusal := f.get(t, tt.address)
		if status != tt.status || refusal == nil || refusal.Reason != tt.reason {
			t.Errorf("%q: %d %+v %+v, want %d %s", tt.address, status, found, refusal, tt.status, tt.reason)
		}
	}
	// Positive control: the listed domain is looked up.
	if status, _, refusal := f.get(t, "alice@srv.test"); status != http.StatusOK {
		t.Errorf("listed domain: %d %+v", status, refusal)
	}

	// Lookups off: the route still answers, with a refusal the page
	// can explain.
	s, err := server.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := httpGet(t, s.Handler(), bridgeapi.PathAutoconfig+"?address=a@srv.test")
	if rec.Code != http.StatusForbidden || !contains(rec.Body.String(), `"reason":"disabled"`) {
		t.Errorf("disabled: %d %s", rec.Code, rec.Body)
	}
	var off *autoconfig.Lookuper
	if _, err := off.Lookup(context.Background(), "a@srv.test"); !errors.Is(err, autoconfig.ErrDisabled) {
		t.Errorf("nil Lookuper: %v", err)
	}
	if _, err := autoconfig.New(nil, nil).Lookup(context.Background(), "a@srv.test"); !errors.Is(err, autoconfig.ErrDisabled) {
		t.Errorf("no custom policy: %v", err)
	}
}

// TestLookupBusy: past Options.Concurrency lookups at once, more are
// refused at once with ErrBusy instead of piling up.
func TestLookupBusy(t *testing.T) {
	f := newFixture(t, &autoconfig.Options{Concurrency: 1})
	slow := make(chan error, 1)
	go func() {
		// It holds the one slot for a step timeout, once it has it: the
		// probing lookups below may take it first, briefly.
		for {
			_, err := f.look.Lookup(context.Background(), "grace@slow.test")
			if !errors.Is(err, autoconfig.ErrBusy) {
				slow <- err
				return
			}
		}
	}()
	// Until the slow lookup holds the slot, a lookup of a domain with
	// nothing (never cached) runs and ends in ErrNotFound.
	for {
		_, err := f.look.Lookup(context.Background(), "x@nothing.test")
		if errors.Is(err, autoconfig.ErrBusy) {
			break
		}
		if !errors.Is(err, autoconfig.ErrNotFound) {
			t.Fatalf("unexpected: %v", err)
		}
		select {
		case err := <-slow:
			t.Fatalf("the slow lookup ended (%v) before any lookup found the slot taken", err)
		default:
		}
	}
	status, _, refusal := f.get(t, "x@nothing.test")
	if status != http.StatusTooManyRequests || refusal.Reason != bridgeapi.ReasonBusy {
		t.Errorf("endpoint while busy: %d %+v", status, refusal)
	}
	if err := <-slow; !errors.Is(err, autoconfig.ErrTimeout) {
		t.Errorf("slow lookup: %v", err)
	}
	// Positive control: with the slot free again, lookups run.
	if _, err := f.look.Lookup(context.Background(), "alice@srv.test"); err != nil {
		t.Errorf("after the slow lookup: %v", err)
	}
}
