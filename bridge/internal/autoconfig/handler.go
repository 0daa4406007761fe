package autoconfig

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
)

// Handler serves GET bridgeapi.PathAutoconfig with l, admitting each
// client (clientIP tells who it is behind trusted proxies; nil means the
// peer) within Options.PerClient and Options.PerMinute. Its log names the
// domain looked up, never the local part of the address.
func Handler(l *Lookuper, log *slog.Logger, clientIP *limits.ClientIP) http.Handler {
	if log == nil {
		log = slog.Default()
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if l != nil && l.clients != nil {
			release, err := l.clients.Acquire(clientIP.Of(r))
			if err != nil {
				log.Debug("autoconfig refused a client", "limit", err)
				writeJSON(w, http.StatusTooManyRequests, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonBusy})
				return
			}
			defer release()
		}
		found, err := l.Lookup(r.Context(), r.URL.Query().Get(bridgeapi.ParamAddress))
		if err == nil {
			log.Debug("autoconfig found", "source", found.Source, "pop3", found.POP3.Host)
			writeJSON(w, http.StatusOK, found)
			return
		}
		status, refusal := Refusal(err)
		if a, perr := ParseAddress(r.URL.Query().Get(bridgeapi.ParamAddress)); perr == nil {
			refusal.Domain = a.Domain
		}
		// The error names hosts and what they resolve to: for the
		// operator's log, not for the page (see ProblemUnreachable).
		// Refusals before any lookup are the client's business.
		level := slog.LevelInfo
		if status == http.StatusBadRequest || errors.Is(err, ErrDisabled) {
			level = slog.LevelDebug
		}
		log.Log(r.Context(), level, "autoconfig found nothing usable", "domain", refusal.Domain, "reason", refusal.Reason, "error", err)
		writeJSON(w, status, refusal)
	})
}

// Refusal maps an error of Lookup to its HTTP status and body.
func Refusal(err error) (int, *bridgeapi.AutoconfigRefusal) {
	switch {
	case errors.Is(err, ErrBadAddress):
		return http.StatusBadRequest, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonBadAddress}
	case errors.Is(err, ErrDisabled):
		return http.StatusForbidden, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonDisabled}
	case errors.Is(err, ErrDomainNotAllowed):
		return http.StatusForbidden, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonDomainNotAllowed}
	case errors.Is(err, ErrBusy):
		return http.StatusTooManyRequests, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonBusy}
	}
	return http.StatusNotFound, &bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonNotFound, Tried: Problems(err)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(body)
}
