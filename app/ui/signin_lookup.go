package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// lookupAddress asks the bridge for the servers of address, off the UI
// goroutine; the card shows them (#found-servers) when the answer comes.
// A newer lookup, or another address typed meanwhile, wins.
func (s *Shell) lookupAddress(address string) {
	ctx, book := s.ctx, s.book
	l := &lookup{Address: address, Busy: true}
	s.lookup, s.loadErr = l, ""
	ctx.Async(func() {
		a, err := book.Lookup(address)
		ctx.Dispatch(func(app.Context) {
			if s.lookup != l {
				return
			}
			done := &lookup{Address: address, Err: err}
			if err == nil {
				done.Found = &a
			}
			s.lookup = done
		})
	})
}

// signInTarget is the server a sign-in form names: an operator's target,
// or the user-entered server of the address-first path, which the book
// then knows, for the Dialer.
func (s *Shell) signInTarget(f signInForm) (bridgeapi.Target, error) {
	if !custom(f) {
		t, ok := bridgeapi.FindTarget(s.targets, f.Target)
		if !ok {
			return t, errNoTarget
		}
		return t, nil
	}
	t, err := customTarget(f, s.custom)
	if err == nil {
		s.book.AddCustom(t)
	}
	return t, err
}

// errNoTarget is a form that names no server the bridge offers.
var errNoTarget = errors.New("ui: no such target")

// signInTargetSentence words signInTarget's error.
func signInTargetSentence(err error) string {
	var ce *customError
	if errors.As(err, &ce) {
		return customSentence(ce)
	}
	return i18n.T(chooseServerSentence)
}

// accountTarget is the server of the open account: its user-entered
// server, kept in its record, or the operator's target it names.
func (s *Shell) accountTarget() (bridgeapi.Target, bool) {
	if t, ok := customOf(s.acct); ok {
		return t, true
	}
	return bridgeapi.FindTarget(s.targets, s.acct.Server)
}
