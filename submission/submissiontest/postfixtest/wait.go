//go:build unix

package postfixtest

import "time"

// WaitForMessages waits until user's maildir holds n messages, and fails
// the test if that does not happen within 20 seconds. Postfix's 250 after
// DATA means the message is queued; the LMTP delivery to Dovecot follows
// a moment later, so a test waits for it before reading over POP3.
func (s *Server) WaitForMessages(user string, n int) {
	s.t.Helper()
	deadline := time.Now().Add(deliverTimeout)
	for {
		got := s.Dovecot.Count(user)
		if got == n {
			return
		}
		if got > n {
			s.t.Fatalf("postfixtest: %d messages for %s, want %d", got, user, n)
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("postfixtest: %d messages for %s after %v, want %d; a delivery failed or is deferred (see Postfix's log)", got, user, deliverTimeout, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
