package autoconfig

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// errNoSuchName is a name that does not exist (NXDOMAIN) or has no record
// of the type asked: not a failure, just nothing found.
var errNoSuchName = errors.New("autoconfig: no such name")

// maxUDPSize is the EDNS0 payload size the client announces (RFC 6891);
// larger answers come back truncated and are asked again over TCP.
const maxUDPSize = 1232

// dnsClient queries one recursive resolver directly, which Go's resolver
// cannot do while reporting the records' TTLs.
type dnsClient struct {
	server  string // host:port
	timeout time.Duration
}

// srvRecord is one SRV record (RFC 2782).
type srvRecord struct {
	Target           string // absolute, with its trailing dot; "." means none
	Port             uint16
	Priority, Weight uint16
}

// answer is what one query found: the records of the asked type, after any
// CNAME chain, and the smallest TTL on the way.
type answer struct {
	srv   []srvRecord
	addrs []netip.Addr
	ttl   uint32
}

// systemResolver returns the first nameserver of /etc/resolv.conf, or
// the loopback resolver when it names none.
func systemResolver() string {
	f, err := os.Open("/etc/resolv.conf")
	if err == nil {
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			fields := strings.Fields(s.Text())
			if len(fields) >= 2 && fields[0] == "nameserver" {
				if a, err := netip.ParseAddr(fields[1]); err == nil {
					return netip.AddrPortFrom(a, 53).String()
				}
			}
		}
	}
	return "127.0.0.1:53"
}

