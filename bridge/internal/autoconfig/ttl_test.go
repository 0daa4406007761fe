package autoconfig

import (
	"context"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
)

// TestCacheFollowsDNSTTL: a finding is kept for the smallest TTL of the
// records it rests on (here the A record behind a CNAME, 7 s), then asked
// again; and never longer than MaxCacheTTL.
func TestCacheFollowsDNSTTL(t *testing.T) {
	dns, err := dnstest.Start(
		"_pop3s._tcp.ttl.test. 300 IN SRV 0 1 995 pop.ttl.test.",
		"pop.ttl.test. 300 IN CNAME real.ttl.test.",
		"real.ttl.test. 7 IN A 93.184.216.34",
	)
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()
	for _, tt := range []struct {
		name   string
		maxTTL time.Duration
		want   time.Duration // how long the finding is kept
	}{
		{"DNS TTL", 0, 7 * time.Second},
		{"MaxCacheTTL below it", 3 * time.Second, 3 * time.Second},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := New(&targets.Custom{}, &Options{Resolver: dns.Addr, MaxCacheTTL: tt.maxTTL})
			now := time.Now()
			l.cache.now = func() time.Time { return now }
			lookup := func() int64 {
				t.Helper()
				before := dns.Queries()
				if _, err := l.Lookup(context.Background(), "a@ttl.test"); err != nil {
					t.Fatal(err)
				}
				return dns.Queries() - before
			}
			if n := lookup(); n == 0 {
				t.Fatal("the first lookup asked no DNS query: the count proves nothing")
			}
			now = now.Add(tt.want - time.Second)
			if n := lookup(); n != 0 {
				t.Errorf("%v later: %d DNS queries, want the cached finding", tt.want-time.Second, n)
			}
			now = now.Add(time.Second)
			if n := lookup(); n == 0 {
				t.Errorf("at %v: served from the cache, want it expired", tt.want)
			}
		})
	}
	// A negative MaxCacheTTL keeps nothing.
	l := New(&targets.Custom{}, &Options{Resolver: dns.Addr, MaxCacheTTL: -1})
	for range 2 {
		if _, err := l.Lookup(context.Background(), "a@ttl.test"); err != nil {
			t.Fatal(err)
		}
	}
	if l.cache.len() != 0 {
		t.Error("cache off, yet a finding was kept")
	}
}
