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
// that the certificate loaded. The two listeners are probed at the same
// time, since each smtpd takes a while to start on a loaded machine. A
// fatal error in the log ends the wait at once rather than after
// readyTimeout.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	checks := []func() error{
		func() error { return harness.Greeting(s.SubmissionStartTLSAddr, nil, "220 ") },
		func() error { return harness.Greeting(s.SubmissionTLSAddr, s.TLSConfig(), "220 ") },
	}
	errs := make(chan error, len(checks))
	for _, check := range checks {
		go func() { errs <- s.poll(check, deadline) }()
	}
	var first error
	for range checks {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	return first
}

// poll runs check until it passes, the master exits, the log shows a
// fatal error, or the deadline passes.
func (s *Server) poll(check func() error, deadline time.Time) error {
	for {
		if gone, err := s.proc.Exited(); gone {
			// The master reports start-up failures through postlogd,
			// which is not running yet then, so its log may be empty:
			// say how to see the reason.
			return fmt.Errorf("%w (%v); if its log below is empty, run `postfix -c %s check`, or the master by hand as root, to see why", errExited, err, s.ConfigDir)
		}
		last := check()
		if last == nil {
			return nil
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
