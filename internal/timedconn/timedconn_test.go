package timedconn

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"
)

var errSilent = errors.New("test: the server did not answer in time")

// A silent peer ends in the engine's own error; SetTimeout changes the
// wait for later reads.
func TestTimeout(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	c := New(a, time.Hour, errSilent)
	c.SetTimeout(20 * time.Millisecond)
	if _, err := c.Read(make([]byte, 1)); !errors.Is(err, errSilent) {
		t.Fatalf("Read from a silent peer = %v, want the timeout error", err)
	}
}

// A context that ends wakes a blocked Read with its cause; after stop, a
// new context governs again.
func TestWatch(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	c := New(a, time.Hour, errSilent)
	ctx, cancel := context.WithCancel(context.Background())
	stop := c.Watch(ctx)
	errc := make(chan error, 1)
	go func() {
		_, err := c.Read(make([]byte, 1))
		errc <- err
	}()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Read after cancel = %v, want context.Canceled", err)
	}
	stop()
	stop = c.Watch(context.Background())
	defer stop()
	go b.Write([]byte("x"))
	if n, err := c.Read(make([]byte, 1)); n != 1 || err != nil {
		t.Fatalf("Read under a new context = %d, %v", n, err)
	}
}
