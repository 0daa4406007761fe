package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/compose"
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/submission"
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
		return i18n.T("This mailbox was closed.")
	case mailbox.KindCanceled:
		return i18n.T("Stopped.")
	case mailbox.KindInUse:
		return i18n.T("The mailbox is open in another mail program. Close it there, or wait a few minutes, then try again.")
	case mailbox.KindLoginDelay:
		return i18n.T("The mail server allows signing in only every so often. Poppy will try again a little later.")
	case mailbox.KindAuth:
		return i18n.T("The mail server did not accept the username or password.")
	case mailbox.KindInsecure:
		return i18n.T("The connection to this server is not encrypted, so Poppy did not send the password.")
	case mailbox.KindTLS:
		if transport.Classify(p.Err) == transport.Untrusted {
			return i18n.T("The mail server's security certificate could not be verified, so the connection was not trusted.")
		}
		return i18n.T("A secure (TLS) connection to the mail server could not be set up.")
	case mailbox.KindRefused:
		return i18n.T("The bridge does not connect to this mail server.")
	case mailbox.KindServer:
		var pe *pop3.Error
		if !errors.As(p.Err, &pe) && errors.Is(p.Err, pop3.ErrNotSupported) {
			return i18n.T("The mail server does not support a command Poppy needs.")
		}
		return i18n.T("The mail server refused: {0}.", orDefault(p.ServerText, i18n.T("no reason given")))
	case mailbox.KindProtocol:
		var le *pop3.LimitError
		if errors.As(p.Err, &le) {
			return i18n.T("The mail server's reply is larger than Poppy allows ({0} limit of {1} bytes).", le.Limit, le.Max)
		}
		return i18n.T("The mail server sent a reply Poppy could not use, so the connection was closed.")
	case mailbox.KindUnreachable:
		return i18n.T("The mail server cannot be reached. It may be down, or the connection may be offline.")
	case mailbox.KindDropped:
		return i18n.T("The connection to the mail server was lost.")
	case mailbox.KindCommit:
		if p.Verified {
			return i18n.T("The mail server did not delete these messages. They are back in the list; try again later.")
		}
		return i18n.T("The mail server did not confirm the deletion, and Poppy could not check. The messages are shown until Poppy can see that they are gone.")
	case mailbox.KindGone:
		return i18n.T("This message is no longer on the server; another program may have deleted it.")
	case mailbox.KindStale:
		return i18n.T("This server cannot identify messages from one connection to the next (it lacks UIDL), and the connection was renewed. Refresh the list and try again.")
	case mailbox.KindStorage:
		if store.IsQuota(p.Err) {
			return i18n.T("This device has no room left for Poppy's copy of your mail. The inbox still works; clear local data, or free space, to keep messages for offline reading.")
		}
		return i18n.T("Poppy could not read or save its copy of this mailbox on this device. The inbox still works while online.")
	case mailbox.KindSignedOut:
		if p.Op == mailbox.OpFetch {
			return i18n.T("This message is not saved on this device. Sign in to download it.")
		}
		return i18n.T("Sign in to check for new mail. Until then Poppy shows what is saved on this device.")
	}
	return i18n.T("Something went wrong. The details below say what.")
}

// detailedSentence is sentence(p) followed by its detail, for places
// without a "details" disclosure: the mail server's own words, marked
// as its words; nothing more when the kind of problem says it in words
// already; and for a problem of no known kind, its technical detail,
// marked as such (it is a Go or browser error, in English).
func detailedSentence(p *mailbox.Problem) string {
	switch {
	case p.Detail == "":
		return sentence(p)
	case p.ServerText != "":
		return sentence(p) + " " + serverSaid(p.ServerText, p.Code, true)
	case p.Kind != mailbox.KindOther:
		return sentence(p)
	}
	return sentence(p) + " " + technicalDetail(p.Detail)
}

// technicalDetail marks a detail that no typed error words: a Go or
// browser error's text, which stays as it was written.
func technicalDetail(s string) string {
	return i18n.T("(Technical detail, not translated: {0})", s)
}

