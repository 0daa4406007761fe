package relay

import (
	"net/http"
	"strings"
)

// headerHasToken reports whether a comma-separated header contains token,
// case-insensitively (RFC 9110 §5.6.1), as "Connection: keep-alive, Upgrade"
// does.
func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
