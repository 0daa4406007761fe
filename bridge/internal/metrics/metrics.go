// Package metrics exposes the bridge's counters in the Prometheus text
// format: sessions active and ended (by reason), sessions started (by
// service: pop3 or submission), bytes each way, dial latency and refusals
// (by reason). Each Metrics has its own registry, so
// tests can run several bridges in one process.
//
// Labels take values from small fixed sets (end and refusal reasons, two
// directions, two services); never a client address or a host name, which would let
// clients grow the series without bound.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Directions of the bytes counter.
const (
	ToTarget = "to_target" // browser to mail server
	ToClient = "to_client" // mail server to browser
)

// Metrics records what the bridge does. A nil *Metrics records nothing, so
// code under test need not set one up.
type Metrics struct {
	reg      *prometheus.Registry
	active   prometheus.Gauge
	started  *prometheus.CounterVec
	ended    *prometheus.CounterVec
	bytes    *prometheus.CounterVec
	dial     *prometheus.HistogramVec
	refusals *prometheus.CounterVec

	// The two byte counters, looked up once: Bytes runs per chunk.
	toTarget, toClient prometheus.Counter
}

// New returns a Metrics with its own registry, which also carries the Go
// runtime and process collectors.
func New() *Metrics {
	const ns, sub = "poppy", "bridge"
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		active: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: ns, Subsystem: sub, Name: "sessions_active",
			Help: "Relay sessions currently open.",
		}),
		// A new counter rather than a label on sessions_active and
		// sessions_ended_total, whose series dashboards already use.
		started: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "sessions_started_total",
			Help: "Relay sessions started, by service (pop3, submission).",
		}, []string{"service"}),
		ended: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "sessions_ended_total",
			Help: "Relay sessions ended, by reason.",
		}, []string{"reason"}),
		bytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "bytes_total",
			Help: "Payload bytes relayed, by direction (to_target: browser to mail server).",
		}, []string{"direction"}),
		dial: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: ns, Subsystem: sub, Name: "dial_duration_seconds",
			Help:    "Time to connect to a mail server (resolution and TCP handshake), by result.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"result"}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: ns, Subsystem: sub, Name: "refusals_total",
			Help: "WebSocket requests refused before a session started, by reason.",
		}, []string{"reason"}),
	}
	m.reg.MustRegister(m.active, m.started, m.ended, m.bytes, m.dial, m.refusals,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	// Both directions exist from the start, so a rate() query works
	// before the first session.
	m.toTarget = m.bytes.WithLabelValues(ToTarget)
	m.toClient = m.bytes.WithLabelValues(ToClient)
	for _, svc := range []bridgeapi.Service{bridgeapi.ServicePOP3, bridgeapi.ServiceSubmission} {
		m.started.WithLabelValues(string(svc))
	}
	return m
}

// Handler serves the registry in the Prometheus exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// Registry returns the registry, for tests and for extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// SessionStarted counts a session of service in.
func (m *Metrics) SessionStarted(service bridgeapi.Service) {
	if m != nil {
		m.active.Inc()
		m.started.WithLabelValues(string(service)).Inc()
	}
}

// SessionEnded counts a session out with its end reason.
func (m *Metrics) SessionEnded(reason string) {
	if m != nil {
		m.active.Dec()
		m.ended.WithLabelValues(reason).Inc()
	}
}

// Bytes adds n relayed bytes in direction ToTarget or ToClient. The relay
// calls it per chunk, so the counters move during long transfers.
func (m *Metrics) Bytes(direction string, n int) {
	if m == nil || n <= 0 {
		return
	}
	switch direction {
	case ToTarget:
		m.toTarget.Add(float64(n))
	case ToClient:
		m.toClient.Add(float64(n))
	}
}

// Dialed observes one dial attempt; result is "ok", "timeout", "error"
// or "forbidden".
func (m *Metrics) Dialed(result string, d time.Duration) {
	if m != nil {
		m.dial.WithLabelValues(result).Observe(d.Seconds())
	}
}

// Refused counts a request refused before or instead of a session.
func (m *Metrics) Refused(reason string) {
	if m != nil {
		m.refusals.WithLabelValues(reason).Inc()
	}
}
