//go:build unix

package dovecottest

import (
	"fmt"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// waitReady returns once both listeners accept a connection and send a
// "+OK" greeting from a login process. An accepted connection alone is not
// enough: the master binds the ports before it has started a single login
// process, and the TLS listener also proves the certificate loaded.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	var last error
	checks := []func() error{
		func() error { return harness.Greeting(s.Addr, nil, "+OK") },
		func() error { return harness.Greeting(s.TLSAddr, s.TLSConfig(), "+OK") },
	}
	if s.HAProxyAddr != "" {
		checks = append(checks, func() error { return localGreeting(s.HAProxyAddr) })
	}
	for _, check := range checks {
		for {
			if gone, err := s.proc.Exited(); gone {
				return fmt.Errorf("%w: %v", errExited, err)
			}
			if last = check(); last == nil {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("dovecottest: not ready after %v: %w", readyTimeout, last)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return nil
}
