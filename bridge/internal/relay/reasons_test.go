package relay

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/targets"
)

func TestDialRefusal(t *testing.T) {
	addr := netip.MustParseAddr("10.0.0.1")
	byName := &targets.ForbiddenError{Host: "intranet.example", Addr: addr, Class: "private", Resolved: true}
	literal := &targets.ForbiddenError{Host: "10.0.0.1", Addr: addr, Class: "private"}
	tests := []struct {
		name   string
		err    error
		want   ending
		result string
	}{
		{"name to forbidden address", byName, refuseForbiddenName, "forbidden"},
		// The Control hook's refusal arrives inside the dial's errors.
		{"name refused at the socket", &targets.DialError{Target: "custom", Err: &net.OpError{Op: "dial", Err: byName}}, refuseForbiddenName, "forbidden"},
		{"literal", literal, refuseForbidden, "forbidden"},
		{"literal refused at the socket", &targets.DialError{Target: "custom", Err: &net.OpError{Op: "dial", Err: literal}}, refuseForbidden, "forbidden"},
		{"port", fmt.Errorf("%w: 25", targets.ErrPortNotAllowed), refuseForbidden, "forbidden"},
		{"disabled", targets.ErrCustomDisabled, refuseForbidden, "forbidden"},
		{"no address", fmt.Errorf("%w: empty.example", targets.ErrNoAddress), refuseNoAddress, ""},
		{"nxdomain", &targets.DialError{Target: "custom", Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, refuseUnreachable, "error"},
		{"timeout", &targets.DialError{Target: "custom", Err: context.DeadlineExceeded, Timeout: true}, refuseDialTimeout, "timeout"},
		{"single label", fmt.Errorf("%w: %q", targets.ErrSingleLabel, "mail"), refuseSingleLabel, ""},
		{"bad host", targets.ErrBadHost, refuseBadRequest, ""},
		{"other", errors.New("x"), refuseBadRequest, ""},
	}
	for _, tt := range tests {
		e, result := dialRefusal(tt.err)
		if e != tt.want || result != tt.result {
			t.Errorf("%s: %+v %q, want %+v %q", tt.name, e, result, tt.want, tt.result)
		}
	}
	// The names that could map internal DNS answer alike.
	for _, e := range []ending{refuseForbiddenName, refuseNoAddress} {
		if e.code != refuseUnreachable.code || e.text != refuseUnreachable.text || e.label == refuseUnreachable.label {
			t.Errorf("%+v: want the answer of %+v under a label of its own", e, refuseUnreachable)
		}
	}
}
