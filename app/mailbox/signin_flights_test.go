package mailbox

import (
	"context"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// flightConn is the in-memory server's end of a net.Pipe, recording each
// Read: net.Pipe hands one Read the bytes of one Write of the client, so
// a recorded flight is what the client sent before it waited for a
// reply, one per round trip.
type flightConn struct {
	net.Conn
	mu      sync.Mutex
	flights []string
}

func (c *flightConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		lines := strings.Split(strings.TrimSuffix(string(p[:n]), "\r\n"), "\r\n")
		for i, l := range lines {
			if strings.HasPrefix(l, "APOP ") {
				lines[i] = "APOP …" // the digest changes with the greeting
			}
		}
		c.mu.Lock()
		c.flights = append(c.flights, strings.Join(lines, " + "))
		c.mu.Unlock()
	}
	return n, err
}

// TestSignInFlights: a first sync on a server that pipelines is CAPA,
// the login (APOP here: a plain connection with the greeting's
// timestamp), then the CAPA after login with UIDL and LIST in one round
// trip, then every TOP together; the next session checks the kept
// listing with the CAPA, STAT and UIDL n in one round trip. Without
// pipelining (the engine's DisablePipelining) each of those commands
// waits for the previous reply: the same observation, showing what the
// flights count.
func TestSignInFlights(t *testing.T) {
	for _, tc := range []struct {
		name          string
		disable       bool
		first, second []string
	}{
		{"pipelining", false,
			[]string{"CAPA", "APOP …", "CAPA + UIDL + LIST", "TOP 1 0 + TOP 2 0"},
			[]string{"CAPA", "APOP …", "CAPA + STAT + UIDL 2"}},
		{"DisablePipelining", true,
			[]string{"CAPA", "APOP …", "UIDL", "LIST", "CAPA", "TOP 1 0", "TOP 2 0"},
			[]string{"CAPA", "APOP …", "STAT", "UIDL 2", "CAPA"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := pop3server.New(nil)
			t.Cleanup(func() { srv.Close() })
			if err := srv.AddUser(user, password, message("a", 0), message("b", 1)); err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			var conns []*flightConn
			var served sync.WaitGroup
			dial := func(ctx context.Context) (*pop3.Client, error) {
				cl, sv := net.Pipe()
				fc := &flightConn{Conn: sv}
				mu.Lock()
				conns = append(conns, fc)
				mu.Unlock()
				served.Go(func() { srv.ServeConn(fc) })
				return pop3.NewClient(cl, &pop3.Options{AllowInsecureAuth: true, Timeout: 5 * time.Second, DisablePipelining: tc.disable})
			}
			var stages []string
			m := New(dial, Account{Username: user, Password: password}, &Options{KeepaliveInterval: -1, Trace: func(s string) { stages = append(stages, s) }})
			if err := m.Sync(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if n := len(m.Messages()); n != 2 {
				t.Fatalf("%d rows after Sync, want 2", n)
			}
			if n, err := m.CheckNew(context.Background()); n != 0 || err != nil {
				t.Fatalf("CheckNew = %d, %v; want 0 new", n, err)
			}
			m.Close()
			served.Wait()
			if len(conns) != 2 {
				t.Fatalf("%d connections, want 2", len(conns))
			}
			for i, want := range [][]string{tc.first, tc.second} {
				if got := conns[i].flights; !slices.Equal(got, want) {
					t.Errorf("session %d's flights (one per round trip):\n got %q\nwant %q", i+1, got, want)
				}
			}
			// The second session has no header to fetch: no sync-net-done.
			if want := []string{"login-done", "listing-done", "sync-net-done", "login-done", "listing-done"}; !slices.Equal(stages, want) {
				t.Errorf("stages %q, want %q", stages, want)
			}
		})
	}
}