// query asks the resolver for name (absolute) and type t, over UDP, then
// over TCP if the answer was truncated.
func (c *dnsClient) query(ctx context.Context, name string, t dnsmessage.Type) (*answer, error) {
	qname, err := dnsmessage.NewName(name)
	if err != nil {
		return nil, fmt.Errorf("autoconfig: DNS name %q: %w", name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	id := uint16(rand.Uint32())
	b := dnsmessage.NewBuilder(make([]byte, 2, 514), dnsmessage.Header{ID: id, RecursionDesired: true})
	b.EnableCompression()
	q := dnsmessage.Question{Name: qname, Type: t, Class: dnsmessage.ClassINET}
	var opt dnsmessage.ResourceHeader
	if err := opt.SetEDNS0(maxUDPSize, dnsmessage.RCodeSuccess, false); err != nil {
		return nil, err
	}
	if b.StartQuestions() != nil || b.Question(q) != nil || b.StartAdditionals() != nil ||
		b.OPTResource(opt, dnsmessage.OPTResource{}) != nil {
		return nil, fmt.Errorf("autoconfig: cannot build a DNS query for %q", name)
	}
	msg, err := b.Finish()
	if err != nil {
		return nil, err
	}
	// msg starts with two spare bytes for TCP's length prefix.
	binary.BigEndian.PutUint16(msg, uint16(len(msg)-2))

	resp, err := c.exchange(ctx, "udp", msg)
	if err == nil && resp.Truncated {
		resp, err = c.exchange(ctx, "tcp", msg)
	}
	if err != nil {
		return nil, &DNSError{Name: name, Err: err, Timeout: ctx.Err() != nil || isNetTimeout(err)}
	}
	if resp.ID != id || len(resp.Questions) != 1 || !strings.EqualFold(resp.Questions[0].Name.String(), name) || resp.Questions[0].Type != t {
		return nil, &DNSError{Name: name, Err: errors.New("answer does not match the question")}
	}
	switch resp.RCode {
	case dnsmessage.RCodeSuccess:
	case dnsmessage.RCodeNameError:
		return nil, errNoSuchName
	default:
		return nil, &DNSError{Name: name, Err: fmt.Errorf("resolver answered %v", resp.RCode)}
	}
	return collect(resp, name, t), nil
}

// collect picks the records of type t for name out of an answer section,
// following CNAMEs (a recursive resolver puts the chain first).
func collect(m *dnsmessage.Message, name string, t dnsmessage.Type) *answer {
	a := &answer{ttl: ^uint32(0)}
	want := strings.ToLower(name)
	for range 8 { // a chain longer than this is a loop or an abuse
		next := ""
		for _, rr := range m.Answers {
			if strings.ToLower(rr.Header.Name.String()) != want {
				continue
			}
			switch body := rr.Body.(type) {
			case *dnsmessage.CNAMEResource:
				next = strings.ToLower(body.CNAME.String())
				a.ttl = min(a.ttl, rr.Header.TTL)
			case *dnsmessage.SRVResource:
				if t == dnsmessage.TypeSRV {
					a.srv = append(a.srv, srvRecord{Target: body.Target.String(), Port: body.Port, Priority: body.Priority, Weight: body.Weight})
					a.ttl = min(a.ttl, rr.Header.TTL)
				}
			case *dnsmessage.AResource:
				if t == dnsmessage.TypeA {
					a.addrs = append(a.addrs, netip.AddrFrom4(body.A))
					a.ttl = min(a.ttl, rr.Header.TTL)
				}
			case *dnsmessage.AAAAResource:
				if t == dnsmessage.TypeAAAA {
					a.addrs = append(a.addrs, netip.AddrFrom16(body.AAAA))
					a.ttl = min(a.ttl, rr.Header.TTL)
				}
			}
		}
		if len(a.srv) > 0 || len(a.addrs) > 0 || next == "" {
			break
		}
		want = next
	}
	if len(a.srv) == 0 && len(a.addrs) == 0 {
		a.ttl = 0
	}
	return a
}

// exchange sends msg (with its two-byte length prefix) and reads the
// answer, over network udp or tcp.
func (c *dnsClient) exchange(ctx context.Context, network string, msg []byte) (*dnsmessage.Message, error) {
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, c.server)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	var buf []byte
	if network == "udp" {
		if _, err := conn.Write(msg[2:]); err != nil {
			return nil, err
		}
		buf = make([]byte, 65535)
		n, err := conn.Read(buf)
		if err != nil {
			return nil, err
		}
		buf = buf[:n]
	} else {
		if _, err := conn.Write(msg); err != nil {
			return nil, err
		}
		var l [2]byte
		if _, err := io.ReadFull(conn, l[:]); err != nil {
			return nil, err
		}
		buf = make([]byte, binary.BigEndian.Uint16(l[:]))
		if _, err := io.ReadFull(conn, buf); err != nil {
			return nil, err
		}
	}
	var m dnsmessage.Message
	if err := m.Unpack(buf); err != nil {
		return nil, fmt.Errorf("malformed DNS answer: %w", err)
	}
	return &m, nil
}

// lookupAddrs resolves host (absolute) to its A and AAAA addresses, asked
// at once. A name with neither is errNoSuchName.
func (c *dnsClient) lookupAddrs(ctx context.Context, host string) ([]netip.Addr, uint32, error) {
	type res struct {
		a   *answer
		err error
	}
	var wg sync.WaitGroup
	out := make([]res, 2)
	for i, t := range []dnsmessage.Type{dnsmessage.TypeA, dnsmessage.TypeAAAA} {
		wg.Go(func() {
			a, err := c.query(ctx, host, t)
			out[i] = res{a, err}
		})
	}
	wg.Wait()
	var addrs []netip.Addr
	ttl := ^uint32(0)
	var firstErr error
	for _, r := range out {
		switch {
		case r.err == nil:
			addrs = append(addrs, r.a.addrs...)
			if len(r.a.addrs) > 0 {
				ttl = min(ttl, r.a.ttl)
			}
		case !errors.Is(r.err, errNoSuchName) && firstErr == nil:
			firstErr = r.err
		}
	}
	if len(addrs) == 0 {
		if firstErr != nil {
			return nil, 0, firstErr
		}
		return nil, 0, errNoSuchName
	}
	return addrs, ttl, nil
}

// ttlResolver is a targets.Resolver over a dnsClient that remembers the
// smallest TTL of what it resolved, so that a finding is cached no longer
// than the addresses it was vetted with.
type ttlResolver struct {
	c   *dnsClient
	mu  sync.Mutex
	ttl uint32
}

func newTTLResolver(c *dnsClient) *ttlResolver { return &ttlResolver{c: c, ttl: ^uint32(0)} }

// LookupNetIP implements targets.Resolver; network is ignored (both
// families are asked).
func (r *ttlResolver) LookupNetIP(ctx context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ttl, err := r.c.lookupAddrs(ctx, host)
	if err != nil {
		return nil, err
	}
	r.note(ttl)
	return addrs, nil
}

func (r *ttlResolver) note(ttl uint32) {
	r.mu.Lock()
	r.ttl = min(r.ttl, ttl)
	r.mu.Unlock()
}

func (r *ttlResolver) minTTL() uint32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.ttl
}

func isNetTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
