//go:build unix

package main

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/poppymail/poppy/pop3"
)

// replicaSet is several bridges behind HAProxy on this machine, as issue
// 14's deployment runs them, and one more bridge on its own to compare
// with: every bridge is the bridge child with the same options. The
// replicas serve plain HTTP and trust the X-Forwarded-For of the proxy on
// loopback (-trusted-proxy); HAProxy terminates TLS. The lone bridge
// serves TLS itself (-tls-cert), as a bridge without a proxy in front is
// deployed, so that the comparison is the proxy's hop and not TLS. Several
// HAProxy instances (peers, each in front of every replica) share the
// sessions when one process may not open enough files for them all.
type replicaSet struct {
	bridges []*bridgeProc
	direct  *bridgeProc // the lone bridge, with TLS
	haps    []*haproxyProc
	pop3    *childProc // the POP3 server all of them reach
	tls     *benchTLS
}

// haproxiesFor is how many HAProxy instances hold sessions: HAProxy needs
// 2 open files per session, and where the hard RLIMIT_NOFILE cannot be
// raised (a container without CAP_SYS_RESOURCE, as this machine, at
// 20,000) one instance cannot hold them all.
func haproxiesFor(sessions int) int {
	var r syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r) != nil || r.Max >= 1<<20 {
		return 1
	}
	return int((2*uint64(sessions)+1000)/r.Max) + 1
}

// startReplicas starts the POP3 server (in a process of its own, see
// scale_pop3.go), n replicas, the lone bridge, and the HAProxy instances
// (maxconn connections each).
func startReplicas(n, haproxies, maxconn int) (rs *replicaSet, err error) {
	rs = &replicaSet{}
	defer func() {
		if err != nil {
			rs.Close()
		}
	}()
	if rs.tls, err = newBenchTLS(); err != nil {
		return nil, err
	}
	if rs.pop3, err = startChild(pop3ChildFlag); err != nil {
		return nil, err
	}
	tgts := []string{"pop3=" + rs.pop3.ready["pop3"] + "/plain"}
	var addrs []string
	for range n {
		b, err := startBridge(tgts, "", "-trusted-proxy", "127.0.0.0/8")
		if err != nil {
			return nil, err
		}
		rs.bridges = append(rs.bridges, b)
		addrs = append(addrs, b.addr)
	}
	if rs.direct, err = startBridge(tgts, "", "-tls-cert", rs.tls.cert, "-tls-key", rs.tls.key); err != nil {
		return nil, err
	}
	if rs.haps, err = startHAProxies(haproxies, addrs, maxconn, rs.tls); err != nil {
		return nil, err
	}
	return rs, nil
}

// proxiedDial dials target through HAProxy instance i.
func (rs *replicaSet) proxiedDial(i int, target string) dialFunc {
	return bridgeDialWith(rs.haps[i%len(rs.haps)].url(target), rs.tls.client)
}

// directDial dials target at the lone bridge.
func (rs *replicaSet) directDial(target string) dialFunc {
	return bridgeDialWith("wss://"+rs.direct.addr+"/ws?target="+target, rs.tls.client)
}

// haproxyCPU is the CPU time of all HAProxy instances so far.
func (rs *replicaSet) haproxyCPU() time.Duration {
	return procCPU(mapSlice(rs.haps, (*haproxyProc).pid)...)
}

// bridgesCPU is the CPU time of all replicas so far.
func (rs *replicaSet) bridgesCPU() time.Duration {
	var d time.Duration
	for _, b := range rs.bridges {
		d += procCPU(b.pid())
	}
	return d
}

func (rs *replicaSet) Close() {
	for _, h := range rs.haps {
		h.Close()
	}
	for _, b := range rs.bridges {
		b.Close()
	}
	if rs.direct != nil {
		rs.direct.Close()
	}
	if rs.pop3 != nil {
		rs.pop3.Close()
	}
	if rs.tls != nil {
		rs.tls.Close()
	}
}

