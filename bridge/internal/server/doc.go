// Package server puts the bridge together: it routes the relay endpoint,
// the targets list for the sign-in form, health and metrics, and a root
// handler for the web app, and runs them on one HTTP(S) listener with a
// graceful shutdown.
//
// Pages may use the relay only from the bridge's public names
// (Options.PublicNames, by default the loopback names of a loopback
// listener) and the relay's extra origins: never by the Host header, which
// DNS rebinding controls. Every response carries X-DNS-Prefetch-Control:
// off.
//
// Routes (paths in bridgeapi):
//
//	GET /ws           the relay (package relay)
//	GET /api/targets  bridgeapi.Targets as JSON
//	GET /healthz      "ok" while serving, 503 once shutting down
//	GET /metrics      Prometheus metrics, unless moved to their own listener
//	/                 Options.Root: the web app (PWA), provided elsewhere
package server
