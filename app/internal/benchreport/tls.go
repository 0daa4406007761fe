//go:build !js

package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

var (
	onlyTLS = flag.Bool("only-tls", false, "measure and print TLS in the tab only (RETR of the large message over implicit TLS against plain)")
	tlsReps = flag.Int("tls-reps", 3, "openings of the large message on each path of the TLS measurement")
)

// tlsTarget is the TLS figure's floor: the large message's RETR over
// implicit TLS in the tab at least 0.3× as fast as over plain POP3.
var tlsTarget = measure.Target{Text: "≥ 0.3×", Op: measure.AtLeast, Bound: 0.3}

// tlsPath is one way to the large message: plain, or implicit TLS with
// what the server allows.
type tlsPath struct {
	name, target, what string
	cfg                *tls.Config // nil: plain
	addr               string
	ln                 net.Listener
	mu                 sync.Mutex
	suite              uint16 // negotiated, as the server saw it
	version            uint16
}

// tlsServers serves the large message (and two small ones) from one
// in-memory POP3 server on three listeners: plain; implicit TLS as Go's
// server offers it (TLS 1.3, whose cipher suite the client's preference
// picks); and implicit TLS 1.2 with AES-128-GCM only, for comparison.
// The certificate comes from a throwaway CA that the page does not know:
// the page trusts it by its fingerprint, as a person does on the
// certificate prompt.
type tlsServers struct {
	srv   *pop3server.Server
	paths []*tlsPath
}

func startTLSServers(large []byte) (*tlsServers, error) {
	_, leaf, err := testca.Localhost()
	if err != nil {
		return nil, err
	}
	cert := leaf.TLS
	srv := pop3server.New(nil)
	others := fakemail.Inbox(2)
	if err := srv.AddUser(benchUser, benchPass, others[0], others[1], pop3server.Message{UID: "large", Data: large}); err != nil {
		return nil, err
	}
	ts := &tlsServers{srv: srv, paths: []*tlsPath{
		{name: "plain", target: "tlsbench-plain", what: "plain POP3"},
		{name: "tls", target: "tlsbench-tls", what: "implicit TLS, as Go's server offers it",
			cfg: &tls.Config{Certificates: []tls.Certificate{cert}}},
		{name: "tls12-aes", target: "tlsbench-aes", what: "implicit TLS 1.2 with AES-128-GCM only (the server allows nothing else)",
			cfg: &tls.Config{Certificates: []tls.Certificate{cert}, MaxVersion: tls.VersionTLS12,
				CipherSuites: []uint16{tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}}},
	}}
	for _, p := range ts.paths {
		if p.cfg == nil {
			if p.addr, err = srv.StartLocal(); err != nil {
				ts.Close()
				return nil, err
			}
			continue
		}
		if p.ln, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			ts.Close()
			return nil, err
		}
		p.addr = p.ln.Addr().String()
		go ts.serveTLS(p)
	}
	return ts, nil
}

// serveTLS accepts on p's listener, does the handshake, notes what it
// negotiated, and hands the session to the POP3 server.
func (ts *tlsServers) serveTLS(p *tlsPath) {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			tc := tls.Server(c, p.cfg)
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			err := tc.HandshakeContext(ctx)
			cancel()
			if err != nil { // the page refusing the certificate the first time, say
				tc.Close()
				return
			}
			st := tc.ConnectionState()
			p.mu.Lock()
			p.suite, p.version = st.CipherSuite, st.Version
			p.mu.Unlock()
			ts.srv.ServeConn(tc)
		}()
	}
}

// bridgeTargets are the -target values of the three paths.
func (ts *tlsServers) bridgeTargets() []string {
	var out []string
	for _, p := range ts.paths {
		sec := "plain"
		if p.cfg != nil {
			sec = "tls"
		}
		out = append(out, p.target+"="+p.addr+"/"+sec)
	}
	return out
}

func (ts *tlsServers) Close() {
	for _, p := range ts.paths {
		if p.ln != nil {
			p.ln.Close()
		}
	}
	ts.srv.Close()
}

// tlsRun is what one path's openings measured.
type tlsRun struct {
	path             *tlsPath
	transfer, toBody []time.Duration // click → last byte, click → body in the DOM
	suite            string
	profile          string // the shares of the profiled opening (-profile-dir)
}