// replicaLatencyReport compares POP3 round trips (NOOP, each sent after the
// previous reply) through HAProxy and the replicas with the same round
// trips to the lone bridge, in the same run; both over TLS.
type replicaLatencyReport struct {
	replicas, rounds, perRound int
	direct, proxied            []time.Duration // pooled
	addedP50, addedP99         []time.Duration // per round
	// Session setup (WebSocket upgrade, greeting, CAPA + APOP login),
	// alternating, pooled.
	setupDirect, setupProxied []time.Duration
	// CPU per round trip: of the lone bridge (direct runs), and of
	// HAProxy (the runs through it).
	bridgeCPUPerRT, haproxyCPUPerRT []time.Duration
}

const setupSessions = 50 // per round and path

// measureReplicaLatency runs rounds rounds; each times n NOOP round trips
// in one session to the lone bridge and in one through HAProxy
// (alternating which goes first), and setupSessions session openings each
// way.
func measureReplicaLatency(rs *replicaSet, n, rounds int) (*replicaLatencyReport, error) {
	rep := &replicaLatencyReport{replicas: len(rs.bridges), rounds: rounds, perRound: n}
	proxied, direct := rs.proxiedDial(0, "pop3"), rs.directDial("pop3")
	b := rs.direct
	for i := range rounds {
		var d, p []time.Duration
		runDirect := func() (err error) {
			c0 := procCPU(b.pid())
			d, err = noopRoundTrips(direct, n)
			rep.bridgeCPUPerRT = append(rep.bridgeCPUPerRT, (procCPU(b.pid())-c0)/time.Duration(n))
			return err
		}
		runProxied := func() (err error) {
			c0 := rs.haproxyCPU()
			p, err = noopRoundTrips(proxied, n)
			rep.haproxyCPUPerRT = append(rep.haproxyCPUPerRT, (rs.haproxyCPU()-c0)/time.Duration(n))
			return err
		}
		if err := measure.Rotate(i, runDirect, runProxied); err != nil {
			return nil, err
		}
		rep.direct = append(rep.direct, d...)
		rep.proxied = append(rep.proxied, p...)
		rep.addedP50 = append(rep.addedP50, percentile(p, 50)-percentile(d, 50))
		rep.addedP99 = append(rep.addedP99, percentile(p, 99)-percentile(d, 99))
		for k := range 2 * setupSessions {
			dial, durs := direct, &rep.setupDirect
			if (i+k)%2 == 1 {
				dial, durs = proxied, &rep.setupProxied
			}
			t, err := sessionSetup(dial)
			if err != nil {
				return nil, err
			}
			*durs = append(*durs, t)
		}
		measure.Logf("replicas round %d/%d: NOOP p50 direct %v, through HAProxy %v", i+1, rounds, percentile(d, 50), percentile(p, 50))
	}
	return rep, nil
}

// noopRoundTrips opens a session, logs in, and times n NOOPs after 100
// untimed ones.
func noopRoundTrips(dial dialFunc, n int) ([]time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := openSession(ctx, dial)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	const warm = 100
	rtts := make([]time.Duration, 0, n)
	for i := range warm + n {
		t0 := time.Now()
		if err := c.Noop(ctx); err != nil {
			return nil, fmt.Errorf("NOOP %d: %w", i, err)
		}
		if i >= warm {
			rtts = append(rtts, time.Since(t0))
		}
	}
	return rtts, c.Quit(ctx)
}

// sessionSetup times one session from the WebSocket dial to the end of
// the login, then quits.
func sessionSetup(dial dialFunc) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	t0 := time.Now()
	c, err := openSession(ctx, dial)
	if err != nil {
		return 0, err
	}
	took := time.Since(t0)
	defer c.Close()
	return took, c.Quit(ctx)
}

func openSession(ctx context.Context, dial dialFunc) (*pop3.Client, error) {
	conn, err := dial(ctx)
	if err != nil {
		return nil, err
	}
	c, err := pop3.NewClient(conn, popOpts)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.Login(ctx, popUser, popPass); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
