package pwa

import (
	"net/http"
	"strings"
)

// csp is the page's Content-Security-Policy. Each source is there for a
// reason:
//   - script-src 'self' 'wasm-unsafe-eval': go-app's scripts and
//     wasm_exec.js, and compiling app.wasm; no eval, and no inline
//     script but the page's own, by hash (cspWith);
//   - style-src 'self' 'unsafe-inline': go-app sets style attributes, and
//     the sanitized message styles live in the srcdoc frame, which
//     inherits this policy (and adds its own, stricter one);
//   - img-src also http: https:: the message frame inherits this policy,
//     so remote images can only load after the user asked for them
//     there; the frame's own policy blocks them until then;
//   - connect-src 'self': /api/targets and the relay WebSocket (CSP 3
//     matches ws: and wss: of the same host with 'self');
//   - frame-ancestors 'none': no one may frame the app (clickjacking).
const csp = "default-src 'none'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob: http: https:; " +
	"font-src 'self' data:; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"worker-src 'self'; " +
	"frame-src 'self'; " +
	"child-src 'self'; " +
	"base-uri 'none'; " +
	"form-action 'none'; " +
	"object-src 'none'; " +
	"frame-ancestors 'none'"

// permissionsPolicy turns off browser features the app never uses, so
// that nothing in the page (or a bug) can ask for them.
const permissionsPolicy = "accelerometer=(), autoplay=(), camera=(), display-capture=(), " +
	"geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), " +
	"publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()"

// SecurityHeaders sets the headers every response of the app carries.
func SecurityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Permissions-Policy", permissionsPolicy)
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// cspWith is the page's policy: csp with more connect-src origins
// (Options.Connect) and more script-src sources (the hashes of the
// scripts the page carries inline, inline.go).
func cspWith(connect, scripts []string) string {
	p := csp
	if len(connect) > 0 {
		p = strings.Replace(p, "connect-src 'self'; ", "connect-src 'self' "+strings.Join(connect, " ")+"; ", 1)
	}
	if len(scripts) > 0 {
		p = strings.Replace(p, "script-src 'self' 'wasm-unsafe-eval'; ", "script-src 'self' 'wasm-unsafe-eval' "+strings.Join(scripts, " ")+"; ", 1)
	}
	return p
}
