//go:build unix

package deploytest

import (
	"context"
	"fmt"
	"net/http"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/haproxytest"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// The shape of the rollout. Rounds are counted, not timed: in each round
// every client does one action, and the next round starts when all are
// done, so a loaded machine makes the test slower, never different.
const (
	nClients   = 200
	nMessages  = 12
	nReplicas  = 3
	drain      = time.Second // each bridge's -shutdown-timeout
	roundLimit = 90 * time.Second
)

// dovecotScale lets one Dovecot serve every client at once, cheaply.
// Every client keeps a session open between actions, as the app does, and
// Dovecot's default of 100 processes per service is too few. On 2.3,
// login processes that serve many connections, and mail processes reused
// for the next session, also spare a fork per login (all mailboxes
// belong to one system user here, so reuse is possible); 2.4 renamed
// service_count, so there the test does without.
func dovecotScale() string {
	conf := "default_process_limit = 1000\ndefault_client_limit = 4000\n"
	bin, err := exec.LookPath("dovecot")
	if err != nil {
		bin = "/usr/sbin/dovecot"
	}
	if out, err := exec.Command(bin, "--version").Output(); err == nil && strings.HasPrefix(string(out), "2.3.") {
		conf += "service pop3-login {\n  service_count = 0\n  process_min_avail = 2\n}\nservice pop3 {\n  service_count = 0\n}\n"
	}
	return conf
}

// TestRollingRestart: 200 clients use their mailboxes through HAProxy and
// 3 bridges, while the bridges are restarted one by one (SIGTERM, drain,
// 1001, start again). Every user action succeeds, after the app's own
// retries; the server lost exactly the messages the people deleted, each
// reported deleted once, and nothing else.
func TestRollingRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts Dovecot, HAProxy and 3 bridges: skipped by -short")
	}
	haproxytest.Require(t) // before the minute of setup that needs it
	setup := time.Now()
	users := map[string]string{}
	for i := 0; i < nClients; i++ {
		users[fmt.Sprintf("u%03d", i)] = fmt.Sprintf("pw-%03d", i)
	}
	d := dovecottest.Start(t, &dovecottest.Config{Users: users, Extra: dovecotScale()})
	for u := range users {
		var msgs [][]byte
		for j := 0; j < nMessages; j++ {
			msgs = append(msgs, []byte(fmt.Sprintf("From: a@example.org\r\nTo: %s@example.org\r\nSubject: rollout %s-%02d\r\n\r\nbody of %s-%02d\r\n", u, u, j, u, j)))
		}
		d.DeliverMany(u, msgs)
	}
	before := serverUIDLs(t, d, users)
	t.Logf("Dovecot with %d mailboxes of %d messages ready in %v", nClients, nMessages, time.Since(setup).Round(time.Millisecond))

	bin, err := buildBridge()
	if err != nil {
		t.Fatal(err)
	}
	ports, err := harness.FreePorts(1 + nReplicas)
	if err != nil {
		t.Fatal(err)
	}
	edge := "https://127.0.0.1:" + strconv.Itoa(ports[0])
	dir := t.TempDir()
	var bridges []*bridge
	var addrs []string
	for i := 0; i < nReplicas; i++ {
		b := &bridge{t: t, bin: bin, dir: dir, addr: "127.0.0.1:" + strconv.Itoa(ports[1+i]), args: []string{
			"-target", "mail=" + d.Addr + "/plain",
			"-public-name", edge,
			"-trusted-proxy", "127.0.0.1",
			// Every client is 127.0.0.1 here; the per-client limits
			// would count them as one.
			"-max-sessions-per-ip", "-1", "-sessions-per-minute", "-1",
			"-shutdown-timeout", drain.String(),
			"-web-dir", dir,
		}}
		t.Cleanup(b.kill)
		b.start()
		bridges = append(bridges, b)
		addrs = append(addrs, b.addr)
	}
	h := haproxytest.Start(t, &haproxytest.Options{Backends: addrs, Port: ports[0]})
	t.Logf("bridges and HAProxy ready at %v", time.Since(setup).Round(time.Millisecond))

	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: h.TLSConfig(), MaxIdleConnsPerHost: -1}}
	wsURL := "wss://127.0.0.1:" + strconv.Itoa(ports[0]) + "/ws?target=mail"
	var clients []*client
	for i := 0; i < nClients; i++ {
		u := fmt.Sprintf("u%03d", i)
		c := newClient(u, users[u], wsDialer(wsURL, edge, hc))
		t.Cleanup(func() { c.mb.Close() })
		clients = append(clients, c)
	}

	start := time.Now()
	round := 0
	run := func(what string) {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), roundLimit)
		defer cancel()
		var wg sync.WaitGroup
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if round == 0 {
					c.signIn(ctx)
					return
				}
				c.act(ctx, action((i+round)%3), i*7+round)
			}()
		}
		wg.Wait()
		t.Logf("round %d (%s) done at %v", round, what, time.Since(start).Round(time.Millisecond))
		round++
	}

	run("sign in")
	cut := 0
	for i, b := range bridges {
		b.term()
		// HAProxy takes the replica out as soon as its checks fail; the
		// round then runs while the bridge drains the sessions it has,
		// and meets the sessions the previous replica's drain cut.
		h.WaitServer(i, false)
		run(fmt.Sprintf("bridge %d draining", i+1))
		b.wait(drain + 30*time.Second)
		cut += b.cutSessions()
		b.start()
		h.WaitServer(i, true)
	}
	run("after the rollout")
	for _, c := range clients {
		c.mb.Close()
	}

	var failures []string
	reconn := 0
	for _, c := range clients {
		c.mu.Lock()
		failures = append(failures, c.failures...)
		reconn += c.reconn
		c.mu.Unlock()
	}
	t.Logf("%d clients, %d rounds in %v; %d sessions closed with 1001 by draining bridges; %d reconnect notices",
		nClients, round, time.Since(start).Round(time.Millisecond), cut, reconn)
	// Positive control: the restarts did cut sessions the clients were
	// using, so their retries were exercised.
	if cut == 0 {
		t.Error("no session was closed by a draining bridge: the rollout tested nothing")
	}
	if len(failures) > 0 {
		t.Errorf("%d user actions failed, e.g.:\n%s", len(failures), strings.Join(failures[:min(len(failures), 10)], "\n"))
	}
	checkServer(t, d, clients, before)
}

