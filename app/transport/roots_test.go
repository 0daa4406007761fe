//go:build !js

package transport

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// tlsServer starts an implicit-TLS POP3 server with leaf's certificate
// and returns its address and a count of the connections it accepted.
func tlsServer(t *testing.T, leaf *testca.Leaf) (string, func() int64) {
	t.Helper()
	srv := pop3server.New(&pop3server.Options{TLSConfig: leaf.ServerConfig()})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cl := &countingListener{Listener: l}
	go srv.Serve(tls.NewListener(cl, leaf.ServerConfig()))
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String(), cl.n.Load
}

type countingListener struct {
	net.Listener
	n atomic.Int64
}

func (l *countingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err == nil {
		l.n.Add(1)
	}
	return c, err
}

func bundled(t *testing.T) []byte {
	t.Helper()
	b, err := BundledRoots()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sumOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// TestBundledRootsMatchSum fails when go.mod moved the bundle to a new
// version without `go generate ./app/transport`: the app would refuse
// the store that make web writes.
func TestBundledRootsMatchSum(t *testing.T) {
	if got := sumOf(bundled(t)); got != rootsSHA256 {
		t.Fatalf("the bundle's store has SHA-256 %s, roots_sum.go says %s: run go generate ./app/transport", got, rootsSHA256)
	}
}

// TestRootsFileHoldsTheBundle reads the file back as the app does and
// finds every root of x509roots/fallback/bundle, in order, with each
// distrust-after constraint at the very second the bundle's own has it,
// and the same pool as the one x509roots/fallback would build.
func TestRootsFileHoldsTheBundle(t *testing.T) {
	roots, err := parseRoots(bundled(t), rootsSHA256)
	if err != nil {
		t.Fatal(err)
	}
	want := x509.NewCertPool()
	i, constrained := 0, 0
	for r := range bundle.Roots() {
		if i >= len(roots) {
			t.Fatalf("the file has %d roots, the bundle more", len(roots))
		}
		got := roots[i]
		if !bytes.Equal(got.cert.Raw, r.Certificate) {
			t.Fatalf("root %d: not the bundle's certificate", i)
		}
		c, _ := x509.ParseCertificate(r.Certificate)
		if r.Constraint == nil {
			want.AddCert(c)
			if !got.distrustAfter.IsZero() {
				t.Errorf("root %d (%s): distrusted after %v, the bundle has no constraint", i, c.Subject, got.distrustAfter)
			}
		} else {
			constrained++
			want.AddCertWithConstraint(c, r.Constraint)
			at := func(d time.Duration) []*x509.Certificate {
				return []*x509.Certificate{{NotBefore: got.distrustAfter.Add(d)}}
			}
			if got.distrustAfter.IsZero() || r.Constraint(at(0)) != nil || r.Constraint(at(time.Second)) == nil {
				t.Errorf("root %d (%s): distrust-after %v is not the bundle's date", i, c.Subject, got.distrustAfter)
			}
		}
		i++
	}
	if i != len(roots) {
		t.Fatalf("the file has %d roots, the bundle %d", len(roots), i)
	}
	if constrained == 0 {
		t.Log("no root of this bundle is constrained; the distrust-after path is checked by TestRootsDistrustAfter")
	}
	if !pool(roots).Equal(want) {
		t.Fatal("the pool differs from the bundle's")
	}
}

// TestRootsRefuseAnotherFile: one byte changed, a cut file, nothing at
// all, or a file the app was not built with are all refused, and say so
// by ErrRootStore, which Classify counts as TLS that cannot be set up.
func TestRootsRefuseAnotherFile(t *testing.T) {
	good := bundled(t)
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"one byte changed", flipped},
		{"cut short", good[:len(good)-100]},
		{"empty", nil},
		{"another store", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseRoots(tc.b, rootsSHA256)
			if !errors.Is(err, ErrRootStore) || Classify(err) != TLSFailed {
				t.Fatalf("parseRoots = %v (%v), want ErrRootStore, tls-failed", err, Classify(err))
			}
		})
	}
	// The control: the same path takes the right file.
	if _, err := parseRoots(good, rootsSHA256); err != nil {
		t.Fatal(err)
	}
}

