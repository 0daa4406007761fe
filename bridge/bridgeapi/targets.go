package bridgeapi

// Security is how a client secures a target. The bridge relays bytes and
// never terminates TLS: the value tells the browser what to do.
type Security string

const (
	// SecurityTLS is implicit TLS from the first byte (RFC 8314, port 995).
	SecurityTLS Security = "tls"
	// SecurityStartTLS is plain POP3 upgraded with STLS (RFC 2595).
	SecurityStartTLS Security = "starttls"
	// SecurityPlain is unencrypted POP3: only for loopback servers and the
	// demo mailbox, which the UI must say.
	SecurityPlain Security = "plain"
)

// Valid reports whether s is one of the known values.
func (s Security) Valid() bool {
	switch s {
	case SecurityTLS, SecurityStartTLS, SecurityPlain:
		return true
	}
	return false
}

// Target is one entry of GET /api/targets.
type Target struct {
	Name     string   `json:"name"`
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	Security Security `json:"security"`
	// Submission is the target's message submission server, when it can
	// send mail; nil when it cannot. Sessions reach it with
	// ParamService=ServiceSubmission.
	Submission *Endpoint `json:"submission,omitempty"`
	// Demo is set for the demo mailbox only: the login the sign-in page
	// shows. The demo mailbox holds nothing secret, so publishing its
	// password is the point.
	Demo *DemoLogin `json:"demo,omitempty"`
}

// Endpoint is one server of a target, other than its POP3 server.
type Endpoint struct {
	Host     string   `json:"host"`
	Port     int      `json:"port"`
	Security Security `json:"security"`
}

// CanSend reports whether t names a submission server.
func (t Target) CanSend() bool { return t.Submission != nil }

// DemoLogin is the published login of the demo mailbox.
type DemoLogin struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// FindTarget returns the target of ts called name.
func FindTarget(ts []Target, name string) (Target, bool) {
	for _, t := range ts {
		if t.Name == name {
			return t, true
		}
	}
	return Target{}, false
}

// Targets is the body of GET /api/targets.
type Targets struct {
	Targets []Target `json:"targets"`
	// Custom is present when users may enter their own server.
	Custom *CustomPolicy `json:"custom,omitempty"`
	// OAuth lists the OAuth 2.0 providers (see OAuthProvider); absent
	// when there are none.
	OAuth []OAuthProvider `json:"oauth,omitempty"`
}

// CustomPolicy tells the sign-in form what a custom server may be.
type CustomPolicy struct {
	// Ports lists the ports a custom server may use.
	Ports []int `json:"ports"`
	// SubmissionPorts lists the ports a custom submission server may
	// use; empty when custom servers cannot send.
	SubmissionPorts []int `json:"submissionPorts,omitempty"`
}
