package pop3server

// Implementation is the name this server gives in the RFC 2449
// IMPLEMENTATION capability and in its greeting.
const Implementation = "poppy-pop3server"

// CAPA (RFC 2449 §5). The list depends on the state: STLS, USER and SASL
// are of use only before login, and STLS only on a plaintext connection.
// Options can remove PIPELINING, UIDL, TOP and USER (and CAPA itself), so
// that client fallbacks can be tested.
func (ss *session) cmdCapa(args []string, _ string) {
	if len(args) != 0 {
		ss.bad("syntax: CAPA")
		return
	}
	ss.ok("capability list follows")
	for _, c := range ss.capabilities() {
		ss.writeLine(c)
	}
	ss.endMulti()
}

func (ss *session) capabilities() []string {
	var caps []string
	if !ss.opts.DisableTOP {
		caps = append(caps, "TOP")
	}
	if !ss.opts.DisableUIDL {
		caps = append(caps, "UIDL")
	}
	if ss.state == stateAuthorization && !ss.opts.DisableUSER {
		caps = append(caps, "USER")
	}
	if ss.state == stateAuthorization {
		caps = append(caps, "SASL PLAIN")
	}
	caps = append(caps, "RESP-CODES", "AUTH-RESP-CODE")
	if !ss.opts.DisablePipelining {
		caps = append(caps, "PIPELINING")
	}
	caps = append(caps, "EXPIRE NEVER", "IMPLEMENTATION "+Implementation)
	if ss.state == stateAuthorization && ss.opts.TLSConfig != nil && !ss.isTLS {
		caps = append(caps, "STLS")
	}
	return caps
}