// bridgeSaid marks the reason a bridge sent with its close code: its
// own words, which the close code (worded before) explains.
func bridgeSaid(e *transport.BridgeError, sentence string) string {
	if e.Reason == "" {
		return sentence
	}
	return sentence + " " + i18n.T("The bridge's words: “{0}”.", e.Reason)
}

// errorWords is how an error passed to i18n.T reads (i18n.SetErrorText):
// a mailbox problem or a failure of the bridge in the sentence that
// words it (without its last full stop: the message it goes into has
// its own), anything else as its own text.
func errorWords(err error) string {
	var p *mailbox.Problem
	if errors.As(err, &p) {
		return strings.TrimSuffix(detailedSentence(p), ".")
	}
	if s, ok := transportSentence(err); ok {
		return strings.TrimSuffix(s, ".")
	}
	return err.Error()
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
		return i18n.T("The mail server's certificate is not trusted."), true
	}
	return "", false
}

// bridgeSentence says what a close code of the bridge means and what to
// do about it.
func bridgeSentence(e *transport.BridgeError) string {
	switch e.Code {
	case bridgeapi.CodeUnknownTarget:
		return i18n.T("The Poppy bridge does not offer this mail server (any more). Reload the page to see the servers it offers, or remove this account.")
	case bridgeapi.CodeForbiddenTarget:
		return bridgeSaid(e, i18n.T("The Poppy bridge does not allow connections to this mail server. Ask its operator."))
	case bridgeapi.CodeBadRequest, bridgeapi.CodeBinaryOnly, bridgeapi.CodeMessageTooBig:
		return bridgeSaid(e, i18n.T("The Poppy bridge refused the request. Reload the page; if it happens again, tell the bridge's operator."))
	case bridgeapi.CodeTargetUnreachable:
		return i18n.T("The mail server could not be reached. It may be down; Poppy tries again later.")
	case bridgeapi.CodeDialTimeout:
		return i18n.T("The mail server did not answer in time. It may be down or overloaded; Poppy tries again later.")
	case bridgeapi.CodeLimitReached:
		return bridgeSaid(e, i18n.T("The Poppy bridge is at its connection limit. Wait a minute; Poppy tries again."))
	case bridgeapi.CodeIdleTimeout:
		return i18n.T("The connection was idle too long and the bridge closed it. Poppy reconnects.")
	case bridgeapi.CodeSessionTooLong:
		return i18n.T("The connection reached the bridge's time limit. Poppy reconnects.")
	case bridgeapi.CodeGoingAway:
		return i18n.T("The Poppy bridge is restarting. Poppy reconnects.")
	case bridgeapi.CodeTargetError:
		return i18n.T("The connection to the mail server broke. Poppy reconnects.")
	}
	return bridgeSaid(e, i18n.T("The Poppy bridge closed the connection (code {0}).", strconv.Itoa(int(e.Code))))
}

// bridgeListSentence explains why the bridge's list of mail servers
// could not be had.
func bridgeListSentence(err error) string {
	var se *bridgeclient.StatusError
	switch {
	case errors.As(err, &se):
		return i18n.T("The Poppy bridge answered HTTP {0} when asked for its mail servers.", strconv.Itoa(se.Status))
	case errors.Is(err, bridgeclient.ErrBadList):
		return i18n.T("The Poppy bridge sent an unreadable server list.") + " " + technicalDetail(cause(err).Error())
	}
	return i18n.T("Cannot reach the Poppy bridge. Check that it is running, then reload.") + " " + i18n.T("The browser's words: “{0}”.", cause(err).Error())
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
		msg += " " + serverSaid(p.ServerText, p.Code, withCode)
	}
	return msg
}

const (
	chooseServerSentence = "Choose a mail server."
	bridgeDownSentence   = "Poppy cannot reach its bridge."
)

// The sentences of sending mail: the compose pane, the outbox and the
// Sent view. The submission engine and the outbox hand over typed
// errors (submission.Error with its RFC 3463 code, RecipientsError,
// SizeError, the sentinels); what a person reads about each is here.

