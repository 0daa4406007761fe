package targets

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

func TestCustomForbid(t *testing.T) {
	c := &Custom{Forbid: []netip.Prefix{
		netip.MustParsePrefix("2a02:898:64::/96"),
		netip.MustParsePrefix("93.184.216.0/24"),
	}}
	tests := []struct {
		addr  string
		class string // "" means allowed
	}{
		{"93.184.216.34", ClassOperator},
		{"::ffff:93.184.216.34", ClassOperator}, // the mapped form of an IPv4 range
		{"2a02:898:64::808:808", ClassOperator},
		{"93.184.217.1", ""},
		{"2a02:898:65::808:808", ""},
		{"10.0.0.1", "private"}, // the built-in classes still come first
	}
	for _, tt := range tests {
		class, bad := c.check(netip.MustParseAddr(tt.addr))
		if (tt.class != "") != bad || class != tt.class {
			t.Errorf("check(%s) = %q, %v; want %q", tt.addr, class, bad, tt.class)
		}
	}
	// Through Vet, for a literal and for a name.
	c.Resolver = fakeResolver{"www.example.com": {"93.184.216.34"}}
	for _, host := range []string{"93.184.216.34", "www.example.com"} {
		if _, _, err := c.Vet(context.Background(), host, "995"); !isForbidden(ClassOperator)(err) {
			t.Errorf("Vet(%s) = %v, want the operator's range refused", host, err)
		}
	}
}

// TestVetLooksUpAbsoluteNames: whatever the user typed, the resolver is
// asked for the fully qualified name, so search domains never apply.
func TestVetLooksUpAbsoluteNames(t *testing.T) {
	var asked []string
	c := &Custom{Resolver: resolverFunc(func(host string) []netip.Addr {
		asked = append(asked, host)
		return []netip.Addr{netip.MustParseAddr("93.184.216.34")}
	})}
	for _, host := range []string{"mail.example.com", "mail.example.com.", "MAIL.Example.COM"} {
		if _, _, err := c.Vet(context.Background(), host, "995"); err != nil {
			t.Fatalf("Vet(%s): %v", host, err)
		}
	}
	want := []string{"mail.example.com.", "mail.example.com.", "MAIL.Example.COM."}
	if len(asked) != len(want) {
		t.Fatalf("resolver asked %q, want %q", asked, want)
	}
	for i := range want {
		if asked[i] != want[i] {
			t.Errorf("lookup %d: %q, want %q", i, asked[i], want[i])
		}
	}
	// A single-label name never reaches the resolver.
	asked = nil
	if _, _, err := c.Vet(context.Background(), "mailhost", "995"); !errors.Is(err, ErrSingleLabel) || len(asked) != 0 {
		t.Errorf("single label: %v, resolver asked %q", err, asked)
	}
}

// TestDialCustomControlRechecks proves the socket-level check: an address
// that passed Vet but is refused when the socket is about to connect (as
// if the policy had changed between the two) is never connected to.
//
// "Never connected" is shown through the listener's accept queue, which is
// first in, first out: a positive control dialled afterwards through the
// same Dialer and policy must be the first connection the listener
// accepts. Had the refused dial sent a SYN, its connection would come
// first.
func TestDialCustomControlRechecks(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	loopback := netip.MustParseAddr("127.0.0.1")

	// Each DialCustom asks the policy twice: once in Vet, once in the
	// Control hook. refuseAtSocket refuses at the second call only.
	var calls, controlRefusals atomic.Int32
	var refuseAtSocket atomic.Bool
	c := &Custom{
		Ports:    []int{port},
		Resolver: resolverFunc(func(string) []netip.Addr { return []netip.Addr{loopback} }),
		forbidden: func(a netip.Addr) (string, bool) {
			n := calls.Add(1)
			if a != loopback {
				return "test", true
			}
			if refuseAtSocket.Load() && n%2 == 0 {
				controlRefusals.Add(1)
				return "changed", true
			}
			return "", false
		},
	}
	d := &Dialer{Timeout: 5 * time.Second}

	refuseAtSocket.Store(true)
	conn, _, err := d.DialCustom(context.Background(), c, "pop.example.org", strconv.Itoa(port))
	if err == nil {
		conn.Close()
		t.Fatal("DialCustom connected to an address its Control hook refused")
	}
	var fe *ForbiddenError
	if !errors.As(err, &fe) || fe.Class != "changed" || !fe.Resolved || fe.Addr != loopback || !IsForbidden(err) {
		t.Fatalf("err = %v, want the Control hook's *ForbiddenError", err)
	}
	if calls.Load() != 2 || controlRefusals.Load() != 1 {
		t.Fatalf("policy asked %d times (%d refusals at the socket), want 2 (1)", calls.Load(), controlRefusals.Load())
	}

	// Positive control: the same path, allowed at the socket, connects.
	refuseAtSocket.Store(false)
	control, _, err := d.DialCustom(context.Background(), c, "pop.example.org", strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	defer control.Close()
	l.(*net.TCPListener).SetDeadline(time.Now().Add(5 * time.Second))
	first, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	if first.RemoteAddr().String() != control.LocalAddr().String() {
		t.Errorf("first accepted connection is from %s, not the control's %s: the refused dial reached the listener",
			first.RemoteAddr(), control.LocalAddr())
	}
}

// TestCustomAllow: Allow opens a refused range, and only that range;
// Forbid still wins over it.
func TestCustomAllow(t *testing.T) {
	c := &Custom{
		Allow:  []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16")},
		Forbid: []netip.Prefix{netip.MustParsePrefix("10.1.2.0/24")},
	}
	tests := []struct {
		addr  string
		class string // "" means allowed
	}{
		{"127.0.0.1", ""},
		{"::ffff:127.0.0.1", ""}, // the mapped form of an allowed IPv4 range
		{"::1", "loopback"},      // not in Allow
		{"10.1.9.9", ""},
		{"10.1.2.3", ClassOperator}, // Forbid wins
		{"10.2.0.1", "private"},
		{"192.168.1.1", "private"},
	}
	for _, tt := range tests {
		class, bad := c.check(netip.MustParseAddr(tt.addr))
		if (tt.class != "") != bad || class != tt.class {
			t.Errorf("check(%s) = %q, %v; want %q", tt.addr, class, bad, tt.class)
		}
	}
	// Positive control for the default: without Allow, loopback is refused.
	if _, bad := (&Custom{}).check(netip.MustParseAddr("127.0.0.1")); !bad {
		t.Error("loopback allowed without Allow")
	}
}
