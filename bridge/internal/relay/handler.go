package relay

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/netip"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// Handler serves the relay endpoint. Create it with New; it is safe for
// concurrent use.
type Handler struct {
	targets  *targets.Registry
	custom   *targets.Custom
	dialer   *targets.Dialer
	origins  atomic.Pointer[[]string] // copied on write by AllowOrigins
	limiter  *limits.Limiter
	clientIP *limits.ClientIP
	idle     time.Duration
	maxLen   time.Duration
	maxMsg   int64
	linger   time.Duration
	log      *slog.Logger
	metrics  *metrics.Metrics
	clock    clock

	mu       sync.Mutex
	closing  bool // no new sessions
	aborting bool // end the running ones with "going away"
	sessions map[*session]struct{}
	inflight int           // ServeHTTP calls running, sessions included
	drained  chan struct{} // made by Shutdown, closed when inflight is 0
}

// New returns a Handler. Invalid Origins are an error (see NormalizeOrigin).
func New(opts *Options) (*Handler, error) {
	if opts == nil {
		opts = &Options{}
	}
	h := &Handler{
		targets:  opts.Targets,
		custom:   opts.Custom,
		dialer:   opts.Dialer,
		limiter:  opts.Limiter,
		clientIP: opts.ClientIP,
		idle:     orDuration(opts.IdleTimeout, DefaultIdleTimeout),
		maxLen:   orDuration(opts.MaxSessionLength, DefaultMaxSessionLength),
		maxMsg:   opts.MaxMessageSize,
		linger:   orDuration(opts.Linger, DefaultLinger),
		log:      opts.Logger,
		metrics:  opts.Metrics,
		clock:    opts.clock,
		sessions: make(map[*session]struct{}),
	}
	if h.clock == nil {
		h.clock = realClock{}
	}
	if h.targets == nil {
		h.targets = &targets.Registry{}
	}
	if h.dialer == nil {
		h.dialer = &targets.Dialer{}
	}
	if h.limiter == nil {
		h.limiter = limits.New(nil)
	}
	if h.maxMsg <= 0 {
		h.maxMsg = DefaultMaxMessageSize
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.origins.Store(&[]string{})
	if err := h.AllowOrigins(opts.Origins...); err != nil {
		return nil, err
	}
	return h, nil
}

// AllowOrigins adds origins to those whose pages may open a session (see
// Options.Origins). The server calls it once it listens, when the bridge's
// own origin includes a port it learns only then. It is safe to call
// while serving; invalid origins are an error and none is added.
func (h *Handler) AllowOrigins(origins ...string) error {
	add := make([]string, 0, len(origins))
	for _, o := range origins {
		n, err := NormalizeOrigin(o)
		if err != nil {
			return err
		}
		add = append(add, n)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	list := slices.Concat(*h.origins.Load(), add)
	slices.Sort(list)
	list = slices.Compact(list)
	h.origins.Store(&list)
	return nil
}

// Origins returns the origins allowed now, normalized and sorted.
func (h *Handler) Origins() []string { return slices.Clone(*h.origins.Load()) }

// ServeHTTP upgrades a relay request; see the package documentation.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.inflight++
	h.mu.Unlock()
	defer h.leave()

	start := time.Now()
	ip := h.clientIP.Of(r)
	req := request{h: h, w: w, r: r, ip: ip, start: start, target: r.URL.Query().Get(bridgeapi.ParamTarget)}

	if r.Method != http.MethodGet || !isWebSocketUpgrade(r) {
		req.refuseHTTP(refuseNotWebSocket, http.StatusUpgradeRequired, nil)
		return
	}
	if origin := r.Header.Get("Origin"); !originAllowed(origin, *h.origins.Load()) {
		req.refuseHTTP(refuseOrigin, http.StatusForbidden, &OriginError{Origin: origin})
		return
	}
	h.mu.Lock()
	closing := h.closing
	h.mu.Unlock()
	if closing {
		req.refuseWS(refuseShutdown, nil)
		return
	}

	q := r.URL.Query()
	host, port := q.Get(bridgeapi.ParamHost), q.Get(bridgeapi.ParamPort)
	svc, err := targets.ParseService(q.Get(bridgeapi.ParamService), q.Has(bridgeapi.ParamService))
	if err != nil {
		req.refuseWS(refuseUnknownService, err)
		return
	}
	req.service = svc
	var target targets.Target
	var custom *targets.Custom
	if req.target == bridgeapi.CustomTarget {
		req.custom = host
		// The submission policy is the POP3 one with other ports: one
		// vetting for both (targets.Custom.ForService).
		custom, err = h.custom.ForService(svc)
		if err == nil {
			// Refuse what needs no lookup before spending a rate token.
			_, err = custom.Check(host, port)
		}
		if err != nil {
			e, _ := dialRefusal(err)
			req.refuseWS(e, err)
			return
		}
	} else {
		t, err := h.targets.Lookup(req.target)
		if err != nil {
			req.refuseWS(refuseUnknown, err)
			return
		}
		if q.Has(bridgeapi.ParamHost) || q.Has(bridgeapi.ParamPort) {
			req.refuseWS(refuseBadRequest, errors.New("relay: host and port are only for target=custom"))
			return
		}
		if target, err = t.For(svc); err != nil {
			req.refuseWS(refuseNoSubmission, err)
			return
		}
	}

	release, err := h.limiter.Acquire(ip)
	if err != nil {
		var le *limits.LimitError
		errors.As(err, &le)
		switch le.Kind {
		case limits.KindTotal:
			req.refuseWS(refuseLimitTotal, err)
		case limits.KindPerClient:
			req.refuseWS(refuseLimitPerIP, err)
		default:
			req.refuseWS(refuseLimitRate, err)
		}
		return
	}
	defer release()

	// Dial before the upgrade, so that the WebSocket's open event means
	// "connected to the mail server".
	dialStart := time.Now()
	conn, err := h.dial(r.Context(), &req, target, custom, host, port)
	if err != nil {
		e, result := dialRefusal(err)
		if result != "" {
			h.metrics.Dialed(result, time.Since(dialStart))
		}
		req.refuseWS(e, err)
		return
	}
	h.metrics.Dialed("ok", time.Since(dialStart))

	ws, err := h.accept(w, r)
	if err != nil {
		conn.Close()
		req.logRefusal(refuseNotWebSocket, err)
		return
	}
	h.runSession(ws, conn, &req)
}

func (h *Handler) accept(w http.ResponseWriter, r *http.Request) (*websocket.Conn, error) {
	// The origin was checked above, more strictly than the library would
	// (it lets a missing Origin through).
	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		return nil, err
	}
	ws.SetReadLimit(h.maxMsg)
	return ws, nil
}