// sendSentence says why a message was not sent, or may have been, and
// what to do: auth refused, which recipient was refused and why, too
// big with the limit, a TLS problem, the server unreachable.
func sendSentence(err error) string {
	var (
		re *submission.RecipientsError
		se *submission.SizeError
		e  *submission.Error
	)
	var stored *storedSendError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &stored):
		return storedSendSentence(stored)
	case errors.Is(err, errSignedOut):
		return i18n.T("Sign in to send: Poppy keeps no password, and needs yours to send. The message waits in the outbox.")
	case errors.Is(err, transport.ErrCannotSend):
		return i18n.T("This mail server's bridge has no sending server set up, so Poppy cannot send from this account. Ask the bridge's operator.")
	case errors.Is(err, submission.ErrOutcomeUnknown):
		return i18n.T(maybeSentSentence)
	case errors.As(err, &re):
		return recipientsSentence(re)
	case errors.As(err, &se):
		return tooBigSentence(se.Size, se.Limit)
	case errors.Is(err, submission.ErrStartTLSNotOffered):
		return i18n.T("The sending server does not offer encryption (STARTTLS), so Poppy sent neither your password nor the message. Ask its operator, or use its port for implicit TLS (465).")
	case errors.Is(err, submission.ErrInsecureAuth):
		return i18n.T("The connection to the sending server is not encrypted, so Poppy did not send the password, nor the message.")
	case errors.Is(err, submission.ErrSMTPUTF8NotOffered):
		return i18n.T("An address has non-ASCII characters, and the sending server does not accept them. Nothing was sent; use an address in plain ASCII.")
	case errors.Is(err, submission.ErrAuthNotOffered):
		return i18n.T("The sending server does not offer a sign-in method Poppy can use. Nothing was sent.")
	case errors.As(err, &e):
		return serverRefusedSentence(e)
	}
	if msg, ok := transportSentence(err); ok {
		return msg
	}
	switch transport.Classify(err) {
	case transport.Untrusted:
		return i18n.T("The sending server's security certificate could not be verified, so Poppy did not connect. Nothing was sent.")
	case transport.TLSFailed:
		return i18n.T("A secure (TLS) connection to the sending server could not be set up. Nothing was sent.")
	}
	return i18n.T("The sending server cannot be reached. It may be down, or the connection may be offline. The message waits in the outbox and is sent when the connection is back.")
}

// serverRefusedSentence is a refusal by the server at a stage of the
// session, with its words and its RFC 3463 code.
func serverRefusedSentence(e *submission.Error) string {
	said := ""
	if e.Text != "" {
		said = " " + serverSaid(e.Text, e.EnhancedCode(), true)
	}
	switch {
	case e.Stage == submission.StageAuth || e.Enhanced == [3]int{5, 7, 8} || e.Code == 535:
		return i18n.T("The sending server did not accept your username or password, so nothing was sent.") + said
	case e.Enhanced[0] == 5 && e.Enhanced[1] == 3 && e.Enhanced[2] == 4, e.Code == 552:
		return i18n.T("The message is too big for the sending server. Nothing was sent; remove an attachment and try again.") + said
	case e.Stage == submission.StageMail:
		return i18n.T("The sending server refused the sender address, so nothing was sent. Check the From address in your identities.") + said
	case e.Temporary():
		return i18n.T("The sending server is busy or refused for now. The message waits in the outbox and is tried again.") + said
	}
	return i18n.T("The sending server refused the message. Nothing was sent.") + said
}

// recipientsSentence names each refused recipient and the reason.
func recipientsSentence(re *submission.RecipientsError) string {
	var b strings.Builder
	for i, e := range re.Refused {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Recipient)
		why := recipientReason(e)
		if why != "" {
			b.WriteString(" (" + why + ")")
		}
	}
	return i18n.N("The sending server refused {0} recipients, so nothing was sent: {1}. Correct or remove the address and send again.", len(re.Refused), b.String())
}

