package ui

import (
	"bytes"
	"context"
	"slices"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/submission"
)

// login is what the submitter needs of an account to send from it: its
// bridge target, and the login this tab knows (the POP3 one: a mailbox
// provider's submission server takes the same).
type login struct {
	server, username, password string
	sess                       *oauth.Session // an OAuth account's, instead of a password
	fingerprint                string         // a certificate the person trusted for the account
}

// submitter is the outbox's Sender: one submission session per message,
// through the bridge (service=submission), TLS from this tab, AUTH with
// the account's login, then the message. It tells the mailer the SIZE
// limit the server announced, so the compose pane can check it before
// the next upload.
type submitter struct {
	m   *mailer
	eng *sendEngine
}

func (s *submitter) Send(ctx context.Context, e outbox.Entry, progress func(int64)) error {
	err := s.send(ctx, e, progress)
	s.eng.note(e.ID, err)
	return err
}

func (s *submitter) send(ctx context.Context, e outbox.Entry, progress func(int64)) error {
	lg, ok := s.m.loginOf(e.Account)
	if !ok || (lg.password == "" && lg.sess == nil) {
		return errSignedOut
	}
	t, err := s.m.findTarget(lg.server)
	if err != nil {
		return err
	}
	c, err := dialSubmission(ctx, s.m.book, t, lg.fingerprint)
	if err != nil {
		return err
	}
	defer c.Close()
	ext := c.Extensions()
	if ext.Size > 0 && s.m.onChange != nil && e.Account == s.m.account {
		s.m.onChange(sendEvent{SizeLimit: ext.Size})
	}
	if lg.sess != nil {
		err = authOAuth(ctx, c, lg.sess, lg.username)
	} else {
		err = c.Auth(ctx, saslClient(ext, lg))
	}
	if err != nil {
		return err
	}
	if err := c.Send(ctx, outbox.EnvelopeOf(e), bytes.NewReader(e.Raw), int64(len(e.Raw)), progress); err != nil {
		return err
	}
	_ = c.Quit() // the message is accepted: a failed QUIT changes nothing
	return nil
}

// saslClient is PLAIN when the server offers it, else LOGIN (which some
// servers still offer alone); both only over TLS, or to a loopback
// server the operator configured plain (the engine refuses otherwise).
func saslClient(ext submission.Extensions, lg login) sasl.Client {
	if !slices.Contains(ext.Auth, "PLAIN") && slices.Contains(ext.Auth, "LOGIN") {
		return sasl.NewLoginClient(lg.username, lg.password)
	}
	return sasl.NewPlainClient("", lg.username, lg.password)
}

// loginOf is the login of account, if this tab knows it.
func (m *mailer) loginOf(account string) (login, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	lg, ok := m.logins[account]
	return lg, ok
}

// setLogins gives the mailer the logins this tab knows, by account key:
// the outbox sends the entries of every account it can.
func (m *mailer) setLogins(l map[string]login) {
	m.mu.Lock()
	m.logins = l
	m.mu.Unlock()
}

// findTarget is the bridge's target of that name.
func (m *mailer) findTarget(name string) (bridgeapi.Target, error) {
	return m.book.Find(name)
}
