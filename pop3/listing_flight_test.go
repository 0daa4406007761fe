package pop3

import (
	"errors"
	"io"
	"testing"
	"time"
)

// TestListingFlights: after a login on a server that announced
// PIPELINING, the CAPA that reads the capabilities again goes out with
// the listing, UIDL and LIST, in one flight; what that CAPA says is
// applied as if it had been asked alone (LOGIN-DELAY, a missing UIDL or
// TOP, PIPELINING withdrawn). Without PIPELINING, or with
// DisablePipelining, every command waits for its reply. Each script
// ends with NOOP, after the checks, so that a command sent where none
// should be (a second CAPA) would reach the server in its place.
func TestListingFlights(t *testing.T) {
	const pipelining = "USER\nPIPELINING"
	login := []flightStep{{expect: "USER bob", reply: "+OK"}, {expect: "PASS secret", reply: "+OK"}}
	capa := func(caps string) flightStep { return flightStep{expect: "CAPA", reply: "+OK\n" + caps + "\n."} }
	uidl := flightStep{expect: "UIDL", reply: "+OK\n1 a\n2 b\n."}
	list := flightStep{expect: "LIST", reply: "+OK\n1 10\n2 20\n."}
	noop := flightStep{expect: "NOOP", reply: "+OK"}
	// inventory runs Inventory and checks its result; uids tells whether
	// the server's UIDs are expected.
	inventory := func(uids bool) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			infos, has, err := c.Inventory(bg)
			if err != nil {
				t.Fatalf("Inventory: %v", err)
			}
			want := []MessageInfo{{1, 10, "a"}, {2, 20, "b"}}
			if !uids {
				want = []MessageInfo{{1, 10, ""}, {2, 20, ""}}
			}
			if has != uids || len(infos) != 2 || infos[0] != want[0] || infos[1] != want[1] {
				t.Fatalf("Inventory = %v, %v; want %v, %v", infos, has, want, uids)
			}
		}
	}
	loginDelay := func(want time.Duration) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			caps, err := c.Capabilities(bg)
			if err != nil || caps.LoginDelay != want {
				t.Fatalf("Capabilities after the listing: LOGIN-DELAY %v, %v; want %v", caps.LoginDelay, err, want)
			}
		}
	}
	statLast := func(n, wantCount int, wantUID string) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			count, _, uid, err := c.StatLast(bg, n)
			if err != nil || count != wantCount || uid != wantUID {
				t.Fatalf("StatLast(%d) = %d, %q, %v; want %d, %q", n, count, uid, err, wantCount, wantUID)
			}
		}
	}
	steps := func(s ...[]flightStep) []flightStep {
		var all []flightStep
		for _, x := range s {
			all = append(all, x...)
		}
		return all
	}
	for _, tc := range []struct {
		name    string
		opts    Options
		caps    string
		steps   []flightStep
		run     []func(*testing.T, *Client)
		flights []string
	}{
		{"PIPELINING: CAPA, UIDL and LIST in one flight; the new LOGIN-DELAY applies", Options{}, pipelining,
			steps(login, []flightStep{capa("TOP\nUIDL\nPIPELINING\nLOGIN-DELAY 900"), uidl, list, noop}),
			[]func(*testing.T, *Client){inventory(true), loginDelay(15 * time.Minute)},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + UIDL + LIST", "NOOP"}},
		{"no PIPELINING: CAPA, then UIDL, then LIST", Options{}, "USER",
			steps(login, []flightStep{capa("TOP\nUIDL\nLOGIN-DELAY 900"), uidl, list, noop}),
			[]func(*testing.T, *Client){inventory(true), loginDelay(15 * time.Minute)},
			[]string{"CAPA", "USER bob", "PASS secret", "CAPA", "UIDL", "LIST", "NOOP"}},
		{"DisablePipelining: UIDL, then LIST, no CAPA until asked", Options{DisablePipelining: true}, pipelining,
			steps(login, []flightStep{uidl, list, capa("TOP\nUIDL\nPIPELINING\nLOGIN-DELAY 900"), noop}),
			[]func(*testing.T, *Client){inventory(true), loginDelay(15 * time.Minute)},
			[]string{"CAPA", "USER bob", "PASS secret", "UIDL", "LIST", "CAPA", "NOOP"}},
		{"PIPELINING, UIDL gone after login: refused in the same flight, listed without UIDs", Options{}, pipelining,
			steps(login, []flightStep{capa("TOP\nPIPELINING"), {expect: "UIDL", reply: "-ERR no UIDL here"}, list, noop}),
			[]func(*testing.T, *Client){inventory(false), loginDelay(0)},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + UIDL + LIST", "NOOP"}},
		{"PIPELINING withdrawn after login: the listing went with the CAPA, then one command per round trip", Options{}, pipelining,
			steps(login, []flightStep{capa("TOP\nUIDL"), uidl, list,
				{expect: "TOP 1 0", reply: "+OK\nSubject: a\n."}, {expect: "TOP 2 0", reply: "+OK\nSubject: b\n."}, noop}),
			[]func(*testing.T, *Client){inventory(true), func(t *testing.T, c *Client) {
				if err := c.TopMany(bg, []int{1, 2}, 0, func(int, io.Reader, error) error { return nil }); err != nil {
					t.Fatalf("TopMany: %v", err)
				}
			}},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + UIDL + LIST", "TOP 1 0", "TOP 2 0", "NOOP"}},
		{"PIPELINING, TOP gone after login: the CAPA read first makes the refusal ErrNotSupported", Options{}, pipelining,
			steps(login, []flightStep{capa("UIDL\nPIPELINING"), {expect: "TOP 1 0", reply: "-ERR unknown command"}, noop}),
			[]func(*testing.T, *Client){func(t *testing.T, c *Client) {
				var got error
				if err := c.TopMany(bg, []int{1}, 0, func(_ int, _ io.Reader, err error) error { got = err; return nil }); err != nil {
					t.Fatalf("TopMany: %v", err)
				}
				if !errors.Is(got, ErrNotSupported) {
					t.Fatalf("TOP refused by a server whose CAPA after login lacks TOP = %v, want ErrNotSupported", got)
				}
			}},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + TOP 1 0", "NOOP"}},
		{"PIPELINING: STAT rides with the CAPA too", Options{}, pipelining,
			steps(login, []flightStep{capa("TOP\nUIDL\nPIPELINING"), {expect: "STAT", reply: "+OK 2 30"}, noop}),
			[]func(*testing.T, *Client){func(t *testing.T, c *Client) {
				if n, size, err := c.Stat(bg); n != 2 || size != 30 || err != nil {
					t.Fatalf("Stat = %d, %d, %v", n, size, err)
				}
			}},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + STAT", "NOOP"}},
		{"StatLast, PIPELINING: CAPA, STAT and UIDL n in one flight", Options{}, pipelining,
			steps(login, []flightStep{capa("UIDL\nPIPELINING"), {expect: "STAT", reply: "+OK 2 30"}, {expect: "UIDL 2", reply: "+OK 2 b"}, noop}),
			[]func(*testing.T, *Client){statLast(2, 2, "b")},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + STAT + UIDL 2", "NOOP"}},
		{"StatLast, PIPELINING, a message more: UIDL n went along, its answer unused", Options{}, pipelining,
			steps(login, []flightStep{capa("UIDL\nPIPELINING"), {expect: "STAT", reply: "+OK 3 40"}, {expect: "UIDL 2", reply: "+OK 2 b"}, noop}),
			[]func(*testing.T, *Client){statLast(2, 3, "")},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + STAT + UIDL 2", "NOOP"}},
		{"StatLast, PIPELINING, UIDL refused: no last UID", Options{}, pipelining,
			steps(login, []flightStep{capa("PIPELINING"), {expect: "STAT", reply: "+OK 2 30"}, {expect: "UIDL 2", reply: "-ERR unknown command"}, noop}),
			[]func(*testing.T, *Client){statLast(2, 2, "")},
			[]string{"CAPA", "USER bob + PASS secret", "CAPA + STAT + UIDL 2", "NOOP"}},
		{"StatLast, no PIPELINING: STAT, then UIDL n", Options{}, "USER",
			steps(login, []flightStep{capa("UIDL"), {expect: "STAT", reply: "+OK 2 30"}, {expect: "UIDL 2", reply: "+OK 2 b"}, noop}),
			[]func(*testing.T, *Client){statLast(2, 2, "b")},
			[]string{"CAPA", "USER bob", "PASS secret", "CAPA", "STAT", "UIDL 2", "NOOP"}},
		{"StatLast, no PIPELINING, a message fewer: UIDL n not sent", Options{}, "USER",
			steps(login, []flightStep{capa("UIDL"), {expect: "STAT", reply: "+OK 1 10"}, noop}),
			[]func(*testing.T, *Client){statLast(2, 1, "")},
			[]string{"CAPA", "USER bob", "PASS secret", "CAPA", "STAT", "NOOP"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, s := startFlights(t, tc.opts, tc.caps, tc.steps...)
			if err := c.Login(bg, "bob", "secret"); err != nil {
				t.Fatalf("Login: %v", err)
			}
			for _, run := range tc.run {
				run(t, c)
			}
			if err := c.Noop(bg); err != nil {
				t.Fatalf("NOOP: %v", err)
			}
			c.Close()
			<-s.done
			s.check(t, tc.flights...)
		})
	}
}