// recipientReason is why a recipient was refused, from its RFC 3463
// code, else the server's words.
func recipientReason(e *submission.Error) string {
	var why string
	switch e.Enhanced {
	case [3]int{5, 1, 1}:
		why = i18n.T("no such mailbox")
	case [3]int{5, 1, 2}:
		why = i18n.T("no such domain")
	case [3]int{5, 1, 3}:
		why = i18n.T("not a valid address")
	case [3]int{5, 2, 2}, [3]int{4, 2, 2}:
		why = i18n.T("mailbox full")
	case [3]int{5, 7, 1}:
		why = i18n.T("not allowed")
	}
	if e.Text != "" {
		if why != "" {
			why += ": "
		}
		why += i18n.T("“{0}”", e.Text)
	}
	return why
}

const (
	maybeSentSentence   = "The connection was lost after the whole message was sent, before the server confirmed it. It may have been sent. Check with a recipient, then mark it as sent or send it again."
	queuedOfflineNote   = "Queued: it will be sent when the connection is back."
	sendingNote         = "Sending…"
	sentNote            = "Sent."
	noRecipientSentence = "Add at least one recipient (To, Cc or Bcc)."
	draftSavedSentence  = "Draft saved on this device."
	draftGoneSentence   = "This draft is no longer on this device: it was sent or discarded, perhaps in another tab."
	outboxEmptySentence = "Nothing waits to be sent."
	sentHint            = "Messages sent from this device. The mail server keeps no copy for POP3, so they are kept here."
	identitiesHint      = "The names and addresses you send from, each with its signature. A reply goes out from the address the message was sent to."

	identitiesSavedSentence = "Saved."
)

// outboxStateSentence says where an outbox entry is, in words.
func outboxStateSentence(state string, err error) string {
	switch state {
	case stateQueued:
		if err != nil {
			return i18n.T("Waiting to be sent again: {0}", sendSentence(err))
		}
		return i18n.T("Waiting to be sent.")
	case stateSending:
		return i18n.T("Sending…")
	case stateSent:
		return i18n.T("Sent.")
	case stateMaybeSent:
		return i18n.T("It may have been sent.") + " " + i18n.T(maybeSentSentence)
	case stateFailed:
		return i18n.T("Not sent.") + " " + sendSentence(err)
	}
	return state
}

// sendQueuedSentence is what Send says once the message is in the
// outbox: it goes now, or when the connection is back.
func sendQueuedSentence(offline bool) string {
	if offline {
		return i18n.T(queuedOfflineNote)
	}
	return i18n.T(sendingNote)
}

// tooBigSentence compares a message's size with the server's limit.
func tooBigSentence(size, limit int64) string {
	return i18n.T("This message is {0}, more than the {1} the sending server accepts. Remove an attachment, or share the file another way.", formatSize(size), formatSize(limit))
}

// totalSentence is the attachments' total against the limit.
func totalSentence(size, limit int64) string {
	if limit <= 0 {
		return i18n.T("About {0} to send.", formatSize(size))
	}
	return i18n.T("About {0} to send, of the {1} the sending server accepts.", formatSize(size), formatSize(limit))
}

// dropHint says how files are added, and the limit when known.
func dropHint(limit int64) string {
	if limit <= 0 {
		return i18n.T("Or drop files onto the form.")
	}
	return i18n.T("Or drop files onto the form. The sending server accepts messages up to {0}.", formatSize(limit))
}

func draftNotSavedSentence(err error) string {
	if store.IsQuota(err) {
		return i18n.T("This device has no room left, so the draft could not be saved. Send it, or free space.")
	}
	return i18n.T("The draft could not be saved on this device; it is kept while this page is open.")
}

func attachSentence(err error) string {
	return i18n.T("A file could not be read, so it was not attached ({0}).", err)
}

// prepareSentence says why a reply or forward could not be prepared:
// the original could not be read.
func prepareSentence(err error) string {
	var p *mailbox.Problem
	if errors.As(err, &p) {
		return i18n.T("The message to answer could not be read: {0}", sentence(p))
	}
	return i18n.T("The message to answer could not be read, so the reply could not be prepared ({0}).", err)
}

func preparingSentence(req *composeRequest) string {
	if req != nil && req.Kind != composeNew && req.Kind != composeDraft {
		return i18n.T("Reading the original message…")
	}
	return i18n.T("Opening…")
}