// request is one call of ServeHTTP, for refusals and the session log.
type request struct {
	h      *Handler
	w      http.ResponseWriter
	r      *http.Request
	ip     netip.Addr
	start  time.Time
	target string
	// service is the session's service, once the parameter was read;
	// "" in the logs of requests refused before that.
	service bridgeapi.Service
	custom  string // user-entered host, for target=custom
}

func (q *request) logRefusal(e ending, err error) {
	q.h.metrics.Refused(e.label)
	attrs := []any{"client", q.ip, "target", q.target, "reason", e.label}
	if q.service != "" {
		attrs = append(attrs, "service", q.service)
	}
	if q.custom != "" {
		attrs = append(attrs, "host", q.custom)
	}
	if err != nil {
		attrs = append(attrs, "err", err)
	}
	q.h.log.Info("refused", attrs...)
}

// refuseHTTP answers without upgrading: for requests that are not (or may
// not be) a WebSocket of ours at all.
func (q *request) refuseHTTP(e ending, status int, err error) {
	q.logRefusal(e, err)
	http.Error(q.w, e.text, status)
}

// refuseWS upgrades and closes at once with e's code, which is the only way
// a browser can learn why.
func (q *request) refuseWS(e ending, err error) {
	q.logRefusal(e, err)
	ws, aerr := q.h.accept(q.w, q.r)
	if aerr != nil {
		return
	}
	// Close waits (boundedly) for the browser's close frame; a client that
	// never answers costs one goroutine for a few seconds.
	ws.Close(e.status(), e.text)
}

func isWebSocketUpgrade(r *http.Request) bool {
	return headerHasToken(r.Header, "Connection", "upgrade") && headerHasToken(r.Header, "Upgrade", "websocket")
}

// Shutdown stops new sessions, waits for the running ones to end on their
// own until ctx is done, then ends the rest with "going away" (1001) and
// waits for them to finish closing. It returns ctx's error if the drain
// deadline was reached. The http.Server must be shut down separately: it
// does not wait for hijacked connections.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.mu.Lock()
	h.closing = true
	if h.drained == nil {
		h.drained = make(chan struct{})
		if h.inflight == 0 {
			close(h.drained)
		}
	}
	drained := h.drained
	h.mu.Unlock()

	select {
	case <-drained:
		return nil
	case <-ctx.Done():
	}
	h.mu.Lock()
	h.aborting = true
	for s := range h.sessions {
		s.abort(endShutdown)
	}
	h.mu.Unlock()
	// Sessions now end within the bounded time of a close handshake;
	// requests still dialling end when their dial times out or they
	// register (and are aborted at once).
	<-drained
	return ctx.Err()
}

// ActiveSessions returns the number of sessions relaying now.
func (h *Handler) ActiveSessions() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.sessions)
}

func (h *Handler) register(s *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sessions[s] = struct{}{}
	if h.aborting {
		s.abort(endShutdown)
	}
}

func (h *Handler) unregister(s *session) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.sessions, s)
}

func (h *Handler) leave() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.inflight--
	if h.inflight == 0 && h.drained != nil {
		select {
		case <-h.drained:
		default:
			close(h.drained)
		}
	}
}
