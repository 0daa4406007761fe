package limits

import (
	"fmt"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Defaults for Options.
const (
	DefaultMaxSessions          = 1000
	DefaultMaxSessionsPerClient = 16
	DefaultSessionsPerMinute    = 60
	DefaultBurst                = 20
)

// Options configure a Limiter. A nil *Options, and every zero field, means
// the default; a negative value turns that limit off.
type Options struct {
	// MaxSessions caps concurrent sessions in total.
	MaxSessions int
	// MaxSessionsPerClient caps concurrent sessions of one client.
	MaxSessionsPerClient int
	// SessionsPerMinute is the sustained rate of new sessions per client;
	// Burst is how many a client may open at once after a quiet spell
	// (a mail app opening a few mailboxes together), capped to
	// SessionsPerMinute.
	SessionsPerMinute int
	Burst             int
}

// Kind says which limit refused a session.
type Kind string

const (
	KindTotal     Kind = "total"      // MaxSessions
	KindPerClient Kind = "per_client" // MaxSessionsPerClient
	KindRate      Kind = "rate"       // SessionsPerMinute
)

// LimitError is the refusal of a session by a limit.
type LimitError struct {
	Kind  Kind
	Limit int
}

func (e *LimitError) Error() string {
	switch e.Kind {
	case KindTotal:
		return fmt.Sprintf("limits: %d sessions in total reached", e.Limit)
	case KindPerClient:
		return fmt.Sprintf("limits: %d sessions per client reached", e.Limit)
	default:
		return fmt.Sprintf("limits: more than %d new sessions per minute", e.Limit)
	}
}

// Limiter admits sessions. It is safe for concurrent use and starts no
// goroutine: state of clients that went quiet is swept when the table has
// doubled since the last sweep, so memory follows the number of recently
// active clients.
type Limiter struct {
	maxTotal, maxPerClient int
	perMinute, burst       int

	mu        sync.Mutex
	total     int
	clients   map[netip.Prefix]*client
	nextSweep int
	now       func() time.Time // tests
}

type client struct {
	active int
	rate   *rate.Limiter
}

// New returns a Limiter; nil opts means defaults.
func New(opts *Options) *Limiter {
	if opts == nil {
		opts = &Options{}
	}
	l := &Limiter{
		maxTotal:     orDefault(opts.MaxSessions, DefaultMaxSessions),
		maxPerClient: orDefault(opts.MaxSessionsPerClient, DefaultMaxSessionsPerClient),
		perMinute:    orDefault(opts.SessionsPerMinute, DefaultSessionsPerMinute),
		burst:        orDefault(opts.Burst, DefaultBurst),
		clients:      make(map[netip.Prefix]*client),
		nextSweep:    1024,
		now:          time.Now,
	}
	if l.perMinute > 0 && (l.burst <= 0 || l.burst > l.perMinute) {
		l.burst = l.perMinute
	}
	return l
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// ClientKey is the unit per-client limits count: the address for IPv4
// (and IPv4-mapped IPv6), the /64 for IPv6.
func ClientKey(ip netip.Addr) netip.Prefix {
	ip = ip.Unmap()
	if ip.Is4() {
		return netip.PrefixFrom(ip, 32)
	}
	p, _ := ip.WithZone("").Prefix(64)
	return p
}

// Acquire admits a new session of the client at ip, or refuses it with a
// *LimitError. On success the caller must call release exactly once when
// the session ends. A refusal by the caps does not spend a rate token.
func (l *Limiter) Acquire(ip netip.Addr) (release func(), err error) {
	key := ClientKey(ip)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.maxTotal > 0 && l.total >= l.maxTotal {
		return nil, &LimitError{Kind: KindTotal, Limit: l.maxTotal}
	}
	c := l.clients[key]
	if c == nil {
		l.maybeSweep()
		c = &client{}
		if l.perMinute > 0 {
			c.rate = rate.NewLimiter(rate.Limit(float64(l.perMinute)/60), l.burst)
		}
		l.clients[key] = c
	}
	if l.maxPerClient > 0 && c.active >= l.maxPerClient {
		return nil, &LimitError{Kind: KindPerClient, Limit: l.maxPerClient}
	}
	if c.rate != nil && !c.rate.AllowN(l.now(), 1) {
		return nil, &LimitError{Kind: KindRate, Limit: l.perMinute}
	}
	c.active++
	l.total++
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			c.active--
			l.total--
			l.mu.Unlock()
		})
	}, nil
}

// maybeSweep drops clients with no session whose rate bucket has refilled:
// forgetting them changes nothing. Called with l.mu held.
func (l *Limiter) maybeSweep() {
	if len(l.clients) < l.nextSweep {
		return
	}
	now := l.now()
	for k, c := range l.clients {
		if c.active == 0 && (c.rate == nil || c.rate.TokensAt(now) >= float64(l.burst)) {
			delete(l.clients, k)
		}
	}
	l.nextSweep = max(1024, 2*len(l.clients))
}

// Active returns the number of admitted sessions not yet released.
func (l *Limiter) Active() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

// clientCount is for tests.
func (l *Limiter) clientCount() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}