// composeTitle names the compose pane for what it was opened for.
func composeTitle(req *composeRequest) string {
	if req == nil {
		return i18n.T("New message")
	}
	switch req.Kind {
	case composeReply:
		return i18n.T("Reply")
	case composeReplyAll:
		return i18n.T("Reply all")
	case composeForward, composeForwardInline:
		return i18n.T("Forward")
	case composeDraft:
		return i18n.T("Draft")
	}
	return i18n.T("New message")
}

func sendLabel(offline bool) string {
	if offline {
		return i18n.T("Send when online")
	}
	return i18n.T("Send")
}

// notQueuedSentence says why Send did not put the message in the
// outbox: an address that is not one (which, and why), no recipient,
// no sender, or the device.
func notQueuedSentence(err error) string {
	var ae *compose.AddressError
	var be *compose.BuildError
	switch {
	case errors.As(err, &ae):
		return i18n.T("“{0}” is not an email address: {1}. Correct it, then send.", ae.Entry, i18n.T(ae.Reason))
	case errors.Is(err, compose.ErrNoRecipients), errors.Is(err, outbox.ErrNoRecipients):
		return i18n.T(noRecipientSentence)
	case errors.Is(err, compose.ErrNoSender), errors.Is(err, outbox.ErrNoSender):
		return i18n.T("The message has no sender address. Add your address under Identities, then send.")
	case errors.As(err, &be):
		return i18n.T("The message could not be put together: {0}. Nothing was sent.", i18n.T(be.Reason))
	case store.IsQuota(err):
		return i18n.T("This device has no room left for the outbox, so the message was not queued. Free space, then send; the draft is kept.")
	}
	return i18n.T("The message could not be put in the outbox on this device, so it was not sent; the draft is kept.")
}

// outboxActionSentence says why an outbox action (mark as sent, send
// again, remove) did not happen.
func outboxActionSentence(err error) string {
	var se *outbox.StateError
	switch {
	case errors.Is(err, outbox.ErrNotFound):
		return i18n.T("This message is no longer in the outbox: it was sent or removed meanwhile.")
	case errors.As(err, &se):
		return i18n.T("This message is {0} now, so that choice no longer applies.", outboxStateName(se.State))
	}
	return i18n.T("The outbox on this device could not be changed. Try again.")
}

func identitiesNotSavedSentence(err error) string {
	if store.IsQuota(err) {
		return i18n.T("This device has no room left, so the identities were not saved.")
	}
	return i18n.T("The identities could not be saved on this device; they apply while this page is open.")
}

// storedSendSentence is the sentence of an outbox entry's error as the
// device kept it (after a reload the typed error is gone): its kind's
// sentence, with the engine's details.
func storedSendSentence(e *storedSendError) string {
	var s string
	switch e.Kind {
	case outbox.KindAuth:
		s = i18n.T("The sending server did not accept your username or password, so nothing was sent.")
	case outbox.KindRecipients:
		s = i18n.T("The sending server refused a recipient, so nothing was sent.")
	case outbox.KindSize:
		s = i18n.T("The message is too big for the sending server. Nothing was sent; remove an attachment and try again.")
	case outbox.KindTLS:
		s = i18n.T("A secure connection to the sending server could not be set up (encryption not offered, or its certificate did not verify). Nothing was sent.")
	case outbox.KindTemporary:
		s = i18n.T("The sending server is busy or refused for now. The message waits in the outbox and is tried again.")
	case outbox.KindRefused:
		s = i18n.T("The sending server refused the message. Nothing was sent.")
	case outbox.KindMaybeSent, outbox.KindInterrupted:
		s = i18n.T(maybeSentSentence)
	default:
		s = i18n.T("The sending server could not be reached. The message waits in the outbox and is sent when the connection is back.")
	}
	if e.Text != "" {
		s += " " + i18n.T("Details: {0}.", strings.TrimSuffix(e.Text, "."))
	}
	return s
}

// The sentences of the address-first sign-in: the bridge's answers to
// an address lookup (bridgeapi.AutoconfigReason and, for each step that
// ran into trouble, bridgeapi.AutoconfigProblemKind), the checks of a
// typed server against the bridge's policy, and the bridge's refusals of
// a user-entered server (its close codes).

