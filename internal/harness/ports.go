package harness

import (
	"fmt"
	"net"
)

// FreePorts returns n distinct loopback ports that were free a moment ago.
// Another process may take one before the server binds it; a harness
// retries on a bind failure rather than pretend this is race-free.
func FreePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	// Hold every listener until all are chosen, so the n ports differ.
	for i := 0; i < n; i++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("harness: pick a free port: %w", err)
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}
