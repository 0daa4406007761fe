//go:build unix

package postfixtest

import (
	"fmt"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// waitReady returns once both listeners send a "220" greeting: the master
// binds the ports before any smtpd runs, so only a greeting shows that an
// smtpd started with this configuration, and on the implicit-TLS port
// that the certificate loaded. A fatal error in the log ends the wait at
// once rather than after readyTimeout.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	var last error
	for _, check := range []func() error{
		func() error { return harness.Greeting(s.SubmissionStartTLSAddr, nil, "220 ") },
		func() error { return harness.Greeting(s.SubmissionTLSAddr, s.TLSConfig(), "220 ") },
	} {
		for {
			if gone, err := s.exited(); gone {
				return fmt.Errorf("%w: %v", errExited, err)
			}
			if last = check(); last == nil {
				break
			}
			if strings.Contains(s.LogText(), "fatal:") {
				return fmt.Errorf("postfixtest: Postfix reported a fatal error while starting (its log follows the test): %w", last)
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("postfixtest: not ready after %v: %w", readyTimeout, last)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}
