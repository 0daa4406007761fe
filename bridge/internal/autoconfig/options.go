package autoconfig

import (
	"crypto/x509"
	"time"
)

// Defaults of Options.
const (
	DefaultTimeout       = 10 * time.Second
	DefaultStepTimeout   = 4 * time.Second
	DefaultMaxConfigSize = 64 << 10
	DefaultMaxCacheTTL   = time.Hour
	DefaultCacheSize     = 1024
	DefaultConcurrency   = 32
	DefaultPerClient     = 4
	DefaultPerMinute     = 30
)

// Options configure a Lookuper. The zero value is usable: the system's
// resolver, the system's roots, defaults below, no plain POP3.
type Options struct {
	// Resolver is the DNS server asked, HOST:PORT; empty means the first
	// nameserver of /etc/resolv.conf. Operators with split DNS name their
	// internal resolver; tests name theirs.
	Resolver string
	// Domains, when not empty, are the only domains looked up (exact,
	// lower-case, without a trailing dot): a company bridge that serves
	// only @example.com lists example.com.
	Domains []string
	// AllowPlain lets a lookup answer with plain POP3 over the Internet,
	// flagged Insecure; otherwise such a finding is refused.
	AllowPlain bool

	// Timeout bounds a whole lookup; default DefaultTimeout.
	Timeout time.Duration
	// StepTimeout bounds one DNS query, one autoconfig fetch, and one
	// guessed server's CAPA; default DefaultStepTimeout.
	StepTimeout time.Duration
	// MaxConfigSize bounds an autoconfig file; default
	// DefaultMaxConfigSize (real ones are a few KiB).
	MaxConfigSize int64
	// RootCAs verifies the autoconfig hosts and the guessed servers; nil
	// means the system roots. Only tests set it, to their test CA.
	RootCAs *x509.CertPool

	// MaxCacheTTL bounds how long a finding is kept, whatever the DNS
	// TTL; default DefaultMaxCacheTTL. Negative disables the cache.
	MaxCacheTTL time.Duration
	// CacheSize bounds the number of domains kept; default
	// DefaultCacheSize.
	CacheSize int
	// Concurrency bounds the lookups running at once; more are refused
	// with ErrBusy. Default DefaultConcurrency.
	Concurrency int
	// PerClient bounds the lookups one client (an IPv4 address, an IPv6
	// /64) runs at once through Handler, and PerMinute the lookups it
	// starts per minute (bursts of up to 10): every lookup makes the
	// bridge ask DNS, fetch over HTTPS and connect to guessed servers.
	// Defaults DefaultPerClient and DefaultPerMinute; negative turns
	// the limit off.
	PerClient, PerMinute int

	// GuessPorts replaces the ports of step 4 (995 with implicit TLS,
	// then 110 with STLS; for submission 465, then 587 with STARTTLS).
	// Only tests set it: their servers listen on free ports. A zero port
	// is not tried.
	GuessPorts *GuessPorts
	// HTTPSPort replaces 443 for the autoconfig fetches. Only tests set
	// it, for the same reason.
	HTTPSPort int
}

// GuessPorts are the ports step 4 tries.
type GuessPorts struct {
	TLS, StartTLS                     int // POP3
	SubmissionTLS, SubmissionStartTLS int
}

func (o *Options) timeout() time.Duration     { return orDefault(o.Timeout, DefaultTimeout) }
func (o *Options) stepTimeout() time.Duration { return orDefault(o.StepTimeout, DefaultStepTimeout) }

func orDefault[T time.Duration | int | int64](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// limitOrDefault is orDefault for a limit that a negative value turns
// off: zero means the default, a negative value stays negative.
func limitOrDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
