package bridgeapi

// PathAutoconfig answers GET /api/autoconfig?address=ADDRESS: the servers
// of an e-mail address, looked up by the bridge (a browser cannot query
// DNS SRV records). The answer is an Autoconfig (200) or an
// AutoconfigRefusal (4xx), both JSON; either way one round trip.
const PathAutoconfig = "/api/autoconfig"

// ParamAddress is the e-mail address to look up, local-part@domain.
// Only its domain is looked up; the local part only fills in the username.
const ParamAddress = "address"

// AutoconfigSource says which lookup found the servers.
type AutoconfigSource string

const (
	// SourceSRV: the domain's RFC 6186 SRV records.
	SourceSRV AutoconfigSource = "srv"
	// SourceAutoconfig: the domain's Mozilla autoconfig file
	// (config-v1.1.xml), fetched over HTTPS from the domain's own hosts.
	SourceAutoconfig AutoconfigSource = "autoconfig"
	// SourceBuiltin: the bridge's own table of large providers.
	SourceBuiltin AutoconfigSource = "builtin"
	// SourceGuess: a server at pop.DOMAIN or mail.DOMAIN answered CAPA.
	SourceGuess AutoconfigSource = "guess"
)

// Autoconfig is the body of a successful lookup (200). Every address the
// hosts resolve to passed the same vetting as a user-entered server, and
// every port is one that custom servers may use, so the page can connect
// with ParamTarget=CustomTarget, ParamHost=Host, ParamPort=Port. The
// person may still edit all of it.
type Autoconfig struct {
	// Address is the address looked up, as the bridge read it.
	Address string `json:"address"`
	// Source is which lookup found the servers.
	Source AutoconfigSource `json:"source"`
	// POP3 is the POP3 server.
	POP3 Endpoint `json:"pop3"`
	// Submission is the message submission server (RFC 6409), when one
	// was found and user-entered submission servers are allowed.
	Submission *Endpoint `json:"submission,omitempty"`
	// Username is the login name, usually the whole address.
	Username string `json:"username"`
	// Insecure is set when POP3 is SecurityPlain over the Internet: the
	// password and the mail would cross the network in clear text. The
	// bridge answers so only when its operator allows plain POP3; the
	// page must warn loudly before sending a password.
	Insecure bool `json:"insecure,omitempty"`
	// OAuth is set when the provider refuses plain passwords and wants
	// OAuth2 (XOAUTH2 or OAUTHBEARER): known from the built-in table, or
	// from an autoconfig file that lists only OAuth2.
	OAuth bool `json:"oauth,omitempty"`
}

// AutoconfigReason is why a lookup found nothing usable. The page turns
// each into a sentence.
type AutoconfigReason string

const (
	// ReasonBadAddress (400): the address is not local-part@domain with
	// a valid domain name.
	ReasonBadAddress AutoconfigReason = "bad-address"
	// ReasonDisabled (403): the operator turned lookups off (or did not
	// enable user-entered servers, through which found servers are
	// reached).
	ReasonDisabled AutoconfigReason = "disabled"
	// ReasonDomainNotAllowed (403): the operator restricted lookups to a
	// list of domains, and this is not one of them.
	ReasonDomainNotAllowed AutoconfigReason = "domain-not-allowed"
	// ReasonNotFound (404): no lookup found a usable POP3 server;
	// AutoconfigRefusal.Tried says what each step ran into.
	ReasonNotFound AutoconfigReason = "not-found"
	// ReasonBusy (429): too many lookups are running, in all or from
	// this client, or this client started too many in the last minute;
	// try again shortly.
	ReasonBusy AutoconfigReason = "busy"
)

// AutoconfigRefusal is the body of a lookup that found nothing usable.
type AutoconfigRefusal struct {
	Reason AutoconfigReason `json:"reason"`
	// Domain is the domain looked up, when the address had one.
	Domain string `json:"domain,omitempty"`
	// Tried lists, in lookup order, the steps that found something they
	// could not use or failed; steps that simply found nothing are left
	// out.
	Tried []AutoconfigProblem `json:"tried,omitempty"`
}

// AutoconfigProblemKind is what went wrong in one lookup step.
type AutoconfigProblemKind string

const (
	// ProblemForbidden: a server found is given as an address literal the
	// bridge refuses (loopback, private, ...).
	ProblemForbidden AutoconfigProblemKind = "forbidden-address"
	// ProblemPort: a server found is on a port custom servers may not use.
	ProblemPort AutoconfigProblemKind = "port-not-allowed"
	// ProblemPlain: the only POP3 server found is plain POP3 over the
	// Internet, which the operator does not allow.
	ProblemPlain AutoconfigProblemKind = "plain-refused"
	// ProblemUnreachable: a server's name does not resolve, resolves to
	// no address, or resolves to an address the bridge refuses. The three
	// look alike on purpose, as for CodeTargetUnreachable: the answer
	// must not tell a page which internal names exist. The bridge's log
	// says which it was.
	ProblemUnreachable AutoconfigProblemKind = "unreachable"
	// ProblemMalformed: the autoconfig file is not valid config-v1.1 XML
	// or names no usable POP3 server.
	ProblemMalformed AutoconfigProblemKind = "malformed"
	// ProblemTooLarge: the autoconfig file is larger than the bridge reads.
	ProblemTooLarge AutoconfigProblemKind = "too-large"
	// ProblemRedirect: the autoconfig URL redirected away from the
	// domain's own hosts, or to plain HTTP.
	ProblemRedirect AutoconfigProblemKind = "redirect-refused"
	// ProblemTimeout: a server did not answer in time.
	ProblemTimeout AutoconfigProblemKind = "timeout"
	// ProblemHTTP: the autoconfig server answered with an HTTP error, or
	// its TLS certificate did not verify.
	ProblemHTTP AutoconfigProblemKind = "http-error"
	// ProblemDNS: the DNS resolver failed (not "no such name").
	ProblemDNS AutoconfigProblemKind = "dns-error"
	// ProblemNoAnswer: a guessed server did not answer as a POP3 server.
	ProblemNoAnswer AutoconfigProblemKind = "no-answer"
)

// AutoconfigProblem is one step's trouble.
type AutoconfigProblem struct {
	Source  AutoconfigSource      `json:"source"`
	Problem AutoconfigProblemKind `json:"problem"`
	// Host is the server or the autoconfig host concerned, when there is
	// one.
	Host string `json:"host,omitempty"`
	// Port is the server's port, for ProblemPort.
	Port int `json:"port,omitempty"`
}