// TestRootsDistrustAfter serves a store of one test CA and checks the
// constraint: a server certificate issued after the CA's distrust-after
// date does not verify, one issued before does.
func TestRootsDistrustAfter(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	cert := leaf.TLS.Leaf
	for _, tc := range []struct {
		name   string
		header map[string]string
		ok     bool
	}{
		{"no constraint", nil, true},
		{"distrusted after a date before the leaf", map[string]string{distrustHeader: cert.NotBefore.Add(-time.Minute).UTC().Format(time.RFC3339)}, false},
		{"distrusted after a date after the leaf", map[string]string{distrustHeader: cert.NotBefore.Add(time.Minute).UTC().Format(time.RFC3339)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Headers: tc.header, Bytes: ca.Cert.Raw})
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != RootsPath {
					http.NotFound(w, r)
					return
				}
				w.Write(file)
			}))
			defer srv.Close()
			p, err := loadRoots(context.Background(), "ws"+srv.URL[len("http"):]+"/ws?target=x", sumOf(file))
			if err != nil {
				t.Fatal(err)
			}
			err = verify([]*x509.Certificate{cert}, "localhost", p, "")
			if (err == nil) != tc.ok {
				t.Fatalf("verify = %v, want ok %v", err, tc.ok)
			}
		})
	}
}

// TestDialLoadsRootsFromBridge dials TLS with no root store of its own:
// Dial loads the bridge's, which does not know the test CA (so the
// certificate prompt's error comes, and a trusted fingerprint passes),
// refuses a store that is not the app's before any WebSocket, and counts
// a bridge without one as unreachable, which a later Dial may fix.
func TestDialLoadsRootsFromBridge(t *testing.T) {
	_, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	tcp, sessions := tlsServer(t, leaf)
	good := bundled(t)
	bad := bytes.Clone(good)
	bad[100] ^= 1
	var serving atomic.Pointer[[]byte] // nil: 404
	serve := func(b []byte) { serving.Store(&b) }
	page := relayServing(t, map[string]string{"tls": tcp}, func() []byte {
		if p := serving.Load(); p != nil {
			return *p
		}
		return nil
	})
	target := bridgeapi.Target{Name: "tls", Host: "localhost", Port: 1, Security: bridgeapi.SecurityTLS}
	dial := func(page string, opts *Options) error {
		u, _ := WebSocketURL(page, "tls")
		c, err := Dial(context.Background(), u, target, opts)
		if err == nil {
			c.Close()
		}
		return err
	}

	err = dial(page, nil)
	if Classify(err) != Unreachable {
		t.Fatalf("no store on the bridge: Dial = %v (%v), want unreachable", err, Classify(err))
	}
	serve(bad)
	if err := dial(page, nil); !errors.Is(err, ErrRootStore) {
		t.Fatalf("a changed store: Dial = %v, want ErrRootStore", err)
	}
	if n := sessions(); n != 0 {
		t.Fatalf("the mail server saw %d connections while the store could not load", n)
	}
	serve(good)
	var ce *CertificateError
	if err := dial(page, nil); !errors.As(err, &ce) || ce.Fingerprint != Fingerprint(leaf.TLS.Leaf) {
		t.Fatalf("the bundled store and the test CA: Dial = %v, want *CertificateError", err)
	}
	// The positive control of the count above: that Dial reached the server.
	if n := sessions(); n == 0 {
		t.Fatal("the mail server counted no connection from a Dial that reached it")
	}
	serve(bad) // the loaded store is kept: a trusted fingerprint passes
	if err := dial(page, &Options{TrustedFingerprint: ce.Fingerprint}); err != nil {
		t.Fatalf("with the trusted fingerprint: %v", err)
	}
}
