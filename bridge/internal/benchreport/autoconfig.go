//go:build unix

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
	"github.com/poppymail/poppy/internal/measure"
)

// The goal for an address lookup, records served locally.
var (
	lookupTimeTarget  = measure.Target{Text: "< 100 ms", Op: measure.Below, Bound: float64(100 * time.Millisecond)}
	lookupTripsTarget = measure.Target{Text: "≤ 1", Op: measure.AtMost, Bound: 1}
)

// autoconfigLookups is how many distinct domains are looked up cold.
const autoconfigLookups = 200

// printAutoconfig measures GET /api/autoconfig, address to servers found,
// against a DNS server on loopback that holds the domains' SRV records,
// and prints its table and verdict to w. It runs unless -only leaves it
// out.
func printAutoconfig(w io.Writer, run func(string) bool) {
	if !run("autoconfig") {
		return
	}
	measure.Logf("autoconfig: %d lookups of distinct domains, then cached…", autoconfigLookups)
	res, err := measureAutoconfig(autoconfigLookups)
	if err != nil {
		fail("autoconfig", err)
	}
	var vd measure.Verdicts
	fmt.Fprintf(w, "\nAddress lookup (GET /api/autoconfig): %d addresses of distinct domains, one after the other, each found through its RFC 6186 SRV records (_pop3s, _pop3, _submissions, _submission, then the hosts' A and AAAA) served by a DNS server on loopback (github.com/miekg/dns), through the bridge's routes on a loopback listener; then the same domains again, from the bridge's cache. Time from the request to the decoded answer. The target holds the median: the cached lookups, which ask no DNS at all, show how much of the p99 is the shared machine's scheduling.\n\n", res.n)
	fmt.Fprintln(w, "| Measurement | p50 | p99 | Target |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	fmt.Fprintf(w, "| **Address → servers found** (cold: DNS asked) | **%s** | %s | %s (p50) |\n", msf(percentile(res.cold, 50)), msf(percentile(res.cold, 99)),
		vd.Check("address lookup < 100 ms", lookupTimeTarget, float64(percentile(res.cold, 50))))
	fmt.Fprintf(w, "| Address → servers found (cached) | %s | %s | |\n", msf(percentile(res.cached, 50)), msf(percentile(res.cached, 99)))
	fmt.Fprintf(w, "| **Round trips to the bridge per lookup** | %.0f | | %s |\n", res.tripsPerLookup,
		vd.Check("one round trip per lookup", lookupTripsTarget, res.tripsPerLookup))
	fmt.Fprintf(w, "| DNS queries per cold lookup | %.1f | | |\n", res.dnsPerLookup)
	if missed := vd.Missed(); len(missed) > 0 {
		fmt.Fprintf(w, "\nAddress lookup targets missed: %v.\n", missed)
	} else {
		fmt.Fprintln(w, "\nAddress lookup targets met.")
	}
}

type autoconfigResult struct {
	n              int
	cold, cached   []time.Duration
	tripsPerLookup float64
	dnsPerLookup   float64
}

func measureAutoconfig(n int) (*autoconfigResult, error) {
	var rrs []string
	for i := range n {
		d := fmt.Sprintf("d%d.bench.test.", i)
		rrs = append(rrs,
			fmt.Sprintf("_pop3s._tcp.%s 300 IN SRV 0 1 995 pop.%s", d, d),
			fmt.Sprintf("_submissions._tcp.%s 300 IN SRV 0 1 465 smtp.%s", d, d),
			"pop."+d+" 300 IN A 127.0.0.1",
			"smtp."+d+" 300 IN A 127.0.0.1",
		)
	}
	dns, err := dnstest.Start(rrs...)
	if err != nil {
		return nil, err
	}
	defer dns.Close()
	// The records point at loopback, which only an operator's explicit
	// allowance (-allow-internal) lets through. The per-client limits are
	// off: this one client stands for many people, and the limit would
	// answer 429 after its burst of 10.
	custom := &targets.Custom{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}
	srv, err := server.New(&server.Options{Autoconfig: autoconfig.New(custom, &autoconfig.Options{Resolver: dns.Addr, PerClient: -1, PerMinute: -1})})
	if err != nil {
		return nil, err
	}
	var requests atomic.Int64
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		srv.Handler().ServeHTTP(w, r)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: counted}
	go hs.Serve(l)
	defer hs.Close()
	base := "http://" + l.Addr().String() + bridgeapi.PathAutoconfig + "?" + bridgeapi.ParamAddress + "="
	client := &http.Client{Timeout: 10 * time.Second}

	lookup := func(i int) (time.Duration, error) {
		start := time.Now()
		resp, err := client.Get(base + fmt.Sprintf("user@d%d.bench.test", i))
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		var found bridgeapi.Autoconfig
		if err := json.NewDecoder(resp.Body).Decode(&found); err != nil || resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("lookup %d: status %d, %v", i, resp.StatusCode, err)
		}
		took := time.Since(start)
		if found.Source != bridgeapi.SourceSRV || found.Submission == nil {
			return 0, fmt.Errorf("lookup %d found %+v, not the SRV records", i, found)
		}
		return took, nil
	}
	// One untimed lookup warms the client's connection and the server.
	if _, err := lookup(0); err != nil {
		return nil, err
	}
	res := &autoconfigResult{n: n - 1}
	q0, r0 := dns.Queries(), requests.Load()
	for i := 1; i < n; i++ {
		d, err := lookup(i)
		if err != nil {
			return nil, err
		}
		res.cold = append(res.cold, d)
	}
	res.tripsPerLookup = float64(requests.Load()-r0) / float64(n-1)
	res.dnsPerLookup = float64(dns.Queries()-q0) / float64(n-1)
	for i := 1; i < n; i++ {
		d, err := lookup(i)
		if err != nil {
			return nil, err
		}
		res.cached = append(res.cached, d)
	}
	return res, nil
}
