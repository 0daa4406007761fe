package harness

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"time"
)

// Greeting dials addr, with TLS if cfg is not nil, reads the server's
// first line and checks that it starts with prefix ("+OK" for POP3, "220 "
// for SMTP), then says QUIT, which both protocols know, so the server
// logs a clean goodbye. A harness polls it until the server is ready: an
// accepted connection alone is not enough, since masters bind their
// ports before any process that would greet exists.
func Greeting(addr string, cfg *tls.Config, prefix string) error {
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
		return fmt.Errorf("harness: read greeting from %s: %w", addr, err)
	}
	if !strings.HasPrefix(line, prefix) {
		return fmt.Errorf("harness: greeting from %s: %q, want %q", addr, line, prefix)
	}
	_, _ = c.Write([]byte("QUIT\r\n"))
	return nil
}
