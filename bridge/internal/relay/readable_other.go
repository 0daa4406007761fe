//go:build !unix

package relay

import "net"

// readableWaiter: without a way to wait for readability, targetToClient
// keeps its buffer while blocked in Read.
func readableWaiter(net.Conn) func() error { return nil }
