package main

import (
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strings"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// serveConfig is the parsed and checked configuration of the server.
type serveConfig struct {
	listen, tlsCert, tlsKey string
	metricsListen           string

	targets     []targets.Target
	demo        bool
	demoDir     string
	webDir      string
	allowCustom bool
	customPorts []int
	// customSubmissionPorts is nil when user-entered servers may not
	// send (-custom-submission-ports "").
	customSubmissionPorts []int

	publicNames    []string
	origins        []string
	trustedProxies []netip.Prefix
	forbid         []netip.Prefix
	allowInternal  []netip.Prefix

	// resolver is the DNS server (HOST:PORT) of address lookups and
	// user-entered servers; empty means the system's.
	resolver             string
	autoconfig           bool
	autoconfigDomains    []string
	autoconfigAllowPlain bool

	// oauth are the -oauth providers, listed in /api/targets.
	oauth []bridgeapi.OAuthProvider

	limits           limits.Options
	idleTimeout      time.Duration
	maxSessionLength time.Duration
	maxMessageSize   int64
	dialTimeout      time.Duration
	shutdownTimeout  time.Duration

	logFormat, logLevel string
}

func parseServeFlags(args []string, lookup func(string) (string, bool), stderr io.Writer) (*serveConfig, error) {
	fs := flag.NewFlagSet("bridge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		c                  serveConfig
		targetSpecs        listFlag
		submissionSpecs    listFlag
		proxyProtocol      listFlag
		publicNames        listFlag
		origins            listFlag
		proxies            listFlag
		forbid             listFlag
		allowInternal      listFlag
		autoconfigDomains  listFlag
		resolver           string
		customPorts        string
		customSubmission   string
		maxMessage         int
		demo               bool
		maxSessions, perIP int
		perMinute, burst   int
	)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "`address` of the HTTP(S) listener")
	fs.StringVar(&c.tlsCert, "tls-cert", "", "PEM certificate `file` (with -tls-key): serve HTTPS, needed to install the app off localhost")
	fs.StringVar(&c.tlsKey, "tls-key", "", "PEM private key `file` (with -tls-cert)")
	fs.Var(&targetSpecs, "target", "mail server users may reach, as `NAME=HOST:PORT/SECURITY` (SECURITY: tls, starttls or plain); repeatable")
	fs.Var(&submissionSpecs, "submission", "submission server of a -target, which lets its users send, as `NAME=HOST:PORT/SECURITY` with the target's NAME,\n"+
		"e.g. work=mail.example.com:465/tls or work=mail.example.com:587/starttls; repeatable")
	fs.Var(&proxyProtocol, "proxy-protocol", "`NAME` of a -target whose POP3 server gets a PROXY protocol v2 header with the browser's address before each session,\n"+
		"so that its logs, auth penalties and bans see the browser rather than the bridge (Dovecot: haproxy = yes on the listener and the\n"+
		"bridge in haproxy_trusted_networks); NAME/submission for its -submission server; repeatable. A server not set up for it refuses every session")
	fs.BoolVar(&demo, "demo", false, "serve the demo mailbox as target \"demo\" (default on when no -target is given)")
	fs.StringVar(&c.demoDir, "demo-dir", "testdata/demo", "`folder` of .eml files (or a maildir) for the demo mailbox")
	fs.StringVar(&c.webDir, "web-dir", "web", "`folder` of the built web app (app.wasm, its .br and .gz, wasm_exec.js, app.css, icons); `make web` builds it")
	fs.BoolVar(&c.allowCustom, "allow-custom", false, "let users enter their own server (target=custom&host=H&port=P); only public addresses on -custom-ports")
	fs.StringVar(&customPorts, "custom-ports", "110,995", "comma-separated `ports` a user-entered server may use")
	fs.StringVar(&customSubmission, "custom-submission-ports", "465,587", "comma-separated `ports` a user-entered submission server may use (target=custom&service=submission);\n"+
		"empty: users may not send through a server of their own")
	fs.Var(&publicNames, "public-name", "`name` users open the bridge at, [https://]HOST[:PORT]: only pages there (and at -origin) may use the relay.\n"+
		"Without a scheme: https with -tls-cert, else http (behind a TLS proxy write https://); without a port: the scheme's default.\n"+
		"Default: the -listen address, and localhost, 127.0.0.1 and [::1] when it is loopback or unspecified, with its port;\n"+
		"repeatable or comma-separated")
	fs.Var(&origins, "origin", "extra `origin` (scheme://host[:port]) whose pages may use the relay, besides the bridge's public names; repeatable")
	fs.Var(&forbid, "forbid", "extra `prefixes` (CIDR or address) a user-entered server may not be at, besides the built-in private and special-purpose ranges:\n"+
		"your own public networks, your NAT64 prefix, e.g. 192.0.2.0/24,2001:db8:64::/96; repeatable or comma-separated")
	fs.Var(&allowInternal, "allow-internal", "`prefixes` (CIDR or address) a user-entered or looked-up server may be at although they are private or special-purpose:\n"+
		"an internal mail network, e.g. 10.1.2.0/24; -forbid still wins; repeatable or comma-separated")
	fs.StringVar(&resolver, "resolver", "", "DNS server (`IP[:PORT]`, port 53 by default) for address lookups and user-entered servers, e.g. an internal resolver with split DNS;\n"+
		"default the system's (the first nameserver of /etc/resolv.conf for lookups)")
	fs.BoolVar(&c.autoconfig, "autoconfig", true, "find a user's servers from their e-mail address (GET /api/autoconfig: SRV records, the domain's autoconfig file,\n"+
		"a built-in table of large providers, then pop.DOMAIN/mail.DOMAIN); only with -allow-custom, since found servers are user-entered servers")
	fs.Var(&autoconfigDomains, "autoconfig-domains", "look up only addresses of these `domains` (exact names), e.g. example.com for a company bridge; repeatable or comma-separated")
	fs.BoolVar(&c.autoconfigAllowPlain, "autoconfig-allow-plain", false, "let lookups answer with plain POP3 over the Internet (flagged insecure to the page); refused otherwise")
	var oauth oauthFlag
	fs.Var(&oauth, "oauth", "OAuth 2.0 `provider` for sign-in, as NAME=ISSUER,CLIENT_ID[,SCOPE...] (the -target called NAME takes its tokens;\n"+
		"the issuer's OpenID configuration gives the rest, read at start to let the page reach the token endpoint; the tab signs in with PKCE as a public client, no secret);\n"+
		"repeatable, spaces between providers in the variable")
	fs.Var(&proxies, "trusted-proxy", "`CIDR` of a reverse proxy whose X-Forwarded-For is believed; repeatable")
	fs.IntVar(&maxSessions, "max-sessions", limits.DefaultMaxSessions, "most concurrent sessions in total (-1: no limit)")
	fs.IntVar(&perIP, "max-sessions-per-ip", limits.DefaultMaxSessionsPerClient, "most concurrent sessions per client IP (IPv6: per /64; -1: no limit)")
	fs.IntVar(&perMinute, "sessions-per-minute", limits.DefaultSessionsPerMinute, "new sessions per minute per client IP (-1: no limit)")
	fs.IntVar(&burst, "sessions-burst", limits.DefaultBurst, "new sessions a client IP may open at once")
	fs.DurationVar(&c.idleTimeout, "idle-timeout", relay.DefaultIdleTimeout, "end a session after this long without a byte either way")
	fs.DurationVar(&c.maxSessionLength, "max-session-length", relay.DefaultMaxSessionLength, "end any session after this long")
	fs.IntVar(&maxMessage, "max-message-size", relay.DefaultMaxMessageSize, "largest WebSocket message accepted from a browser, in `bytes`")
	fs.DurationVar(&c.dialTimeout, "dial-timeout", targets.DefaultDialTimeout, "bound on connecting to a mail server")
	fs.DurationVar(&c.shutdownTimeout, "shutdown-timeout", server.DefaultShutdownTimeout, "on SIGINT/SIGTERM, how long sessions may run on before \"going away\"")
	fs.StringVar(&c.metricsListen, "metrics-listen", "", "serve /metrics on this `address` instead of the main listener")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.Usage = usageWithEnv(fs, "Usage: bridge [flags]\n       bridge probe [flags] HOST:PORT\n       bridge export [flags] OUT\n       bridge healthcheck [flags]\n\nFlags (environment variable in parentheses):\n")

	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return nil, errHelp
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (targets are given with -target)", fs.Arg(0))
	}
	set, err := applyEnv(fs, lookup)
	if err != nil {
		return nil, err
	}

	for _, s := range targetSpecs {
		t, err := targets.Parse(s)
		if err != nil {
			return nil, err
		}
		c.targets = append(c.targets, t)
	}
	for _, s := range submissionSpecs {
		// The demo target is made at start and brings its own server.
		if name, _, _ := strings.Cut(s, "="); name == bridgeapi.DemoTarget {
			return nil, fmt.Errorf("-submission %q: the demo target has its own submission server", s)
		}
	}
	if err := targets.AddSubmissions(c.targets, submissionSpecs); err != nil {
		return nil, fmt.Errorf("-submission: %w", err)
	}
	for _, s := range proxyProtocol {
		if name, _, _ := strings.Cut(s, "/"); name == bridgeapi.DemoTarget {
			return nil, fmt.Errorf("-proxy-protocol %q: the demo mailbox does not read PROXY protocol headers; name a -target", s)
		}
	}
	if err := targets.SetProxyProtocol(c.targets, proxyProtocol); err != nil {
		return nil, fmt.Errorf("-proxy-protocol: %w", err)
	}
	c.oauth = oauthProviders(oauth, c.targets)
	// The demo is the default when nothing else is configured, so a
	// fresh checkout shows a working inbox.
	c.demo = demo || (!set["demo"] && len(c.targets) == 0)
	if c.allowCustom {
		if c.customPorts, err = parsePorts(customPorts); err != nil {
			return nil, fmt.Errorf("-custom-ports: %v", err)
		}
		if strings.TrimSpace(customSubmission) != "" {
			if c.customSubmissionPorts, err = parsePorts(customSubmission); err != nil {
				return nil, fmt.Errorf("-custom-submission-ports: %v", err)
			}
		}
	}
	tlsServed := c.tlsCert != ""
	for _, n := range splitList(publicNames) {
		if _, err := server.PublicOrigin(n, tlsServed); err != nil {
			return nil, fmt.Errorf("-public-name: %w", err)
		}
		c.publicNames = append(c.publicNames, n)
	}
	for _, f := range forbid {
		ps, err := limits.ParsePrefixes(f)
		if err != nil {
			return nil, fmt.Errorf("-forbid: %w", err)
		}
		c.forbid = append(c.forbid, ps...)
	}
	for _, f := range allowInternal {
		ps, err := limits.ParsePrefixes(f)
		if err != nil {
			return nil, fmt.Errorf("-allow-internal: %w", err)
		}
		c.allowInternal = append(c.allowInternal, ps...)
	}
	if c.resolver, err = parseResolver(resolver); err != nil {
		return nil, err
	}
	for _, d := range splitList(autoconfigDomains) {
		d = strings.ToLower(strings.TrimSuffix(d, "."))
		if _, err := autoconfig.ParseAddress("x@" + d); err != nil {
			return nil, fmt.Errorf("-autoconfig-domains %q: want a domain name such as example.com", d)
		}
		c.autoconfigDomains = append(c.autoconfigDomains, d)
	}
	for _, o := range origins {
		n, err := relay.NormalizeOrigin(o)
		if err != nil {
			return nil, err
		}
		c.origins = append(c.origins, n)
	}
	for _, p := range proxies {
		ps, err := limits.ParsePrefixes(p)
		if err != nil {
			return nil, fmt.Errorf("-trusted-proxy %q: %v", p, err)
		}
		c.trustedProxies = append(c.trustedProxies, ps...)
	}
	if maxMessage < 1024 {
		return nil, fmt.Errorf("-max-message-size %d: at least 1024 (a TLS record is up to about 16 KiB)", maxMessage)
	}
	c.maxMessageSize = int64(maxMessage)
	c.limits = limits.Options{MaxSessions: maxSessions, MaxSessionsPerClient: perIP, SessionsPerMinute: perMinute, Burst: burst}
	for name, d := range map[string]time.Duration{"idle-timeout": c.idleTimeout, "max-session-length": c.maxSessionLength, "dial-timeout": c.dialTimeout, "shutdown-timeout": c.shutdownTimeout} {
		if d <= 0 {
			return nil, fmt.Errorf("-%s must be positive", name)
		}
	}
	if (c.tlsCert == "") != (c.tlsKey == "") {
		return nil, fmt.Errorf("-tls-cert and -tls-key go together")
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return nil, fmt.Errorf("-log-format %q: text or json", c.logFormat)
	}
	if _, err := parseLevel(c.logLevel); err != nil {
		return nil, err
	}
	return &c, nil
}

// parseResolver reads -resolver: an IP address with an optional port
// (53 by default). A name would need a resolver to find the resolver.
func parseResolver(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.String(), nil
	}
	if a, err := netip.ParseAddr(strings.Trim(s, "[]")); err == nil {
		return netip.AddrPortFrom(a, 53).String(), nil
	}
	return "", fmt.Errorf("-resolver %q: want an IP address with an optional port, e.g. 10.0.0.53 or [2001:db8::53]:5353", s)
}

// parsePorts reads a comma-separated list of ports.
func parsePorts(list string) ([]int, error) {
	var out []int
	for _, p := range strings.Split(list, ",") {
		n, err := targets.ParsePort(strings.TrimSpace(p))
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}
