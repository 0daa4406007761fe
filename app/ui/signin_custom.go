package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
)

// The address-first path of the sign-in form: the target select's
// option bridgeapi.CustomTarget ("Another server"), offered when the
// bridge allows user-entered servers. It goes in two steps, so that no
// credential leaves the tab before the person saw where it would go:
// the address is looked up (lookup), then the servers found, or typed
// when none were, are confirmed with the password (customTarget).

// lookup is an address lookup of the Shell's, passed down to the card.
type lookup struct {
	Address string
	Busy    bool
	Found   *bridgeapi.Autoconfig
	Err     error // the refusal or failure, when nothing was found
}

// confirming reports whether the card shows the second step for
// address: the lookup of that very address ended, and either found
// servers or refused in a way that leaves typing them in.
func (l *lookup) confirming(address string) bool {
	if l == nil || l.Busy || l.Address != address || address == "" {
		return false
	}
	return l.Found != nil || manualAfter(l.Err)
}

// manualAfter reports whether, after a lookup failed with err, the
// person may enter the server by hand: not after a mistyped address or
// a busy bridge (fix it, try again), nor when the bridge is down.
func manualAfter(err error) bool {
	var re *bridgeclient.RefusalError
	if errors.As(err, &re) {
		r := re.Refusal.Reason
		return r != bridgeapi.ReasonBadAddress && r != bridgeapi.ReasonBusy
	}
	return errors.Is(err, bridgeclient.ErrBadAnswer)
}

// applyFound fills f with what lookup l found; the person may edit all
// of it. The address's own servers replace any typed before. FoundFor
// is the address as typed, which l is for (the bridge may spell it
// otherwise): the finding fills the form once, not at every render.
func applyFound(f signInForm, l *lookup) signInForm {
	a := l.Found
	f.Host, f.Port, f.Security = a.POP3.Host, strconv.Itoa(a.POP3.Port), a.POP3.Security
	f.Submission = a.Submission
	f = withFoundSubmission(f, a.Submission)
	if a.Username != "" {
		f.Username = a.Username
	}
	f.FoundFor = l.Address
	return f
}

// customProblem is what keeps the typed server from being used, before
// anything is sent.
type customProblem int

const (
	customNoHost customProblem = iota + 1
	customBadPort
	customPortNotAllowed
	customBadSecurity
	customPlainUnconfirmed // plain POP3 over the network, not confirmed
	customSubmissionBadPort
	customSubmissionPortNotAllowed
	customSubmissionBadSecurity // not TLS nor STARTTLS
)

// customError is a form that cannot be used, with the typed data its
// sentence needs (customSentence).
type customError struct {
	Problem customProblem
	Port    int
	Allowed []int // the ports the bridge allows, for customPortNotAllowed
}

func (e *customError) Error() string { return "ui: custom server: " + customSentence(e) }

// customTarget is the target the form's server makes, or why it cannot
// be used. The port is checked against the bridge's policy here, from
// its typed list, so that a refusal is worded before any connection.
func customTarget(f signInForm, policy *bridgeapi.CustomPolicy) (bridgeapi.Target, error) {
	host := strings.TrimSpace(f.Host)
	if host == "" {
		return bridgeapi.Target{}, &customError{Problem: customNoHost}
	}
	port, err := strconv.Atoi(strings.TrimSpace(f.Port))
	if err != nil || port < 1 || port > 65535 {
		return bridgeapi.Target{}, &customError{Problem: customBadPort}
	}
	if policy != nil && !slices.Contains(policy.Ports, port) {
		return bridgeapi.Target{}, &customError{Problem: customPortNotAllowed, Port: port, Allowed: policy.Ports}
	}
	if !f.Security.Valid() {
		return bridgeapi.Target{}, &customError{Problem: customBadSecurity}
	}
	if needsPlainConsent(host, f.Security) && !f.AllowPlain {
		return bridgeapi.Target{}, &customError{Problem: customPlainUnconfirmed}
	}
	t := bridgeapi.Target{Name: bridgeclient.CustomName(host, port), Host: host, Port: port, Security: f.Security}
	// The sending server is checked against the bridge's ports too:
	// otherwise every message would wait in the outbox for a refusal.
	sub, err := submissionEndpoint(f, policy)
	if err != nil {
		return bridgeapi.Target{}, err
	}
	t.Submission = sub
	return t, nil
}

// needsPlainConsent reports whether a password to host would cross the
// network unencrypted: the person must say so first.
func needsPlainConsent(host string, sec bridgeapi.Security) bool {
	return sec == bridgeapi.SecurityPlain && !mailconn.IsLoopback(host)
}

// customRecord is what the account's record keeps of t.
func customRecord(t bridgeapi.Target) *store.CustomServer {
	return &store.CustomServer{
		POP3:       bridgeapi.Endpoint{Host: t.Host, Port: t.Port, Security: t.Security},
		Submission: t.Submission,
	}
}

// customOf is the target of a record's user-entered server.
func customOf(rec store.Account) (bridgeapi.Target, bool) {
	c := rec.Custom
	if c == nil {
		return bridgeapi.Target{}, false
	}
	return bridgeapi.Target{Name: rec.Server, Host: c.POP3.Host, Port: c.POP3.Port, Security: c.POP3.Security, Submission: c.Submission}, true
}
