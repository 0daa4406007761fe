//go:build unix

package dovecottest

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"
)

// waitReady returns once both listeners accept a connection and send a
// "+OK" greeting from a login process. An accepted connection alone is not
// enough: the master binds the ports before it has started a single login
// process, and the TLS listener also proves the certificate loaded.
func (s *Server) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	var last error
	for _, check := range []func() error{
		func() error { return greeting(s.Addr, nil) },
		func() error { return greeting(s.TLSAddr, s.TLSConfig()) },
	} {
		for {
			if gone, err := s.exited(); gone {
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
		return fmt.Errorf("dovecottest: read greeting from %s: %w", addr, err)
	}
	if !strings.HasPrefix(line, "+OK") {
		return fmt.Errorf("dovecottest: greeting from %s: %q", addr, line)
	}
	return nil
}
