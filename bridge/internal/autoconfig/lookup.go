package autoconfig

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// Lookuper finds the servers of e-mail addresses. It is safe for
// concurrent use. A nil *Lookuper answers ErrDisabled.
type Lookuper struct {
	opts      Options
	custom    *targets.Custom
	dns       *dnsClient
	cache     *cache
	sem       chan struct{}
	clients   *limits.Limiter // per client, applied by Handler
	httpsPort int
}

// New returns a Lookuper whose findings are vetted by custom, the policy
// of user-entered servers, since that is how the page reaches them. A nil
// custom (user-entered servers disabled) gives a Lookuper that answers
// ErrDisabled. custom.Resolver is not used: the lookups resolve through
// Options.Resolver, whose TTLs they need.
func New(custom *targets.Custom, opts *Options) *Lookuper {
	l := &Lookuper{custom: custom, httpsPort: 443}
	if opts != nil {
		l.opts = *opts
	}
	server := l.opts.Resolver
	if server == "" {
		server = systemResolver()
	}
	l.httpsPort = orDefault(l.opts.HTTPSPort, 443)
	l.dns = &dnsClient{server: server, timeout: l.opts.stepTimeout()}
	size := orDefault(l.opts.CacheSize, DefaultCacheSize)
	if l.opts.MaxCacheTTL < 0 {
		size = 0
	}
	l.cache = newCache(size)
	l.sem = make(chan struct{}, orDefault(l.opts.Concurrency, DefaultConcurrency))
	// Negative turns a limit off (Options): limits.Options reads any
	// non-zero value as given and a negative one as none.
	perMinute := limitOrDefault(l.opts.PerMinute, DefaultPerMinute)
	l.clients = limits.New(&limits.Options{
		MaxSessions:          -1, // the total is l.sem's
		MaxSessionsPerClient: limitOrDefault(l.opts.PerClient, DefaultPerClient),
		SessionsPerMinute:    perMinute,
		Burst:                min(10, max(perMinute, 1)),
	})
	return l
}

// Lookup finds the servers of address, in the order of the package
// documentation, and returns them vetted, with the username filled in.
//
// Errors: ErrDisabled, ErrBadAddress, ErrDomainNotAllowed, ErrBusy, or a
// *NotFoundError (matching ErrNotFound and each step's trouble: a
// *targets.ForbiddenError, targets.ErrPortNotAllowed, ErrPlainRefused,
// ErrMalformed, ErrTooLarge, ErrRedirect, ErrTimeout, ErrHTTP, *DNSError,
// ErrNoAnswer). A lookup never outlasts Options.Timeout.
func (l *Lookuper) Lookup(ctx context.Context, address string) (*bridgeapi.Autoconfig, error) {
	if l == nil || l.custom == nil {
		return nil, ErrDisabled
	}
	a, err := ParseAddress(address)
	if err != nil {
		return nil, err
	}
	if len(l.opts.Domains) > 0 && !slices.Contains(l.opts.Domains, a.Domain) {
		return nil, fmt.Errorf("%w (%s)", ErrDomainNotAllowed, a.Domain)
	}
	if f := l.cache.get(a.Domain); f != nil {
		return l.answer(a, f), nil
	}
	select {
	case l.sem <- struct{}{}:
		defer func() { <-l.sem }()
	default:
		return nil, ErrBusy
	}
	ctx, cancel := context.WithTimeout(ctx, l.opts.timeout())
	defer cancel()

	r := newTTLResolver(l.dns)
	pol := *l.custom
	pol.Resolver = r
	f, problems := l.find(ctx, &pol, a.Domain)
	if f == nil {
		return nil, &NotFoundError{Domain: a.Domain, Steps: problems}
	}
	ttl := max(l.opts.MaxCacheTTL, 0)
	if ttl == 0 {
		ttl = DefaultMaxCacheTTL
	}
	if m := r.minTTL(); m != ^uint32(0) {
		ttl = min(ttl, time.Duration(m)*time.Second)
	}
	l.cache.put(a.Domain, f, ttl)
	return l.answer(a, f), nil
}

