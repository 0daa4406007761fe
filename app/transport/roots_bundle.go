//go:build !(js && wasm)

package transport

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"math"
	"time"

	"golang.org/x/crypto/x509roots/fallback/bundle"
)

// BundledRoots returns the root store file that `make web` writes to
// web/roots.pem (see roots.go): the certificates of
// golang.org/x/crypto/x509roots/fallback/bundle, in its order, as PEM,
// each distrusted root with a Distrust-After header. Its SHA-256 is
// rootsSHA256; `go generate ./app/transport` writes both after go.mod
// moves the bundle to a new version. It is native only, so that the
// bundle is never linked into app.wasm.
func BundledRoots() ([]byte, error) {
	var b bytes.Buffer
	for r := range bundle.Roots() {
		blk := &pem.Block{Type: "CERTIFICATE", Bytes: r.Certificate}
		if r.Constraint != nil {
			t, err := distrustDate(r.Constraint)
			if err != nil {
				return nil, err
			}
			blk.Headers = map[string]string{distrustHeader: t.UTC().Format(time.RFC3339)}
		}
		if err := pem.Encode(&b, blk); err != nil {
			return nil, err
		}
	}
	return b.Bytes(), nil
}

// distrustDate recovers the date of a bundle constraint, which the
// bundle gives only as a function: the last second of issue that it
// accepts. The bundle's one kind of constraint is such a date; anything
// else (a constraint that is not a threshold on NotBefore) is an error,
// so that a new kind cannot be written out as a wrong date.
func distrustDate(c func([]*x509.Certificate) error) (time.Time, error) {
	ok := func(s int64) bool { return c([]*x509.Certificate{{NotBefore: time.Unix(s, 0)}}) == nil }
	lo, hi := int64(0), int64(math.MaxInt32)*4 // 1970 .. year 2514
	if !ok(lo) || ok(hi) {
		return time.Time{}, fmt.Errorf("transport: a root of the bundle has a constraint that is not a distrust-after date")
	}
	for hi-lo > 1 { // ok(lo), !ok(hi)
		mid := lo + (hi-lo)/2
		if ok(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	t := time.Unix(lo, 0).UTC()
	// The same answer an hour either side, or it is not a threshold.
	if !ok(lo-3600) || ok(lo+3600) {
		return time.Time{}, fmt.Errorf("transport: a root of the bundle has a constraint that is not a distrust-after date")
	}
	return t, nil
}
