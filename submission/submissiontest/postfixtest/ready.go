//go:build unix

package postfixtest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"
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
		func() error { return greeting(s.SubmissionStartTLSAddr, nil) },
		func() error { return greeting(s.SubmissionTLSAddr, s.TLSConfig()) },
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

// greeting dials addr, with TLS if cfg is not nil, and reads the greeting.
func greeting(addr string, cfg *tls.Config) error {
	d := &net.Dialer{Timeout: 2 * time.Second}
	var (
		c   net.Conn
		err error
	)
	if cfg != nil {
		c, err = tls.DialWithDialer(d, "tcp", addr, cfg)
	} else {
		c, err = d.Dial("tcp", addr)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return fmt.Errorf("postfixtest: read greeting from %s: %w", addr, err)
	}
	if !strings.HasPrefix(line, "220 ") {
		return fmt.Errorf("postfixtest: greeting from %s: %q", addr, line)
	}
	// Say goodbye, so smtpd logs a clean disconnect rather than a lost
	// connection.
	_, _ = c.Write([]byte("QUIT\r\n"))
	return nil
}
