package autoconfig

import (
	"sync"
	"time"
)

// finding is what a lookup found for a domain, before the address fills
// in its templates: the unit the cache keeps.
type finding struct {
	source     string
	pop3       ServerTemplate
	submission *ServerTemplate
	internet   bool // POP3 is reached over the Internet
	oauth      bool
}

// cache keeps findings per domain until their TTL, at most size of them.
type cache struct {
	mu      sync.Mutex
	size    int
	entries map[string]cacheEntry
	now     func() time.Time
}

type cacheEntry struct {
	f       *finding
	expires time.Time
}

func newCache(size int) *cache {
	return &cache{size: size, entries: map[string]cacheEntry{}, now: time.Now}
}

func (c *cache) get(domain string) *finding {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[domain]
	if !ok {
		return nil
	}
	if !c.now().Before(e.expires) {
		delete(c.entries, domain)
		return nil
	}
	return e.f
}

// put keeps f for ttl. When full, it drops the expired entries, and if
// none were, the one closest to expiry: it would go soonest anyway.
func (c *cache) put(domain string, f *finding, ttl time.Duration) {
	if ttl <= 0 || c.size <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if _, ok := c.entries[domain]; !ok && len(c.entries) >= c.size {
		victim, soonest := "", time.Time{}
		for d, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, d)
				continue
			}
			if victim == "" || e.expires.Before(soonest) {
				victim, soonest = d, e.expires
			}
		}
		if len(c.entries) >= c.size {
			delete(c.entries, victim)
		}
	}
	c.entries[domain] = cacheEntry{f: f, expires: now.Add(ttl)}
}

func (c *cache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}
