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
