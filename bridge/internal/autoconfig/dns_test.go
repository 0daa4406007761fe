package autoconfig

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/dnstest"
	"golang.org/x/net/dns/dnsmessage"
)

func TestDNSClient(t *testing.T) {
	var rrs []string
	// Enough SRV records to overflow a UDP answer: the client must ask
	// again over TCP and get them all.
	for i := range 80 {
		rrs = append(rrs, fmt.Sprintf("_pop3s._tcp.big.test. 60 IN SRV 0 %d 995 pop%d.big.test.", i, i))
	}
	rrs = append(rrs,
		"alias.test. 30 IN CNAME target.test.",
		"target.test. 90 IN A 192.0.2.1",
		"target.test. 90 IN AAAA 2001:db8::1",
		"txt.test. 90 IN TXT hello",
	)
	s, err := dnstest.Start(rrs...)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := &dnsClient{server: s.Addr, timeout: 5 * time.Second}
	ctx := context.Background()

	a, err := c.query(ctx, "_pop3s._tcp.big.test.", dnsmessage.TypeSRV)
	if err != nil || len(a.srv) != 80 || a.ttl != 60 {
		t.Fatalf("big SRV set: %d records, ttl %d, %v", len(a.srvOrNil()), a.ttlOrZero(), err)
	}
	addrs, ttl, err := c.lookupAddrs(ctx, "alias.test.")
	if err != nil || len(addrs) != 2 || ttl != 30 {
		t.Errorf("through a CNAME: %v ttl %d, %v; want both addresses, the CNAME's TTL", addrs, ttl, err)
	}
	if _, err := c.query(ctx, "nothing.test.", dnsmessage.TypeSRV); !errors.Is(err, errNoSuchName) {
		t.Errorf("NXDOMAIN: %v", err)
	}
	if _, _, err := c.lookupAddrs(ctx, "txt.test."); !errors.Is(err, errNoSuchName) {
		t.Errorf("a name without addresses: %v", err)
	}

	// A resolver that never answers: a *DNSError matching ErrTimeout,
	// within the timeout.
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	mute := &dnsClient{server: pc.LocalAddr().String(), timeout: 300 * time.Millisecond}
	start := time.Now()
	_, err = mute.query(ctx, "x.test.", dnsmessage.TypeA)
	var de *DNSError
	if !errors.As(err, &de) || !errors.Is(err, ErrTimeout) || time.Since(start) > 3*time.Second {
		t.Errorf("mute resolver: %v after %v", err, time.Since(start))
	}
}

func (a *answer) srvOrNil() []srvRecord {
	if a == nil {
		return nil
	}
	return a.srv
}

func (a *answer) ttlOrZero() uint32 {
	if a == nil {
		return 0
	}
	return a.ttl
}