const (
	insecureWarning = "⚠ Not encrypted: your password and all your mail would cross the Internet readable by anyone on the way. " +
		"Use this only if your provider offers nothing else, and change the password if it matters elsewhere."
	oauthNeededSentence = "This provider does not accept passwords from mail programs: it needs “Sign in with …” (OAuth). " +
		"Use that button when this Poppy offers it; a password typed here will be refused."
	enterServerSentence = "Enter the server yourself below: your provider's help pages give its name, port and security."
)

// lookupSentence says why looking address up found nothing to use, and
// what to do.
func lookupSentence(err error, address string) string {
	var re *bridgeclient.RefusalError
	switch {
	case errors.As(err, &re):
		return refusalSentence(re.Refusal, address)
	case errors.Is(err, bridgeclient.ErrBadAnswer):
		return i18n.T("The Poppy bridge's answer to the lookup could not be read; it may be an older version.") + " " + i18n.T(enterServerSentence)
	}
	return i18n.T("Cannot reach the Poppy bridge to look the address up ({0}). Check your connection, then try again.", cause(err))
}

// refusalSentence words a refusal of the bridge's lookup.
func refusalSentence(r bridgeapi.AutoconfigRefusal, address string) string {
	domain := orDefault(r.Domain, i18n.T("this domain"))
	switch r.Reason {
	case bridgeapi.ReasonBadAddress:
		return i18n.T("“{0}” is not an e-mail address Poppy can look up. Type it as name@example.com.", address)
	case bridgeapi.ReasonDisabled:
		return i18n.T("This Poppy bridge does not look addresses up.") + " " + i18n.T(enterServerSentence)
	case bridgeapi.ReasonDomainNotAllowed:
		return i18n.T("This Poppy bridge looks up only the addresses its operator chose, and not those at {0}.", domain) + " " + i18n.T(enterServerSentence)
	case bridgeapi.ReasonBusy:
		return i18n.T("The Poppy bridge is busy with other lookups. Wait a few seconds, then try again.")
	}
	msg := i18n.T("Poppy found no POP3 server it may use for {0}.", domain)
	for _, p := range r.Tried {
		msg += " " + problemSentence(p)
	}
	return msg + " " + i18n.T(enterServerSentence)
}

// problemSentence says what one lookup step ran into.
func problemSentence(p bridgeapi.AutoconfigProblem) string {
	by := sourceWords(p.Source).step
	host := orDefault(p.Host, i18n.T("a server"))
	switch p.Problem {
	case bridgeapi.ProblemForbidden:
		return i18n.T("{0} gave {1}, a local or private network address, which the bridge does not connect to.", by, host)
	case bridgeapi.ProblemPort:
		return i18n.T("{0} gave {1} on port {2}, a port this bridge does not allow.", by, host, strconv.Itoa(p.Port))
	case bridgeapi.ProblemPlain:
		return i18n.T("{0} gave only unencrypted POP3 at {1}, which this bridge does not allow.", by, host)
	case bridgeapi.ProblemUnreachable:
		return i18n.T("{0} gave {1}, which the bridge cannot reach.", by, host)
	case bridgeapi.ProblemMalformed:
		return i18n.T("The autoconfig file at {0} is not one Poppy can read.", host)
	case bridgeapi.ProblemTooLarge:
		return i18n.T("The autoconfig file at {0} is too large to read.", host)
	case bridgeapi.ProblemRedirect:
		return i18n.T("The autoconfig file at {0} points elsewhere, where the bridge does not follow.", host)
	case bridgeapi.ProblemTimeout:
		return i18n.T("{0} did not answer in time.", host)
	case bridgeapi.ProblemHTTP:
		return i18n.T("The autoconfig server {0} answered with an error, or its certificate did not verify.", host)
	case bridgeapi.ProblemDNS:
		return i18n.T("The bridge's DNS resolver failed; trying again later may help.")
	case bridgeapi.ProblemNoAnswer:
		return i18n.T("{0} did not answer as a POP3 server.", host)
	}
	return i18n.T("{0} ran into a problem ({1}).", by, string(p.Problem))
}

