// Package pwa serves Poppy's progressive web app: the go-app page and
// service worker, the precompressed app.wasm, the toolchain's own
// wasm_exec.js, the web app manifest (W3C Web Application Manifest) and
// the app's icons, with strict security headers (CSP Level 3) and
// caching that picks up a new version without downloading an unchanged
// one again (RFC 9110 ETag validators, RFC 9111 Cache-Control). It also
// serves app-update.js, which delivers go-app's "new version" notice when
// go-app's own listener misses it (update.go). The page carries its
// stylesheets and the snapshot script inline, so that no fetch stands
// before the first paint (inline.go; the script is allowed by its hash,
// CSP Level 3 section 8.4).
package pwa