// find runs the steps in order until one yields a usable POP3 server.
func (l *Lookuper) find(ctx context.Context, pol *targets.Custom, domain string) (*finding, []*StepError) {
	var problems []*StepError
	note := func(ps ...*StepError) { problems = append(problems, ps...) }

	// 1. SRV records.
	srv, ps := l.lookupSRV(ctx, pol.Resolver.(*ttlResolver), domain)
	note(ps...)
	if v, ps := l.first(ctx, pol, srv.pop3); v != nil {
		return l.finding(ctx, pol, bridgeapi.SourceSRV, v, srv.submission, false), problems
	} else {
		note(ps...)
	}

	// 2. The autoconfig file.
	if cfg, ps := l.fetchConfig(ctx, pol, domain); cfg != nil {
		note(ps...)
		pop3 := templates(cfg.POP3, bridgeapi.SourceAutoconfig, domain)
		if v, ps := l.first(ctx, pol, pop3); v != nil {
			smtp := templates(cfg.SMTP, bridgeapi.SourceAutoconfig, domain)
			return l.finding(ctx, pol, bridgeapi.SourceAutoconfig, v, smtp, v.OAuth), problems
		} else {
			note(ps...)
		}
	} else {
		note(ps...)
	}

	// 3. The built-in table.
	if table, err := builtin(); err == nil && table[domain] != nil {
		p := table[domain]
		c := candidate{ServerTemplate: p.POP3.template(p.Username), source: bridgeapi.SourceBuiltin}
		if v, ps := l.first(ctx, pol, []candidate{c}); v != nil {
			var subs []candidate
			if p.Submission != (tableHost{}) {
				subs = append(subs, candidate{ServerTemplate: p.Submission.template(p.Username), source: bridgeapi.SourceBuiltin})
			}
			return l.finding(ctx, pol, bridgeapi.SourceBuiltin, v, subs, p.OAuth), problems
		} else {
			note(ps...)
		}
	}

	// 4. Guesses.
	if v, ps := l.guess(ctx, pol, domain); v != nil {
		f := l.finding(ctx, pol, bridgeapi.SourceGuess, v, nil, false)
		f.submission = l.guessSubmission(ctx, pol, domain)
		return f, problems
	} else {
		note(ps...)
	}
	return nil, problems
}

// templates makes candidates of an autoconfig file's servers, with
// %EMAILDOMAIN% filled in their host names. A host name with the local
// part in it would be a host per user, which a finding cached per domain
// cannot hold: such servers are dropped.
func templates(ts []ServerTemplate, src bridgeapi.AutoconfigSource, domain string) []candidate {
	var out []candidate
	for _, t := range ts {
		if strings.Contains(t.Host, "%EMAILADDRESS%") || strings.Contains(t.Host, "%EMAILLOCALPART%") {
			continue
		}
		t.Host = strings.ReplaceAll(t.Host, "%EMAILDOMAIN%", domain)
		out = append(out, candidate{ServerTemplate: t, source: src})
	}
	return out
}

// maxCandidates bounds the servers of one step that are vetted: each
// costs DNS queries, and a domain that publishes dozens of SRV records or
// file entries should not turn one request into as many lookups.
const maxCandidates = 6

// first vets cands in order and returns the first that passes.
func (l *Lookuper) first(ctx context.Context, pol *targets.Custom, cands []candidate) (*vetted, []*StepError) {
	var problems []*StepError
	for _, c := range cands[:min(len(cands), maxCandidates)] {
		v, err := vet(ctx, pol, c, l.opts.AllowPlain)
		if err == nil {
			return v, nil
		}
		problems = append(problems, err)
	}
	return nil, problems
}

// finding completes a POP3 server with the first submission server of
// subs that passes the submission policy. Submission is optional: when
// users may not send through their own server, or none passes, the
// finding has none.
func (l *Lookuper) finding(ctx context.Context, pol *targets.Custom, src bridgeapi.AutoconfigSource, pop3 *vetted, subs []candidate, oauth bool) *finding {
	f := &finding{source: string(src), pop3: pop3.ServerTemplate, internet: pop3.internet, oauth: oauth}
	subPol, err := pol.ForService(bridgeapi.ServiceSubmission)
	if err != nil || subPol == nil {
		return f
	}
	// Plain submission is never offered: it would carry the password in
	// clear whatever the operator allows for POP3.
	subs = slices.DeleteFunc(slices.Clone(subs), func(c candidate) bool { return c.Security == bridgeapi.SecurityPlain })
	if v, _ := l.first(ctx, subPol, subs); v != nil {
		t := v.ServerTemplate
		f.submission = &t
	}
	return f
}

// answer fills a finding's templates in for address a.
func (l *Lookuper) answer(a Address, f *finding) *bridgeapi.Autoconfig {
	pop3 := f.pop3.expand(a)
	out := &bridgeapi.Autoconfig{
		Address:  a.String(),
		Source:   bridgeapi.AutoconfigSource(f.source),
		POP3:     bridgeapi.Endpoint{Host: pop3.Host, Port: pop3.Port, Security: pop3.Security},
		Username: pop3.Username,
		Insecure: pop3.Security == bridgeapi.SecurityPlain && f.internet,
		OAuth:    f.oauth,
	}
	if f.submission != nil {
		s := f.submission.expand(a)
		out.Submission = &bridgeapi.Endpoint{Host: s.Host, Port: s.Port, Security: s.Security}
	}
	return out
}

// Problems lists, for the page, what each step of a failed lookup ran
// into (see bridgeapi.AutoconfigRefusal.Tried).
func Problems(err error) []bridgeapi.AutoconfigProblem {
	var nf *NotFoundError
	if !errors.As(err, &nf) {
		return nil
	}
	out := make([]bridgeapi.AutoconfigProblem, 0, len(nf.Steps))
	for _, s := range nf.Steps {
		out = append(out, problem(s))
	}
	return out
}
