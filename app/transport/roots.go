package transport

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"
)

// The root store the app verifies mail servers against is a file the
// bridge serves beside app.wasm (web/roots.pem, written by `make web`
// from golang.org/x/crypto/x509roots/fallback at the version go.mod
// pins), not a part of app.wasm: linked in, the same roots and their
// parser cost about 97 KB of the wasm's 2.5 MB brotli budget (see
// docs/architecture.md, Conventions), and every start parsed all of
// them before the first screen.
//
// Trust is unchanged: app.wasm holds the file's SHA-256 (rootsSHA256,
// generated with it), and a file that differs by one byte is refused
// (ErrRootStore), so the roots are exactly as trusted as the wasm that
// names them, which comes from the same origin. The file is public data
// fetched from the page's own origin: the bridge still sees no mail
// and no password. The service worker pre-caches it with the app, and
// Dial loads it only before the first TLS handshake, so an app started
// offline needs it no sooner than it needs the network.

//go:generate go run gen_roots.go -sum roots_sum.go

// RootsPath is where the bridge serves the root store.
const RootsPath = "/web/roots.pem"

// distrustHeader is the PEM header of a root that NSS distrusts for
// certificates issued after a date (the one constraint of
// x509roots/fallback/bundle): its value is that date, RFC 3339.
const distrustHeader = "Distrust-After"

// ErrRootStore is matched by an error of Dial when the root store the
// bridge served is not the one this app was built with: a corrupted or
// stale file. Reloading the page fetches the app and its roots again.
var ErrRootStore = errors.New("transport: the root certificates served with the app do not match it; reload the page, and if this stays, the bridge's web folder needs `make web`")

// root is one certificate of the store, with its distrust date (zero:
// none).
type root struct {
	cert          *x509.Certificate
	distrustAfter time.Time
}

// parseRoots reads the root store file b, after checking that its
// SHA-256 is sum (lower-case hex).
func parseRoots(b []byte, sum string) ([]root, error) {
	got := sha256.Sum256(b)
	if hex.EncodeToString(got[:]) != sum {
		return nil, fmt.Errorf("%w (its SHA-256 is %x, the app expects %s)", ErrRootStore, got, sum)
	}
	var out []root
	for rest := b; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrRootStore, err)
		}
		r := root{cert: c}
		if v, ok := blk.Headers[distrustHeader]; ok {
			if r.distrustAfter, err = time.Parse(time.RFC3339, v); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrRootStore, err)
			}
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: it holds no certificate", ErrRootStore)
	}
	return out, nil
}

// pool makes a CertPool of roots, with the constraint that
// x509roots/fallback/bundle gives a distrusted root: no certificate of
// the chain may be issued after the date.
func pool(roots []root) *x509.CertPool {
	p := x509.NewCertPool()
	for _, r := range roots {
		if r.distrustAfter.IsZero() {
			p.AddCert(r.cert)
			continue
		}
		after := r.distrustAfter
		p.AddCertWithConstraint(r.cert, func(chain []*x509.Certificate) error {
			for _, c := range chain {
				if c.NotBefore.After(after) {
					return fmt.Errorf("transport: certificate issued after its root's distrust-after date %s", after.Format(time.RFC3339))
				}
			}
			return nil
		})
	}
	return p
}

// rootCache keeps the root store per URL once it loaded: one file per
// bridge, fetched once per page (a failed load is tried again at the
// next Dial).
var rootCache struct {
	sync.Mutex
	pools map[string]*x509.CertPool
}

// Roots returns the root store of the bridge whose relay URL is wsURL
// (see WebSocketURL), fetching it the first time. Dial calls it; any
// other TLS client in the app must verify against it too, since js/wasm
// has no system roots. It blocks: never call it on the UI goroutine.
func Roots(ctx context.Context, wsURL string) (*x509.CertPool, error) {
	return loadRoots(ctx, wsURL, rootsSHA256)
}

func loadRoots(ctx context.Context, wsURL, sum string) (*x509.CertPool, error) {
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, fmt.Errorf("transport: bad relay URL %q: %w", wsURL, err)
	}
	switch u.Scheme {
	case "wss":
		u.Scheme = "https"
	case "ws":
		u.Scheme = "http"
	default:
		return nil, fmt.Errorf("transport: relay URL %q is neither ws nor wss", wsURL)
	}
	u.Path, u.RawQuery, u.Fragment = RootsPath, "", ""
	key := u.String()

	rootCache.Lock()
	defer rootCache.Unlock()
	if p := rootCache.pools[key]; p != nil {
		return p, nil
	}
	type got struct {
		body   []byte
		status int
		err    error
	}
	ch := make(chan got, 1)
	go func() {
		b, st, err := HTTPGet(key)
		ch <- got{b, st, err}
	}()
	var g got
	select {
	case g = <-ch:
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: loading the root certificates: %w", ErrBridgeUnreachable, ctx.Err())
	}
	if g.err != nil {
		return nil, fmt.Errorf("%w: loading the root certificates: %w", ErrBridgeUnreachable, g.err)
	}
	if g.status != 200 {
		return nil, fmt.Errorf("%w: loading the root certificates: the bridge answered HTTP %d", ErrBridgeUnreachable, g.status)
	}
	roots, err := parseRoots(g.body, sum)
	if err != nil {
		return nil, err
	}
	p := pool(roots)
	if rootCache.pools == nil {
		rootCache.pools = make(map[string]*x509.CertPool)
	}
	rootCache.pools[key] = p
	return p, nil
}
