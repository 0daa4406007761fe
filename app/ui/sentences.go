package ui

import (
	"errors"
	"fmt"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// The sentences a person reads about failures of the bridge and of the
// connection to the mail server, in one place, ready for translation.
// transport and bridgeclient return typed errors and classify them
// (transport.Classify); what to say about each is decided here.

// sentence is what a person reads about p: what happened and what to
// do. The mailbox classifies (Kind, Op, the server's words, the wrapped
// error); the words are chosen here only. The bridge's close codes and
// its server list say more than the generic sentence for their Kind.
func sentence(p *mailbox.Problem) string {
	if msg, ok := transportSentence(p.Err); ok {
		return msg
	}
	return kindSentence(p)
}

// kindSentence is the sentence for p's Kind, from its data fields.
func kindSentence(p *mailbox.Problem) string {
	switch p.Kind {
	case mailbox.KindClosed:
		return "This mailbox was closed."
	case mailbox.KindCanceled:
		return "Stopped."
	case mailbox.KindInUse:
		return "The mailbox is open in another mail program. Close it there, or wait a few minutes, then try again."
	case mailbox.KindLoginDelay:
		return "The mail server allows signing in only every so often. Poppy will try again a little later."
	case mailbox.KindAuth:
		return "The mail server did not accept the username or password."
	case mailbox.KindInsecure:
		return "The connection to this server is not encrypted, so Poppy did not send the password."
	case mailbox.KindTLS:
		if transport.Classify(p.Err) == transport.Untrusted {
			return "The mail server's security certificate could not be verified, so the connection was not trusted."
		}
		return "A secure (TLS) connection to the mail server could not be set up."
	case mailbox.KindRefused:
		return "The bridge does not connect to this mail server."
	case mailbox.KindServer:
		var pe *pop3.Error
		if !errors.As(p.Err, &pe) && errors.Is(p.Err, pop3.ErrNotSupported) {
			return "The mail server does not support a command Poppy needs."
		}
		return "The mail server refused: " + orDefault(p.ServerText, "no reason given") + "."
	case mailbox.KindProtocol:
		var le *pop3.LimitError
		if errors.As(p.Err, &le) {
			return fmt.Sprintf("The mail server's reply is larger than Poppy allows (%s limit of %d bytes).", le.Limit, le.Max)
		}
		return "The mail server sent a reply Poppy could not use, so the connection was closed."
	case mailbox.KindUnreachable:
		return "The mail server cannot be reached. It may be down, or the connection may be offline."
	case mailbox.KindDropped:
		return "The connection to the mail server was lost."
	case mailbox.KindCommit:
		if p.Verified {
			return "The mail server did not delete these messages. They are back in the list; try again later."
		}
		return "The mail server did not confirm the deletion, and Poppy could not check. The messages are shown until Poppy can see that they are gone."
	case mailbox.KindGone:
		return "This message is no longer on the server; another program may have deleted it."
	case mailbox.KindStale:
		return "This server cannot identify messages from one connection to the next (it lacks UIDL), and the connection was renewed. Refresh the list and try again."
	case mailbox.KindStorage:
		if store.IsQuota(p.Err) {
			return "This device has no room left for Poppy's copy of your mail. The inbox still works; clear local data, or free space, to keep messages for offline reading."
		}
		return "Poppy could not read or save its copy of this mailbox on this device. The inbox still works while online."
	case mailbox.KindSignedOut:
		if p.Op == mailbox.OpFetch {
			return "This message is not saved on this device. Sign in to download it."
		}
		return "Sign in to check for new mail. Until then Poppy shows what is saved on this device."
	}
	return "Something went wrong. The details below say what."
}

// detailedSentence is sentence(p) followed by its technical detail, for
// places without a "details" disclosure.
func detailedSentence(p *mailbox.Problem) string {
	if p.Detail != "" {
		return sentence(p) + " (" + p.Detail + ")"
	}
	return sentence(p)
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
	msg := sentence(p)
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
