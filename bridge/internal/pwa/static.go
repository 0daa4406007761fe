package pwa

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// asset is one file served from memory with its precompressed forms.
// Files are read once at start: the app is a few megabytes, and serving
// from memory makes Content-Length, ETag and encoding choice exact.
type asset struct {
	body     []byte
	br, gz   []byte // precompressed bodies, nil if absent
	etag     string // strong validator: hash of the identity body
	ctype    string
	modified time.Time
}

func loadAsset(dir, name string) (*asset, error) {
	p := filepath.Join(dir, filepath.FromSlash(name))
	body, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	a := &asset{body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, modified: st.ModTime()}
	a.ctype = mime.TypeByExtension(path.Ext(name))
	if path.Ext(name) == ".wasm" {
		a.ctype = "application/wasm"
	}
	if a.ctype == "" {
		a.ctype = "application/octet-stream"
	}
	// A precompressed twin counts only if it is as new as the file: a
	// stale app.wasm.br would serve last build's app. brotli copies the
	// source's modification time to the nearest second, hence Truncate.
	// The gzip twin is also checked by content, which the standard
	// library can do.
	for _, c := range []struct {
		ext string
		dst *[]byte
	}{{".br", &a.br}, {".gz", &a.gz}} {
		cst, err := os.Stat(p + c.ext)
		if err != nil || cst.ModTime().Before(st.ModTime().Truncate(time.Second)) {
			continue
		}
		if b, err := os.ReadFile(p + c.ext); err == nil {
			*c.dst = b
		}
	}
	if a.gz != nil && !gzipHolds(a.gz, body) {
		a.gz = nil
	}
	return a, nil
}

// serve writes the asset in the best encoding the client accepts. Every
// asset is revalidated on each use (no-cache) but not downloaded again
// while its ETag matches: app.wasm changes only with a new version, and
// a stale one must never outlive a deploy.
func (a *asset) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", a.ctype)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	body, enc := a.body, ""
	switch {
	case a.br != nil && accepts(r, "br"):
		body, enc = a.br, "br"
	case a.gz != nil && accepts(r, "gzip"):
		body, enc = a.gz, "gzip"
	}
	etag := a.etag
	if enc != "" {
		// Each encoding is a different representation (RFC 9110 §8.8.3).
		etag = strings.TrimSuffix(etag, `"`) + "-" + enc + `"`
		h.Set("Content-Encoding", enc)
	}
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatch(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	_, _ = w.Write(body)
}

// accepts reports whether the Accept-Encoding header allows coding with
// a non-zero quality.
func accepts(r *http.Request, coding string) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), coding) {
			continue
		}
		q := strings.TrimSpace(params)
		if v, ok := strings.CutPrefix(q, "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			return err == nil && f > 0
		}
		return true
	}
	return false
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func loadDir(dir string, names []string) (map[string]*asset, error) {
	out := make(map[string]*asset, len(names))
	for _, n := range names {
		a, err := loadAsset(dir, n)
		if err != nil {
			return nil, fmt.Errorf("pwa: %s is missing from %s (run `make web`): %w", n, dir, err)
		}
		out["/web/"+n] = a
	}
	return out, nil
}

// gzipHolds reports whether gz decompresses to exactly body.
func gzipHolds(gz, body []byte) bool {
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return false
	}
	got, err := io.ReadAll(io.LimitReader(r, int64(len(body))+1))
	return err == nil && bytes.Equal(got, body)
}
