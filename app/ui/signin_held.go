package ui

// A sign-in needs the device's store (an account signed in without it
// would keep nothing on the device), which the Shell opens at mount. The
// app's form replaces the page's shell before that, and for the moment
// the store takes (about 200 ms on a first visit) a disabled button would
// drop a click, and an automation's click, that the shell before it took.
// So the form takes the press, says "Signing in…", and the Shell signs in
// with it once the store is open; a start that opens an account instead
// drops it, as the page's loader drops a press made in the shell then.

// holdSignIn keeps f, pressed before the store opened.
func (s *Shell) holdSignIn(f signInForm) {
	if s.db != nil { // opened meanwhile: nothing to wait for
		s.signIn(f)
		return
	}
	s.held = &f
	s.pressed = true
}

// takeHeld returns the press held until the store opened and forgets it;
// ok is false when there is none, or when the start opened an account
// (opened), which drops it.
func (s *Shell) takeHeld(opened bool) (f signInForm, ok bool) {
	h := s.held
	s.held = nil
	if h == nil {
		return signInForm{}, false
	}
	if opened {
		s.pressed = false
		return signInForm{}, false
	}
	return *h, true
}
