//go:build unix

package dovecottest

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"time"
)

// LocalHeader is a PROXY protocol v2 header with the LOCAL command
// (proxy-protocol.txt §2.2): the signature, version 2 with command LOCAL
// (0x20), family and protocol UNSPEC, and no address bytes. It is what a
// proxy sends for a connection of its own, such as a health check, and
// the receiver then uses the connection's real addresses.
var LocalHeader = []byte{0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x20, 0x00, 0x00, 0x00}

// localGreeting checks that the PROXY listener at addr greets after a
// LOCAL header, as harness.Greeting checks the others. A listener that
// greeted without a header would not be one.
func localGreeting(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := c.Write(LocalHeader); err != nil {
		return fmt.Errorf("dovecottest: send a PROXY header to %s: %w", addr, err)
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "+OK") {
		return fmt.Errorf("dovecottest: greeting after a PROXY header from %s: %q, %v", addr, line, err)
	}
	_, _ = c.Write([]byte("QUIT\r\n"))
	return nil
}