// customSentence says why the typed server cannot be used yet.
func customSentence(e *customError) string {
	switch e.Problem {
	case customNoHost:
		return i18n.T("Enter the POP3 server's name, e.g. pop.example.com.")
	case customBadPort:
		return i18n.T("Enter the POP3 server's port, a number such as 995.")
	case customPortNotAllowed:
		return i18n.T("This Poppy bridge reaches user-entered servers only on port {0}, not on {1}. Use one of those, or ask the bridge's operator.", joinPorts(e.Allowed), strconv.Itoa(e.Port))
	case customBadSecurity:
		return i18n.T("Choose how the connection is secured: TLS, STARTTLS, or none.")
	case customPlainUnconfirmed:
		return i18n.T("This connection would not be encrypted. Tick “Send my password unencrypted anyway” if you accept that, or choose TLS or STARTTLS.")
	case customSubmissionBadPort:
		return i18n.T("Enter the sending server's port, a number such as 465, or leave the sending server empty.")
	case customSubmissionPortNotAllowed:
		return i18n.T("This Poppy bridge sends through user-entered servers only on port {0}, not on {1}. Use one of those, or leave the sending server empty.", joinPorts(e.Allowed), strconv.Itoa(e.Port))
	case customSubmissionBadSecurity:
		return i18n.T("Choose how the sending server is secured: TLS or STARTTLS. Poppy never sends a password to it unencrypted.")
	}
	return i18n.T("This server cannot be used.")
}

func joinPorts(ps []int) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprint(p)
	}
	if len(s) > 1 {
		return i18n.T("{0} or {1}", strings.Join(s[:len(s)-1], ", "), s[len(s)-1])
	}
	return strings.Join(s, "")
}

// customSessionSentence words the bridge's refusal of a user-entered
// server, from its close code: the port was checked before (customTarget),
// so a forbidden server is one at an address it does not connect to.
func customSessionSentence(err error, t bridgeapi.Target) (string, bool) {
	be, ok := transport.AsBridgeError(err)
	if !ok {
		return "", false
	}
	switch be.Code {
	case bridgeapi.CodeForbiddenTarget:
		return i18n.T("The Poppy bridge does not connect to {0}: it is a local or private network address, which user-entered servers may not use. Enter the server's public name, or ask the bridge's operator to offer it.", t.Host), true
	case bridgeapi.CodeTargetUnreachable:
		return i18n.T("The Poppy bridge could not reach {0} on port {1}: the name may be misspelt or unknown, or the server refuses connections there. Check the server's name and port.", t.Host, strconv.Itoa(t.Port)), true
	case bridgeapi.CodeBadRequest:
		return i18n.T("The Poppy bridge did not accept “{0}” as a server name. Give the server's full name, e.g. pop.example.com.", t.Host), true
	}
	return "", false
}

// serverSaid quotes a server's own words, with its response code when
// asked: the words are the server's and stay as it wrote them.
func serverSaid(text, code string, withCode bool) string {
	if withCode && code != "" {
		return i18n.T("The server said: “{0}” [{1}]", text, code)
	}
	return i18n.T("The server said: “{0}”", text)
}

// outboxStateName words an outbox state inside a sentence.
func outboxStateName(s outbox.State) string {
	switch string(s) {
	case stateQueued:
		return i18n.T("waiting to be sent")
	case stateSending:
		return i18n.T("being sent")
	case stateSent:
		return i18n.T("sent")
	case stateMaybeSent:
		return i18n.T("perhaps sent")
	case stateFailed:
		return i18n.T("not sent")
	}
	return string(s)
}

// deviceSentence is what a person reads when the device's store failed:
// what did not happen, and why in words (no room left, or the store
// refused), never the store's own English.
func deviceSentence(what string, err error) string {
	if store.IsQuota(err) {
		return what + " " + i18n.T("This device has no room left for it; free space, then try again.")
	}
	return what + " " + i18n.T("The browser's storage refused; reloading the page may help.")
}
