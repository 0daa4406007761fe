package targets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"syscall"
	"time"
)

// DefaultDialTimeout bounds a TCP handshake with a mail server.
const DefaultDialTimeout = 10 * time.Second

// Dialer connects to targets. The zero value is ready to use.
type Dialer struct {
	// Timeout bounds name resolution plus the TCP handshake; zero means
	// DefaultDialTimeout.
	Timeout time.Duration
}

// DialTimeout returns the effective Timeout: DefaultDialTimeout when
// unset. The relay bounds the rest of connecting (a PROXY header) by it.
func (d *Dialer) DialTimeout() time.Duration { return d.timeout() }

func (d *Dialer) timeout() time.Duration {
	if d == nil || d.Timeout <= 0 {
		return DefaultDialTimeout
	}
	return d.Timeout
}

// Dial connects to a configured target. Failures are *DialError.
func (d *Dialer) Dial(ctx context.Context, t Target) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout())
	defer cancel()
	var nd net.Dialer
	c, err := nd.DialContext(ctx, "tcp", t.Addr())
	if err != nil {
		return nil, &DialError{Target: t.Name, Err: err, Timeout: isTimeout(ctx, err)}
	}
	return c, nil
}

// DialCustom vets a user-entered server with policy c (see Custom.Vet) and
// connects to the first of its vetted addresses that answers. It dials the
// IP addresses that were checked, never the name again, and a socket-level
// Control hook re-checks the address actually connected to.
func (d *Dialer) DialCustom(ctx context.Context, c *Custom, host, port string) (net.Conn, Target, error) {
	ctx, cancel := context.WithTimeout(ctx, d.timeout())
	defer cancel()
	t, addrs, err := c.Vet(ctx, host, port)
	if err != nil {
		return nil, t, err
	}
	nd := net.Dialer{Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("targets: unexpected dial address %q", address)
		}
		if class, bad := c.check(ap.Addr()); bad {
			return &ForbiddenError{Host: t.Host, Addr: ap.Addr(), Class: class, Resolved: isName(t.Host)}
		}
		return nil
	}}
	var firstErr error
	for _, ap := range addrs {
		conn, err := nd.DialContext(ctx, "tcp", ap.String())
		if err == nil {
			return conn, t, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, t, &DialError{Target: t.Name, Err: firstErr, Timeout: isTimeout(ctx, firstErr)}
}

func isTimeout(ctx context.Context, err error) bool {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
