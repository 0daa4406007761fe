package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/poppymail/poppy/bridge/internal/pwa"
)

// runExport is `bridge export [-web-dir DIR] [-relay URL] OUT`: it writes
// the web app as static files, for a web server or CDN that serves the
// app apart from bridges that only relay (deploy/nginx/poppy.conf). The
// page, go-app's scripts, worker and manifest are the bytes this bridge
// would serve; web/ is copied whole, with its precompressed twins. Exit
// status 0 on success, 1 on failure, 2 on a usage error.
func runExport(args []string, stdout, stderr io.Writer) int {
	fs := newSubcommand("export", "[flags] OUT", "Writes the web app as static files into the folder OUT.", stderr)
	webDir := fs.String("web-dir", "web", "`folder` of the built web app (`make web`)")
	relay := fs.String("relay", "", "`URL` of the bridges, https://relay.example/, when they are not at the page's own origin; they must list the page's origin with -origin")
	if code, ok := parseSubcommand(fs, args, 1); !ok {
		return code
	}
	if *relay != "" {
		if u, err := url.Parse(*relay); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fmt.Fprintf(stderr, "bridge export: -relay %q: want http(s)://HOST[:PORT]/\n", *relay)
			return 2
		}
	}
	if err := export(*webDir, *relay, fs.Arg(0)); err != nil {
		fmt.Fprintln(stderr, "bridge export:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Exported the web app to %s\n", fs.Arg(0))
	return 0
}

// workerList finds go-app's list of what the service worker pre-caches:
// every resource the page needs, so exporting it is exporting the app.
var workerList = regexp.MustCompile(`(?m)^const resourcesToCache = (\[.*\]);$`)

func export(webDir, relay, out string) error {
	// Static: the web server's policy is fixed text, which can carry no
	// per-build script hash.
	h, err := pwa.New(&pwa.Options{Dir: webDir, Relay: relay, Static: true})
	if err != nil {
		return err
	}
	worker, err := fetchPage(h, "/app-worker.js")
	if err != nil {
		return err
	}
	m := workerList.FindSubmatch(worker)
	if m == nil {
		return fmt.Errorf("no resource list in go-app's app-worker.js (a go-app upgrade changed it?)")
	}
	var paths []string
	if err := json.Unmarshal(m[1], &paths); err != nil {
		return fmt.Errorf("app-worker.js's resource list: %w", err)
	}
	paths = append(paths, "/app-worker.js", "/manifest.webmanifest")
	for _, p := range paths {
		if strings.HasPrefix(p, "/web/") {
			continue // copied below, with the twins the handler picks from
		}
		b, err := fetchPage(h, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "index.html"
		}
		if err := write(filepath.Join(out, filepath.FromSlash(name)), b); err != nil {
			return err
		}
	}
	files, err := os.ReadDir(webDir)
	if err != nil {
		return err
	}
	for _, f := range files {
		if !f.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(webDir, f.Name()))
		if err != nil {
			return err
		}
		if err := write(filepath.Join(out, "web", f.Name()), b); err != nil {
			return err
		}
	}
	return nil
}

// fetchPage asks the app's handler for path, as a browser without
// Accept-Encoding would.
func fetchPage(h http.Handler, path string) ([]byte, error) {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("%s: HTTP %d from the app's handler", path, rec.Code)
	}
	return rec.Body.Bytes(), nil
}

func write(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