// serverUIDLs lists every user's maildrop by UIDL, straight from Dovecot.
func serverUIDLs(t *testing.T, d *dovecottest.Server, users map[string]string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	errs := make(chan error, len(users))
	for u, pw := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			uidls, err := listUIDLs(d.Addr, u, pw)
			if err != nil {
				errs <- fmt.Errorf("%s: %w", u, err)
				return
			}
			mu.Lock()
			out[u] = uidls
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return out
}

func listUIDLs(addr, user, password string) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		return nil, err
	}
	defer c.Close()
	if err := c.Login(ctx, user, password); err != nil {
		return nil, err
	}
	infos, err := c.UIDL(ctx)
	if err != nil {
		return nil, err
	}
	// QUIT after no DELE commits nothing; it ends the session cleanly.
	if err := c.Quit(ctx); err != nil {
		return nil, err
	}
	var uidls []string
	for _, mi := range infos {
		uidls = append(uidls, mi.UID)
	}
	slices.Sort(uidls)
	return uidls, nil
}

// checkServer compares the maildrops with what the people asked: each
// has lost exactly the messages its person deleted (by UIDL), each of
// those was reported deleted exactly once, and the maildir holds as many
// files as the listing says.
func checkServer(t *testing.T, d *dovecottest.Server, clients []*client, before map[string][]string) {
	t.Helper()
	users := map[string]string{}
	for _, c := range clients {
		users[c.user] = c.password
	}
	after := serverUIDLs(t, d, users)
	asked := 0
	for _, c := range clients {
		want := slices.DeleteFunc(slices.Clone(before[c.user]), func(u string) bool { return c.asked[u] })
		if got := after[c.user]; !slices.Equal(got, want) {
			t.Errorf("%s: server has %q, want %q (asked to delete %q)", c.user, got, want, c.askedUIDs())
		}
		if n := d.Count(c.user); n != len(want) {
			t.Errorf("%s: %d files in the maildir, want %d", c.user, n, len(want))
		}
		for _, u := range c.askedUIDs() {
			asked++
			if n := c.deleted[u]; n != 1 {
				t.Errorf("%s: %s reported deleted %d times, want once", c.user, u, n)
			}
		}
	}
	// Positive control: deletions were asked for and checked above.
	if asked < nClients {
		t.Errorf("only %d deletions asked for by %d clients", asked, nClients)
	}
	t.Logf("%d deletions asked for, each committed once; every other message still on the server", asked)
}