// measureTLS signs in on each path, each in a browser of its own
// (trusting the certificate on the prompt), then opens the large message
// -tls-reps times on each, the paths taking turns so that the machine's
// other work falls on all of them alike; the device's copy is dropped
// before each opening.
func measureTLS(ctx context.Context, base string, ts *tlsServers, rep *report) error {
	var tabs []context.Context
	for _, p := range ts.paths {
		b, err := newBrowser(ctx)
		if err != nil {
			return err
		}
		defer b.Close()
		tctx, cancel := context.WithTimeout(b.Ctx, 10*time.Minute)
		defer cancel()
		if err := tlsSignIn(tctx, base, p); err != nil {
			return fmt.Errorf("%s: %w", p.name, err)
		}
		tabs = append(tabs, tctx)
		rep.tls = append(rep.tls, &tlsRun{path: p})
	}
	small := fakemail.UID(1)
	for i := range *tlsReps {
		for k, r := range rep.tls {
			tctx := tabs[k]
			if i > 0 {
				if err := waitBody(tctx, "large"); err != nil {
					return err
				}
				if err := dropBodies(tctx); err != nil {
					return err
				}
			}
			name := ""
			if i == *tlsReps-1 {
				name = "tls-" + r.path.name + ".cpuprofile"
			}
			stop, err := startProfile(tctx, name)
			if err != nil {
				return err
			}
			m, err := openLarge(tctx, small)
			if err != nil {
				return fmt.Errorf("%s: %w", r.path.name, err)
			}
			if r.profile, err = stop(); err != nil {
				return err
			}
			last := m.T0
			for _, t := range m.Times {
				if t <= m.Body && t > last {
					last = t
				}
			}
			r.transfer = append(r.transfer, ms(last-m.T0))
			r.toBody = append(r.toBody, ms(m.Body-m.T0))
			measure.Logf("TLS in the tab, %s %d: click → last byte %v, → body %v; %d WebSocket bytes",
				r.path.name, i+1, ms(last-m.T0).Round(time.Millisecond), ms(m.Body-m.T0).Round(time.Millisecond), m.Bytes)
		}
	}
	for _, r := range rep.tls {
		p := r.path
		p.mu.Lock()
		if p.cfg != nil {
			r.suite = tls.VersionName(p.version) + ", " + tls.CipherSuiteName(p.suite)
		}
		p.mu.Unlock()
	}
	return nil
}

// tlsSignIn signs in to path p's target, trusting its certificate on
// the prompt, and waits for the inbox's rows.
func tlsSignIn(ctx context.Context, base string, p *tlsPath) error {
	if err := browsertest.OpenApp(ctx, base); err != nil {
		return err
	}
	if err := browsertest.SignIn(ctx, p.target, benchUser, benchPass); err != nil {
		return err
	}
	o, err := browsertest.WaitSignIn(ctx, time.Minute)
	if err == nil && o == browsertest.OutcomeCert {
		if err := browsertest.TrustCertificate(ctx); err != nil {
			return err
		}
		o, err = browsertest.WaitSignIn(ctx, time.Minute)
	}
	if err != nil || o != browsertest.OutcomeInbox {
		return fmt.Errorf("sign-in: %v %v", o, err)
	}
	return browsertest.WaitRows(ctx)
}

func (rep *report) printTLS(b *strings.Builder, row func(...string), vd *measure.Verdicts) {
	if len(rep.tls) == 0 {
		return
	}
	fmt.Fprintf(b, "\nTLS in the tab: RETR of the large message (%.1f MB) from the in-memory POP3 server on loopback, no injected latency, through the bridge, over plain POP3 and over implicit TLS (Go's crypto/tls compiled to wasm in the page, an ECDSA P-256 certificate from an unknown CA, trusted by its fingerprint on the prompt). "+
		"A fresh browser per path; the message opened %d times on each, the paths taking turns, the device's copy dropped before each. \"Last byte\" is the last WebSocket message before the body appeared (with TLS the page decrypts as it reads, so this is the transfer with its decryption); the ratio is plain's time over TLS's (TLS's speed as a share of plain's), of the medians. The suite is the one the server negotiated.\n\n",
		float64(rep.largeBytes)/1e6, *tlsReps)
	row("Path", "Negotiated", "Click → last byte", "Click → body in the DOM", "Speed vs plain (last byte)", "Target")
	row("---", "---", "---", "---", "---", "---")
	plain := rep.tls[0]
	pt := measure.Median(plain.transfer)
	for _, r := range rep.tls {
		t := measure.Median(r.transfer)
		ratio := float64(pt) / float64(t)
		verdict := ""
		if r.path.name == "tls" {
			verdict = vd.Check("TLS in the tab ≥ 0.3× plain", tlsTarget, ratio)
		}
		suite := r.suite
		if suite == "" {
			suite = "—"
		}
		row(r.path.what, suite, msStr(t), msStr(measure.Median(r.toBody)), fmt.Sprintf("%.2f×", ratio), verdict)
	}
	for _, r := range rep.tls {
		if r.profile != "" {
			fmt.Fprintf(b, "\nWhere the page's time went on the last opening over %s (share of the busy samples of a CPU profile, -profile-dir): %s.\n", r.path.what, r.profile)
		}
	}
}
