// Package targets decides where the bridge may connect, which is what keeps
// it from being an open proxy.
//
// The operator names each mail server a user may reach (a Target, parsed from
// NAME=HOST:PORT/SECURITY); a client only ever names one. Names are short
// identifiers without dots or colons, so a name can never be mistaken for an
// address, and an address sent as a name is simply unknown.
//
// Optionally (Custom), users may enter their own server. The bridge then
// resolves the name itself, as an absolute name (single-label names are
// refused, so the bridge's search domains never map "intranet" to an
// internal host), refuses it unless every address it resolves to is public
// unicast (see Forbidden: RFC 1918, RFC 4193, RFC 6598 and the IANA
// special-purpose registries of RFC 6890, plus the operator's Custom.Forbid)
// and the port is allowed, and dials the very address it vetted: there is
// no second lookup for a DNS rebind to slip into. A socket-level check on
// the connecting address backs that up.
//
// An operator whose server reads the PROXY protocol (HAProxy's
// proxy-protocol.txt; Dovecot's haproxy_trusted_networks, Postfix's
// smtpd_upstream_proxy_protocol) opts a target's servers in with
// SetProxyProtocol, so that the relay tells the server who the browser is.
package targets
