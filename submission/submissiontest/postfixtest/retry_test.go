//go:build unix

package postfixtest

import (
	"net"
	"testing"

	"github.com/poppymail/poppy/internal/harness"
)

// TestStartRetriesWhenAPortIsTaken hands Start a port that is in use, as
// happens when another process takes a free port before Postfix binds it.
// Not parallel: it replaces pickPorts.
func TestStartRetriesWhenAPortIsTaken(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	taken := busy.Addr().(*net.TCPAddr).Port

	calls := 0
	pickPorts = func(n int) ([]int, error) {
		calls++
		ports, err := harness.FreePorts(n)
		if calls == 1 && err == nil {
			ports[0] = taken
		}
		return ports, err
	}
	t.Cleanup(func() { pickPorts = harness.FreePorts })

	s := Start(t, nil)
	if calls < 2 {
		t.Fatalf("Start picked ports %d times, want a retry", calls)
	}
	if err := harness.Greeting(s.SubmissionTLSAddr, s.TLSConfig(), "220 "); err != nil {
		t.Fatal(err)
	}
}
