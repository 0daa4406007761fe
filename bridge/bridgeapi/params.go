package bridgeapi

// Paths served by the bridge.
const (
	PathWebSocket = "/ws"
	PathTargets   = "/api/targets"
	PathHealth    = "/healthz"
	PathMetrics   = "/metrics"
)

// Query parameters of PathWebSocket.
const (
	// ParamTarget names a configured target, or is CustomTarget.
	ParamTarget = "target"
	// ParamHost and ParamPort give the server for CustomTarget only; they
	// are ignored, and refused, for a configured target.
	ParamHost = "host"
	ParamPort = "port"
)

// CustomTarget is the reserved target name for a user-entered server
// (see the package documentation). No configured target may use it.
const CustomTarget = "custom"

// DemoTarget is the name of the built-in demo mailbox.
const DemoTarget = "demo"

// ParamService picks which of a target's servers a session reaches: the
// POP3 server (ServicePOP3, the default when the parameter is absent) or
// its submission server (ServiceSubmission). Nothing else is reachable.
const ParamService = "service"

// Service is a value of ParamService.
type Service string

const (
	// ServicePOP3 is the target's POP3 server (RFC 1939).
	ServicePOP3 Service = "pop3"
	// ServiceSubmission is the target's message submission server
	// (RFC 6409), on 465 with implicit TLS or 587 with STARTTLS
	// (RFC 8314).
	ServiceSubmission Service = "submission"
)

// Valid reports whether s is one of the known services. The empty value
// is not valid here; callers treat an absent parameter as ServicePOP3.
func (s Service) Valid() bool {
	return s == ServicePOP3 || s == ServiceSubmission
}
