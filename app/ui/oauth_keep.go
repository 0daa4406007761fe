package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/oauth"
)

// "Keep me signed in on this device" (issue 12): when the person ticks
// it, the account's refresh token is kept in the device's RefreshStore
// (in the tab, oauth.WebCryptoStore: AES-GCM under a non-extractable
// WebCrypto key kept apart from the ciphertexts), saved after the code
// exchange and again whenever a refresh brings a new one (rotation), so
// that after a reload the account refreshes its way back in without any
// provider page. Unticked, nothing is kept and an older token of the
// account is deleted. A refused refresh, a sign-out and removing the
// account delete it too. The access token never leaves memory.

// oauthKeeper is the tab's side of the RefreshStore. Its zero value
// uses the platform's store.
type oauthKeeper struct {
	// Open opens the device's store; it blocks, so it runs off the UI
	// goroutine. Nil: the platform's (oauth.OpenWebCryptoStore in the
	// tab; none natively).
	Open func(context.Context) (oauth.RefreshStore, error)
	// Saved reports, without opening the store, whether a token is kept
	// for an account key: the page renders before the store opens. Nil:
	// the platform's (oauth.Saved in the tab).
	Saved func(key string) bool

	// mu orders the writes, so that the last one writes the newest
	// token; it is held across the store's calls.
	mu     sync.Mutex
	opened bool
	store  oauth.RefreshStore
	err    error
}

// open returns the store, opening it on first use. Callers hold k.mu.
func (k *oauthKeeper) open(ctx context.Context) (oauth.RefreshStore, error) {
	if k.opened {
		return k.store, k.err
	}
	open := k.Open
	if open == nil {
		open = openRefreshStore
	}
	k.store, k.err = open(ctx)
	// A store that could not open because the call was cancelled may
	// open next time; a browser without WebCrypto never will.
	k.opened = k.err == nil || errors.Is(k.err, oauth.ErrNoWebCrypto)
	return k.store, k.err
}

// saved reports whether a token is kept for key.
func (k *oauthKeeper) saved(key string) bool {
	if k.Saved == nil {
		return refreshSaved(key)
	}
	return k.Saved(key)
}

// keep saves a's newest refresh token for key when a is to be kept and
// the token changed since the last save; it deletes any kept token when
// a is not to be kept. It blocks: never on the UI goroutine.
func (o *oauthTab) keep(ctx context.Context, key string) error {
	k := &o.keeper
	k.mu.Lock()
	defer k.mu.Unlock()
	a, ok := o.get(key)
	if !ok {
		return nil
	}
	if !a.keep {
		if !k.saved(key) {
			return nil // nothing kept, and the store need not open
		}
		st, err := k.open(ctx)
		if err != nil {
			return err
		}
		return st.Delete(ctx, key)
	}
	// Read under k.mu: a write that waited on another writes what the
	// session holds now, never an older token.
	tok := a.sess.RefreshToken()
	if tok == "" || tok == o.savedToken(key) {
		return nil
	}
	st, err := k.open(ctx)
	if err == nil {
		err = st.Save(ctx, key, tok)
	}
	if err != nil {
		err = fmt.Errorf("ui: keeping the sign-in of %s: %w", key, err)
		o.saveFailed(key, err)
		return err
	}
	o.saveFailed(key, nil)
	o.setSavedToken(key, tok)
	return nil
}

// drop deletes key's kept token, if any: its sign-in ended (refused,
// signed out, account removed). It blocks: never on the UI goroutine.
func (o *oauthTab) drop(ctx context.Context, key string) error {
	k := &o.keeper
	k.mu.Lock()
	defer k.mu.Unlock()
	if !k.saved(key) {
		return nil
	}
	st, err := k.open(ctx)
	if err != nil {
		if errors.Is(err, oauth.ErrNoWebCrypto) {
			return nil // nothing can have been kept
		}
		return err
	}
	return st.Delete(ctx, key)
}

// resume makes key's session from its kept refresh token, with the
// client that client makes: after a reload, the account signs in by a
// refresh, with no provider page. Without a kept token it returns
// ErrSignInAgain. It blocks: never on the UI goroutine.
func (o *oauthTab) resume(ctx context.Context, key, provider string, client oauthClientFunc) (oauthAccount, error) {
	k := &o.keeper
	k.mu.Lock()
	defer k.mu.Unlock()
	if a, ok := o.get(key); ok {
		return a, nil // another session of the account resumed it
	}
	if !k.saved(key) || client == nil {
		return oauthAccount{}, oauth.ErrSignInAgain
	}
	st, err := k.open(ctx)
	if errors.Is(err, oauth.ErrNoWebCrypto) {
		return oauthAccount{}, fmt.Errorf("ui: %w: %w", oauth.ErrSignInAgain, err)
	}
	if err != nil {
		return oauthAccount{}, err
	}
	tok, err := st.Load(ctx, key)
	if err != nil {
		return oauthAccount{}, err
	}
	if tok == "" {
		return oauthAccount{}, oauth.ErrSignInAgain
	}
	c, err := client(ctx)
	if err != nil {
		return oauthAccount{}, err
	}
	a := oauthAccount{provider: provider, sess: c.Resume(tok), keep: true}
	o.put(key, a)
	o.setSavedToken(key, tok)
	// The person chose to stay signed in: "Sign in again", if the
	// provider refuses this token, keeps that choice.
	o.mu.Lock()
	if o.choice == nil {
		o.choice = map[string]bool{}
	}
	o.choice[key] = true
	o.mu.Unlock()
	return a, nil
}

// oauthClientFunc makes the client of an account's provider, to resume
// its kept sign-in; it blocks (discovery).
type oauthClientFunc func(context.Context) (*oauth.Client, error)

// kept reports whether key stays signed in on this device: a token is
// kept for it (not merely asked for: a save that failed keeps nothing).
func (o *oauthTab) kept(key string) bool {
	return o.keeper.saved(key)
}

// keepFailed is why the last save of key's token failed, or nil.
func (o *oauthTab) keepFailed(key string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.failed[key]
}

// saveFailed records why key's token could not be kept (nil: it was).
func (o *oauthTab) saveFailed(key string, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.failed == nil {
		o.failed = map[string]error{}
	}
	o.failed[key] = err
}

// wantsKeep is the choice last made for key in this tab, for "Sign in
// again": what the person chose before, not a new question.
func (o *oauthTab) wantsKeep(key string) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.choice[key]
}

func (o *oauthTab) savedToken(key string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.written[key]
}

func (o *oauthTab) setSavedToken(key, tok string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.written == nil {
		o.written = map[string]string{}
	}
	o.written[key] = tok
}

// keepSentence says why the box cannot be ticked, or "" when it can.
func keepSentence(err error) string {
	if err == nil {
		return ""
	}
	return i18n.T("This browser cannot keep a sign-in safely here (it offers no WebCrypto or no IndexedDB, as on a page not served over HTTPS or in a private window), so you sign in each visit.")
}
