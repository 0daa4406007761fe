// Package bridgeclient is the web app's client of the bridge's own API,
// apart from the relay itself (app/transport): it asks GET /api/targets
// which mail servers the bridge offers (the JSON of bridgeapi.Targets),
// keeps that list for Dialers that run on background goroutines, and
// makes the Dialer of one account from it. It also looks an e-mail
// address up (GET /api/autoconfig, Lookup: RFC 6186 SRV records and the
// rest are the bridge's work) and keeps the user-entered servers of this
// tab's accounts, which the relay reaches with target=custom and their
// host and port (SessionURL).
//
// In the browser it uses the page's fetch, not net/http, which would add
// more than a megabyte to the wasm. Its errors are typed, for the UI to
// explain: every failure to get the list wraps
// transport.ErrBridgeUnreachable, and a server the bridge no longer
// offers is the bridge's own refusal (a *transport.BridgeError with
// bridgeapi.CodeUnknownTarget), so that transport.Classify answers for
// both. A lookup's refusal is a *RefusalError carrying the bridge's
// typed bridgeapi.AutoconfigRefusal.
package bridgeclient
