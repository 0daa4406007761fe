//go:build unix

package relay

import (
	"net"
	"syscall"
)

// readableWaiter returns a function that blocks until c has data, EOF or
// an error to report, without reading: MSG_PEEK of one byte, non-blocking,
// through the runtime's poller (which honours c's read deadline). Nil if c
// has no file descriptor.
func readableWaiter(c net.Conn) func() error {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	var peek [1]byte
	ready := func(fd uintptr) bool {
		_, _, err := syscall.Recvfrom(int(fd), peek[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return err != syscall.EAGAIN && err != syscall.EINTR
	}
	return func() error { return rc.Read(ready) }
}
