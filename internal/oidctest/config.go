//go:build unix

package oidctest

import (
	"encoding/json"
	"strconv"
)

// hydraConfig is Hydra's configuration file for one instance. It is JSON,
// which YAML (the format Hydra reads) includes, so nothing here needs
// escaping by hand.
func hydraConfig(publicPort, adminPort int, appURL string, opts *Options) ([]byte, error) {
	issuer := "http://127.0.0.1:" + strconv.Itoa(publicPort)
	c := map[string]any{
		// Hydra's in-memory SQLite: nothing outlives the process.
		"dsn": "memory",
		"serve": map[string]any{
			"public": map[string]any{
				"host": "127.0.0.1", "port": publicPort,
				// The tab calls the token endpoint cross-origin.
				"cors": map[string]any{
					"enabled":         len(opts.corsOrigins()) > 0,
					"allowed_origins": opts.corsOrigins(),
					"allowed_methods": []string{"POST", "GET"},
					"allowed_headers": []string{"Content-Type", "Authorization"},
				},
			},
			"admin": map[string]any{"host": "127.0.0.1", "port": adminPort},
			// --dev would allow cookies without Secure too; say it here.
			"cookies": map[string]any{"same_site_mode": "Lax"},
		},
		"urls": map[string]any{
			"self":    map[string]any{"issuer": issuer},
			"login":   appURL + "/login",
			"consent": appURL + "/consent",
			"error":   appURL + "/error",
		},
		"secrets": map[string]any{"system": []string{"oidctest-system-secret-32-bytes!"}},
		"ttl": map[string]any{
			"access_token":  opts.accessTTL().String(),
			"refresh_token": "24h",
		},
		"oauth2": map[string]any{
			// A public client (the tab) must use PKCE (RFC 7636).
			"pkce": map[string]any{"enforced_for_public_clients": true},
		},
		// Tokens and codes stay out of the log that a failed test prints.
		"log": map[string]any{"level": "warn", "leak_sensitive_values": false},
	}
	return json.MarshalIndent(c, "", "  ")
}
