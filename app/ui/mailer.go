package ui

import (
	"context"
	"errors"
)

// mailer: placeholder until app/compose, app/store and app/outbox land.
type mailer struct{}

type sendingView struct {
	outbox     []outboxItem
	sent       []sentItem
	identities []identity
	contacts   []string
	sizeLimit  int64
}

var errNotYet = errors.New("ui: sending is not wired yet")

func (m *mailer) prepare(context.Context, *composeRequest) (draftForm, error) {
	return draftForm{}, errNotYet
}
func (m *mailer) saveDraft(context.Context, draftForm) error { return errNotYet }
func (m *mailer) deleteDraft(context.Context, string) error  { return errNotYet }
func (m *mailer) queue(context.Context, draftForm) error     { return errNotYet }
func (m *mailer) flush(context.Context)                      {}
func (m *mailer) load(context.Context) sendingView           { return sendingView{} }
func (m *mailer) resolve(string, bool)                       {}
func (m *mailer) retry(string)                               {}
func (m *mailer) remove(string)                              {}
func (m *mailer) saveIdentities([]identity) error            { return errNotYet }

func defaultAddress(username, server string) string { return username }

func notQueuedSentence(err error) string { return "Not sent: " + err.Error() }

func identitiesNotSavedSentence(err error) string { return "Not saved: " + err.Error() }
