package ui

import (
	"context"
	"errors"
)

// Placeholder until app/compose and app/outbox land.
type sendEngine struct{}

var errNotYet = errors.New("ui: sending is not wired yet")

func (m *mailer) prepare(ctx context.Context, req *composeRequest, ids []identity) (draftForm, error) {
	return draftForm{}, errNotYet
}
func (m *mailer) queue(context.Context, draftForm, []identity) error { return errNotYet }
func (m *mailer) flush(context.Context)                              {}
func (m *mailer) resolve(string, bool)                               {}
func (m *mailer) retry(string)                                       {}
func (m *mailer) remove(string)                                      {}

func notQueuedSentence(err error) string { return "Not sent: " + err.Error() }

func identitiesNotSavedSentence(err error) string { return "Not saved: " + err.Error() }
