package ui

import (
	"errors"
	"fmt"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// The sentences a person reads about failures of the bridge and of the
// connection to the mail server, in one place, ready for translation.
// transport and bridgeclient return typed errors and classify them
// (transport.Classify); what to say about each is decided here.

// explained returns p with the sentence the UI has for it: the bridge's
// close codes and the server list say more than the mailbox's generic
// sentence for their Kind. p itself is not changed (it is shared).
func explained(p *mailbox.Problem) *mailbox.Problem {
	if p == nil {
		return nil
	}
	msg, ok := transportSentence(p.Err)
	if !ok || msg == p.Message {
		return p
	}
	q := *p
	q.Message = msg
	return &q
}

// transportSentence is the sentence for a failure of the bridge found in
// err's chain, if there is one.
func transportSentence(err error) (string, bool) {
	if err == nil {
		return "", false
	}
	if be, ok := transport.AsBridgeError(err); ok {
		return bridgeSentence(be), true
	}
	if errors.Is(err, transport.ErrBridgeUnreachable) {
		return bridgeListSentence(err), true
	}
	var ce *transport.CertificateError
	if errors.As(err, &ce) {
		return "The mail server's certificate is not trusted.", true
	}
	return "", false
}

// bridgeSentence says what a close code of the bridge means and what to
// do about it.
func bridgeSentence(e *transport.BridgeError) string {
	switch e.Code {
	case bridgeapi.CodeUnknownTarget:
		return "The Poppy bridge does not offer this mail server (any more). Reload the page to see the servers it offers, or remove this account."
	case bridgeapi.CodeForbiddenTarget:
		return "The Poppy bridge does not allow connections to this mail server (" + e.Reason + "). Ask its operator."
	case bridgeapi.CodeBadRequest, bridgeapi.CodeBinaryOnly, bridgeapi.CodeMessageTooBig:
		return "The Poppy bridge refused the request (" + e.Reason + "). Reload the page; if it happens again, tell the bridge's operator."
	case bridgeapi.CodeTargetUnreachable:
		return "The mail server could not be reached. It may be down; Poppy tries again later."
	case bridgeapi.CodeDialTimeout:
		return "The mail server did not answer in time. It may be down or overloaded; Poppy tries again later."
	case bridgeapi.CodeLimitReached:
		return "The Poppy bridge is at its connection limit (" + e.Reason + "). Wait a minute; Poppy tries again."
	case bridgeapi.CodeIdleTimeout:
		return "The connection was idle too long and the bridge closed it. Poppy reconnects."
	case bridgeapi.CodeSessionTooLong:
		return "The connection reached the bridge's time limit. Poppy reconnects."
	case bridgeapi.CodeGoingAway:
		return "The Poppy bridge is restarting. Poppy reconnects."
	case bridgeapi.CodeTargetError:
		return "The connection to the mail server broke. Poppy reconnects."
	}
	if e.Reason != "" {
		return fmt.Sprintf("The Poppy bridge closed the connection (%d: %s).", e.Code, e.Reason)
	}
	return fmt.Sprintf("The Poppy bridge closed the connection (%d).", e.Code)
}

// bridgeListSentence explains why the bridge's list of mail servers
// could not be had.
func bridgeListSentence(err error) string {
	var se *bridgeclient.StatusError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("The Poppy bridge answered HTTP %d when asked for its mail servers.", se.Status)
	case errors.Is(err, bridgeclient.ErrBadList):
		return "The Poppy bridge sent an unreadable server list: " + err.Error()
	}
	return fmt.Sprintf("Cannot reach the Poppy bridge (%v). Check that it is running, then reload.", cause(err))
}

// cause is the error that "%w: %w" joined to a sentinel: the last one.
func cause(err error) error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		if errs := j.Unwrap(); len(errs) > 0 {
			return errs[len(errs)-1]
		}
	}
	return err
}

// signInSentence explains a failed sign-in: the Problem's sentence, and
// for a refused password the server's own words (servers explain there
// why: app passwords, POP access disabled).
func signInSentence(p *mailbox.Problem, withCode bool) string {
	msg := explained(p).Message
	if p.Kind == mailbox.KindAuth && p.ServerText != "" {
		msg += " The server said: “" + p.ServerText + "”"
		if withCode && p.Code != "" {
			msg += " [" + p.Code + "]"
		}
	}
	return msg
}

const (
	chooseServerSentence = "Choose a mail server."
	bridgeDownSentence   = "Poppy cannot reach its bridge."
)
