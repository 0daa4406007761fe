// Package dnstest runs an authoritative-looking DNS server on loopback
// (github.com/miekg/dns, UDP and TCP on one port) that answers from
// records a test gives in zone-file syntax (RFC 1035 §5): SRV, A, AAAA,
// CNAME, anything miekg/dns parses. It answers every name it holds, as a
// recursive resolver would, with NXDOMAIN for a name it has no record of
// and an empty answer for a name that has records of other types only.
//
// It is for tests and benchmarks only; the bridge's own DNS client is in
// package autoconfig.
package dnstest

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"
)

// Server is a running DNS server.
type Server struct {
	// Addr is HOST:PORT of both listeners, for -resolver.
	Addr string

	mu      sync.Mutex
	records map[string][]dns.RR // by lower-case absolute name
	queries atomic.Int64
	udp     *dns.Server
	tcp     *dns.Server
}

// Start serves on a free loopback port, UDP and TCP, with the records of
// rrs (zone-file lines, e.g. "_pop3s._tcp.example.test. 300 IN SRV 0 1
// 995 pop.example.test.").
func Start(rrs ...string) (*Server, error) {
	s := &Server{records: map[string][]dns.RR{}}
	if err := s.Add(rrs...); err != nil {
		return nil, err
	}
	// The UDP port is picked first; TCP takes the same number.
	for range 10 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		s.Addr = pc.LocalAddr().String()
		h := dns.HandlerFunc(s.serve)
		s.udp = &dns.Server{PacketConn: pc, Handler: h}
		s.tcp = &dns.Server{Listener: l, Handler: h}
		started := make(chan struct{}, 2)
		s.udp.NotifyStartedFunc = func() { started <- struct{}{} }
		s.tcp.NotifyStartedFunc = func() { started <- struct{}{} }
		go s.udp.ActivateAndServe()
		go s.tcp.ActivateAndServe()
		<-started
		<-started
		return s, nil
	}
	return nil, errors.New("dnstest: no free port for both UDP and TCP")
}

// Add adds records (zone-file lines).
func (s *Server) Add(rrs ...string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, line := range rrs {
		rr, err := dns.NewRR(line)
		if err != nil {
			return fmt.Errorf("dnstest: %q: %w", line, err)
		}
		if rr == nil {
			continue
		}
		name := strings.ToLower(rr.Header().Name)
		s.records[name] = append(s.records[name], rr)
	}
	return nil
}

// Queries returns how many queries the server answered.
func (s *Server) Queries() int64 { return s.queries.Load() }

// Close stops both listeners.
func (s *Server) Close() {
	s.udp.Shutdown()
	s.tcp.Shutdown()
}

func (s *Server) serve(w dns.ResponseWriter, req *dns.Msg) {
	s.queries.Add(1)
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	if len(req.Question) != 1 {
		m.Rcode = dns.RcodeFormatError
		w.WriteMsg(m)
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	s.mu.Lock()
	// Follow CNAMEs as a recursive resolver does, putting the chain first.
	for range 8 {
		rrs, ok := s.records[name]
		if !ok {
			if len(m.Answer) == 0 {
				m.Rcode = dns.RcodeNameError
			}
			break
		}
		next := ""
		for _, rr := range rrs {
			switch {
			case rr.Header().Rrtype == q.Qtype:
				m.Answer = append(m.Answer, dns.Copy(rr))
			case rr.Header().Rrtype == dns.TypeCNAME && q.Qtype != dns.TypeCNAME:
				m.Answer = append(m.Answer, dns.Copy(rr))
				next = strings.ToLower(rr.(*dns.CNAME).Target)
			}
		}
		if next == "" {
			break
		}
		name = next
	}
	s.mu.Unlock()
	// Over UDP an answer larger than the client's buffer is truncated,
	// and the client asks again over TCP.
	if _, udp := w.RemoteAddr().(*net.UDPAddr); udp {
		size := dns.MinMsgSize
		if o := req.IsEdns0(); o != nil {
			size = int(o.UDPSize())
		}
		m.Truncate(size)
	}
	w.WriteMsg(m)
}
