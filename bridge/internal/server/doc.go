// Package server puts the bridge together: it routes the relay endpoint,
// the targets list for the sign-in form, health and metrics, and a root
// handler for the web app, and runs them on one HTTP(S) listener with a
// graceful shutdown.
//
// Routes (paths in bridgeapi):
//
//	GET /ws           the relay (package relay)
//	GET /api/targets  bridgeapi.Targets as JSON
//	GET /healthz      "ok" while serving, 503 once shutting down
//	GET /metrics      Prometheus metrics, unless moved to their own listener
//	/                 Options.Root: the web app (PWA), provided elsewhere
package server
