package bridgeapi

// CloseCode is a WebSocket close status (RFC 6455 §7.4). The bridge uses the
// standard codes where one fits and codes from the private range 4000-4999
// otherwise; their last three digits echo the nearest HTTP status, which
// makes them easy to remember and to log.
type CloseCode int

// Close codes sent by the bridge. The reason text beside each is what the
// bridge sends with it; a client should switch on the code, not the text.
// The web app decides in one place (app/transport's Classify) which codes
// are worth a retry: the refusals 4400, 4403 and 4404 (and 1003, 1009)
// are not; 4429, 4502 and 4504 and the endings of a working session are.
const (
	// CodeNormal: the mail server closed the connection after all its bytes
	// were delivered, or the session ended normally. "target closed"
	CodeNormal CloseCode = 1000
	// CodeGoingAway: the bridge is shutting down. "server shutting down"
	CodeGoingAway CloseCode = 1001
	// CodeBinaryOnly: the client sent a text message. "binary messages only"
	CodeBinaryOnly CloseCode = 1003
	// CodeMessageTooBig: a message exceeded the bridge's maximum message
	// size (sent by the WebSocket library).
	CodeMessageTooBig CloseCode = 1009

	// CodeBadRequest: the query was malformed, e.g. host/port given for a
	// configured target, an invalid custom host or port, or a ParamService
	// that is no known Service ("bad request: unknown service").
	CodeBadRequest CloseCode = 4400
	// CodeForbiddenTarget: a custom server on a disallowed port (for
	// ServiceSubmission, one not in CustomPolicy.SubmissionPorts), an
	// address literal the bridge refuses (loopback, private, ...), or
	// custom servers (or their submission) are not enabled. A name that resolves to a refused
	// address gets CodeTargetUnreachable instead, so that the answer does
	// not tell a page which internal names exist.
	CodeForbiddenTarget CloseCode = 4403
	// CodeUnknownTarget: no target has that name. "unknown target"
	// Also a ServiceSubmission session for a target that names no
	// submission server (Target.CanSend false): "target has no
	// submission server". Like an unknown name, retrying cannot help.
	CodeUnknownTarget CloseCode = 4404
	// CodeIdleTimeout: no byte moved either way for the idle timeout.
	// "idle timeout"
	CodeIdleTimeout CloseCode = 4408
	// CodeSessionTooLong: the session reached the maximum session length.
	// "session time limit"
	CodeSessionTooLong CloseCode = 4410
	// CodeLimitReached: a session limit refused the session (total, per
	// client IP, or new sessions per minute); the reason says which.
	CodeLimitReached CloseCode = 4429
	// CodeTargetError: the connection to the mail server failed after it
	// was established (reset, write error). "target connection error"
	CodeTargetError CloseCode = 4500
	// CodeTargetUnreachable: the mail server refused the connection, or
	// its name did not resolve, resolves to no address, or resolves to an
	// address the bridge refuses (the three look alike on purpose).
	// "target unreachable"
	CodeTargetUnreachable CloseCode = 4502
	// CodeDialTimeout: the mail server did not answer the TCP handshake in
	// time. "dial timeout"
	CodeDialTimeout CloseCode = 4504
)
