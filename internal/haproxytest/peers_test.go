//go:build unix

package haproxytest

import (
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// rate reads a client's new-connection count from a table dump.
var rate = regexp.MustCompile(`conn_rate\(60000\)=(\d+)`)

// TestPeersShareLimits: two HAProxy instances, peers of each other. A
// client that used up its new connections at one is refused at the
// other too, since the table entry followed it: switching instance does
// not get around the edge's limit.
func TestPeersShareLimits(t *testing.T) {
	const limit = 6
	_, addrs := backends(t, 1)
	ports, err := harness.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	pa, pb := "127.0.0.1:"+strconv.Itoa(ports[0]), "127.0.0.1:"+strconv.Itoa(ports[1])
	a := Start(t, &Options{Backends: addrs, NewConnPerMin: limit, PeerName: "a", PeerPort: ports[0], Peers: []Peer{{Name: "b", Addr: pb}}})
	b := Start(t, &Options{Backends: addrs, NewConnPerMin: limit, PeerName: "b", PeerPort: ports[1], Peers: []Peer{{Name: "a", Addr: pa}}})

	get := func(h *HAProxy) error {
		resp, err := h.client().Get(h.URL() + "who")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /who: %s", resp.Status)
			}
		}
		return err
	}
	// Control: b admits this client while its limit is not used up.
	if err := get(b); err != nil {
		t.Fatalf("b refused a client before its limit was used: %v", err)
	}
	// Use up the limit at a: it refuses at some point (its own control).
	refused := false
	for i := 0; i < 2*limit && !refused; i++ {
		refused = get(a) != nil
	}
	if !refused {
		t.Fatalf("a admitted %d new connections a minute with a limit of %d", 2*limit, limit)
	}
	// The entry reaches b through the peers protocol, shortly.
	deadline := time.Now().Add(20 * time.Second)
	for {
		dump, err := b.Table()
		if err != nil {
			t.Fatal(err)
		}
		if m := rate.FindStringSubmatch(dump); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > limit {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("b's table never showed a's count: %q", dump)
		}
		time.Sleep(50 * time.Millisecond) // polls the condition above
	}
	if get(b) == nil {
		t.Error("b admitted a client that used up its limit at its peer a")
	}
}
