package relay

import (
	"errors"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// ending describes why a session, or a request before it became one, ended:
// the label for metrics and logs, and the close code and reason sent to the
// browser. Reasons are constant text, never derived from input.
type ending struct {
	label string
	code  bridgeapi.CloseCode
	text  string
}

// Endings of sessions.
var (
	endTargetClosed  = ending{"target_closed", bridgeapi.CodeNormal, "target closed"}
	endTargetError   = ending{"target_error", bridgeapi.CodeTargetError, "target connection error"}
	endClientClosed  = ending{"client_closed", bridgeapi.CodeNormal, ""}
	endClientError   = ending{"client_error", bridgeapi.CodeNormal, ""}
	endMessageTooBig = ending{"message_too_big", bridgeapi.CodeMessageTooBig, "message too big"}
	endTextMessage   = ending{"text_message", bridgeapi.CodeBinaryOnly, "binary messages only"}
	endIdle          = ending{"idle_timeout", bridgeapi.CodeIdleTimeout, "idle timeout"}
	endTooLong       = ending{"session_too_long", bridgeapi.CodeSessionTooLong, "session time limit"}
	endShutdown      = ending{"shutdown", bridgeapi.CodeGoingAway, "server shutting down"}
)

// Refusals: requests that never became a session. Those with a code are
// refused after the upgrade, so that a browser (which cannot read an HTTP
// error on a failed handshake) learns the reason.
var (
	refuseOrigin     = ending{"origin", 0, "origin not allowed"}
	refuseUnknown    = ending{"unknown_target", bridgeapi.CodeUnknownTarget, "unknown target"}
	refuseBadRequest = ending{"bad_request", bridgeapi.CodeBadRequest, "bad request"}
	// A service the bridge does not know is a malformed request (4400),
	// the client's mistake whatever the target. A known service that the
	// target does not have is a missing resource, like an unknown target
	// (4404): the operator named no submission server for it.
	refuseUnknownService = ending{"unknown_service", bridgeapi.CodeBadRequest, "bad request: unknown service"}
	refuseNoSubmission   = ending{"no_submission", bridgeapi.CodeUnknownTarget, "target has no submission server"}
	refuseSingleLabel    = ending{"single_label", bridgeapi.CodeBadRequest, "bad request: give the server's full name, e.g. mail.example.com"}
	refuseForbidden      = ending{"forbidden_target", bridgeapi.CodeForbiddenTarget, "target not allowed"}
	refuseUnreachable    = ending{"unreachable", bridgeapi.CodeTargetUnreachable, "target unreachable"}
	// A user-entered name that resolves to a forbidden address, or to
	// none, answers as refuseUnreachable does (see dialRefusal).
	refuseForbiddenName = ending{"forbidden_name", refuseUnreachable.code, refuseUnreachable.text}
	refuseNoAddress     = ending{"no_address", refuseUnreachable.code, refuseUnreachable.text}
	refuseDialTimeout   = ending{"dial_timeout", bridgeapi.CodeDialTimeout, "dial timeout"}
	refuseShutdown      = ending{"shutting_down", bridgeapi.CodeGoingAway, "server shutting down"}
	refuseLimitTotal    = ending{"limit_total", bridgeapi.CodeLimitReached, "limit reached: sessions"}
	refuseLimitPerIP    = ending{"limit_per_client", bridgeapi.CodeLimitReached, "limit reached: sessions per client"}
	refuseLimitRate     = ending{"limit_rate", bridgeapi.CodeLimitReached, "limit reached: new sessions per minute"}
	refuseNotWebSocket  = ending{"not_websocket", 0, "not a websocket handshake"}
)

func (e ending) status() websocket.StatusCode { return websocket.StatusCode(e.code) }

// dialRefusal names the refusal for an error of Dialer.Dial, DialCustom or
// Custom.Check, and the result label of the dial metric ("" when no dial was tried).
//
// What a user-entered name resolves to is the bridge's knowledge, not the
// client's, so a name refused for the address it resolves to, and a name
// that resolves to nothing, get the very answer of a name that does not
// resolve: otherwise the close code would tell a page which internal names
// exist. The log and the metrics keep them apart for the operator.
func dialRefusal(err error) (e ending, dialResult string) {
	var fe *targets.ForbiddenError
	var de *targets.DialError
	switch {
	case errors.As(err, &fe) && fe.Resolved:
		return refuseForbiddenName, "forbidden"
	case targets.IsForbidden(err):
		return refuseForbidden, "forbidden"
	case errors.Is(err, targets.ErrSingleLabel):
		return refuseSingleLabel, ""
	case errors.Is(err, targets.ErrNoAddress):
		return refuseNoAddress, ""
	case errors.As(err, &de) && de.Timeout:
		return refuseDialTimeout, "timeout"
	case errors.As(err, &de):
		return refuseUnreachable, "error"
	default: // malformed custom host or port
		return refuseBadRequest, ""
	}
}
