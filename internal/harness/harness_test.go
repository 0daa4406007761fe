package harness

import (
	"errors"
	"net"
	"strconv"
	"testing"
)

func TestFreePortsAreDistinctAndFree(t *testing.T) {
	ports, err := FreePorts(3)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range ports {
		if seen[p] {
			t.Fatalf("port %d twice in %v", p, ports)
		}
		seen[p] = true
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err != nil {
			t.Fatalf("port %d is not free after FreePorts: %v", p, err)
		}
		ln.Close()
	}
}

// recorder records how Unavailable ends a test instead of ending it.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = true }
func (r *recorder) Fatal(args ...any) { r.failed = true }

func TestUnavailableSkipsUnlessCI(t *testing.T) {
	for _, ci := range []string{"", "true"} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		Unavailable(r, errors.New("x: not installed"))
		if r.skipped != (ci == "") || r.failed != (ci != "") {
			t.Errorf("CI=%q: skipped %v failed %v", ci, r.skipped, r.failed)
		}
	}
}

// TestGreeting serves one greeting per connection: the expected prefix
// passes, another fails, and the probe says QUIT.
func TestGreeting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	quits := make(chan string, 2)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			_, _ = c.Write([]byte("220 ready\r\n"))
			buf := make([]byte, 64)
			n, _ := c.Read(buf)
			quits <- string(buf[:n])
			c.Close()
		}
	}()
	if err := Greeting(ln.Addr().String(), nil, "220 "); err != nil {
		t.Fatalf("Greeting with the right prefix: %v", err)
	}
	if got := <-quits; got != "QUIT\r\n" {
		t.Errorf("the probe sent %q, want QUIT", got)
	}
	if err := Greeting(ln.Addr().String(), nil, "+OK"); err == nil {
		t.Fatal("Greeting accepted a 220 when +OK was wanted")
	}
}
