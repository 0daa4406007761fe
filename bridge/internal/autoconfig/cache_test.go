package autoconfig

import (
	"testing"
	"time"
)

func TestCache(t *testing.T) {
	now := time.Unix(1000, 0)
	c := newCache(2)
	c.now = func() time.Time { return now }
	f := &finding{source: "srv"}
	c.put("a.test", f, 10*time.Second)
	c.put("b.test", f, 20*time.Second)
	if c.get("a.test") != f || c.get("b.test") != f {
		t.Fatal("entries not kept")
	}
	// Full: the entry closest to expiry goes.
	c.put("c.test", f, 30*time.Second)
	if c.len() != 2 || c.get("a.test") != nil || c.get("c.test") != f {
		t.Errorf("eviction: len %d, a %v, c %v", c.len(), c.get("a.test"), c.get("c.test"))
	}
	// Expiry at the TTL.
	now = now.Add(20 * time.Second)
	if c.get("b.test") != nil {
		t.Error("b.test served at its expiry")
	}
	if c.get("c.test") != f {
		t.Error("c.test gone before its expiry")
	}
	// A TTL of zero is not kept; nor anything by a cache of size 0.
	c.put("d.test", f, 0)
	if c.get("d.test") != nil {
		t.Error("TTL 0 kept")
	}
	off := newCache(0)
	off.put("a.test", f, time.Hour)
	if off.get("a.test") != nil {
		t.Error("size-0 cache kept an entry")
	}
}
