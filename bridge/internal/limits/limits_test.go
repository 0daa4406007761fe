package limits

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func kindOf(err error) Kind {
	var le *LimitError
	if errors.As(err, &le) {
		return le.Kind
	}
	return ""
}

func TestLimiterCaps(t *testing.T) {
	l := New(&Options{MaxSessions: 3, MaxSessionsPerClient: 2, SessionsPerMinute: -1})
	a, b := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	r1, err := l.Acquire(a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire(a); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire(a); kindOf(err) != KindPerClient {
		t.Fatalf("third session of a: %v, want per-client refusal", err)
	}
	if _, err := l.Acquire(b); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Acquire(b); kindOf(err) != KindTotal {
		t.Fatalf("fourth session: %v, want total refusal", err)
	}
	r1()
	r1() // idempotent
	if l.Active() != 2 {
		t.Fatalf("Active = %d, want 2", l.Active())
	}
	if _, err := l.Acquire(b); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

func TestLimiterRate(t *testing.T) {
	now := time.Unix(1e9, 0)
	l := New(&Options{SessionsPerMinute: 6, Burst: 2})
	l.now = func() time.Time { return now }
	a := netip.MustParseAddr("2001:db8:1:2::1")
	sameNet := netip.MustParseAddr("2001:db8:1:2:ffff::9") // same /64
	other := netip.MustParseAddr("2001:db8:1:3::1")
	for i := 0; i < 2; i++ {
		rel, err := l.Acquire(a)
		if err != nil {
			t.Fatalf("burst session %d: %v", i, err)
		}
		rel()
	}
	if _, err := l.Acquire(sameNet); kindOf(err) != KindRate {
		t.Fatalf("same /64 after burst: %v, want rate refusal", err)
	}
	if rel, err := l.Acquire(other); err != nil {
		t.Fatalf("other /64: %v", err)
	} else {
		rel()
	}
	now = now.Add(10 * time.Second) // 6/min refills one token every 10 s
	if _, err := l.Acquire(a); err != nil {
		t.Fatalf("after refill: %v", err)
	}
	if _, err := l.Acquire(a); kindOf(err) != KindRate {
		t.Fatalf("second after refill: %v", err)
	}
}

func TestLimiterSweeps(t *testing.T) {
	now := time.Unix(1e9, 0)
	l := New(nil)
	l.now = func() time.Time { return now }
	for i := 0; i < 5000; i++ {
		rel, err := l.Acquire(netip.AddrFrom4([4]byte{198, 51, byte(i >> 8), byte(i)}))
		if err != nil {
			t.Fatal(err)
		}
		rel()
		now = now.Add(time.Second)
	}
	if n := l.clientCount(); n > 2048 {
		t.Errorf("%d clients remembered after 5000 one-off clients; want the table swept", n)
	}
}

func TestClientIP(t *testing.T) {
	trusted, err := ParsePrefixes("10.0.0.0/8, 192.0.2.7 ,fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	c := &ClientIP{Trusted: trusted}
	tests := []struct {
		remote string
		xff    []string
		want   string
	}{
		{"203.0.113.5:4000", nil, "203.0.113.5"},
		{"203.0.113.5:4000", []string{"1.2.3.4"}, "203.0.113.5"}, // untrusted peer: header ignored
		{"10.1.1.1:4000", nil, "10.1.1.1"},
		{"10.1.1.1:4000", []string{"198.51.100.9"}, "198.51.100.9"},
		{"10.1.1.1:4000", []string{"6.6.6.6, 198.51.100.9"}, "198.51.100.9"}, // spoofed left part ignored
		{"10.1.1.1:4000", []string{"6.6.6.6, 198.51.100.9, 192.0.2.7"}, "198.51.100.9"},
		{"10.1.1.1:4000", []string{"6.6.6.6", "198.51.100.9, 10.2.2.2"}, "198.51.100.9"},
		{"10.1.1.1:4000", []string{"10.3.3.3, 10.2.2.2"}, "10.3.3.3"},
		{"10.1.1.1:4000", []string{"garbage, 10.2.2.2"}, "10.2.2.2"},
		{"10.1.1.1:4000", []string{"[2001:db8::5]:1234"}, "2001:db8::5"},
		{"[fd00::1]:4000", []string{"::ffff:198.51.100.9"}, "198.51.100.9"},
		{"[::ffff:10.1.1.1]:4000", []string{"198.51.100.9"}, "198.51.100.9"},
	}
	for _, tt := range tests {
		r := &http.Request{RemoteAddr: tt.remote, Header: http.Header{}}
		for _, v := range tt.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := c.Of(r); got.String() != tt.want {
			t.Errorf("Of(%s, %q) = %s, want %s", tt.remote, tt.xff, got, tt.want)
		}
	}
}

func TestParsePrefixes(t *testing.T) {
	tests := []struct {
		in   string
		want string // the prefixes, space-separated; "error" for a *PrefixError
	}{
		{"", ""},
		{"10.0.0.0/8", "10.0.0.0/8"},
		{" 10.99.0.0/16 , 64:ff9b::/96 ", "10.99.0.0/16 64:ff9b::/96"},
		{"10.1.2.3/8", "10.0.0.0/8"}, // host bits cleared
		{"192.0.2.7", "192.0.2.7/32"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"::ffff:10.0.0.1", "10.0.0.1/32"},
		{"::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"10.0.0.0/33", "error"},
		{"::ffff:0.0.0.0/64", "error"},
		{"fe80::1%eth0", "error"},
		{"10.0.0.0/8,mail.example.com", "error"},
		{"10.0.0.0-10.0.0.9", "error"},
	}
	for _, tt := range tests {
		ps, err := ParsePrefixes(tt.in)
		if tt.want == "error" {
			var pe *PrefixError
			if !errors.As(err, &pe) || pe.Input == "" {
				t.Errorf("ParsePrefixes(%q) = %v, %v; want a *PrefixError", tt.in, ps, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParsePrefixes(%q): %v", tt.in, err)
			continue
		}
		var got []string
		for _, p := range ps {
			got = append(got, p.String())
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("ParsePrefixes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func ExampleLimiter_Acquire() {
	l := New(&Options{MaxSessionsPerClient: 1})
	ip := netip.MustParseAddr("198.51.100.7")
	release, err := l.Acquire(ip)
	fmt.Println(err)
	_, err = l.Acquire(ip)
	fmt.Println(err)
	release()
	// Output:
	// <nil>
	// limits: 1 sessions per client reached
}

// FuzzParsePrefixes: every prefix returned is masked and in the form that
// matches unmapped addresses; every failure is a *PrefixError.
func FuzzParsePrefixes(f *testing.F) {
	for _, s := range []string{"10.0.0.0/8", "::ffff:10.0.0.0/104", "192.0.2.7, 2001:db8::/32", "fe80::1%eth0", "1.2.3.4/33"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePrefixes(s)
		if err != nil {
			var pe *PrefixError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *PrefixError", err)
			}
			return
		}
		for _, p := range ps {
			if !p.IsValid() || p != p.Masked() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
				t.Fatalf("ParsePrefixes(%q) returned %v", s, p)
			}
		}
	})
}
