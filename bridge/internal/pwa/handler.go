package pwa

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Options configure the app host.
type Options struct {
	// Dir holds the built web assets: app.wasm (with app.wasm.br and
	// app.wasm.gz beside it), wasm_exec.js from the same Go toolchain,
	// roots.pem (and its twins), app.css and the icons. Default "web".
	Dir string
	// Relay, when set, is the URL of the bridges (https://relay.example/)
	// for a page served apart from them (bridge export): the app then
	// reads the server list and root store there and opens its WebSocket
	// there. Empty: the bridge that serves the page.
	Relay string
	// Connect are more origins the page may fetch from (connect-src):
	// the OAuth providers' (-oauth), whose discovery and token endpoints
	// the tab calls. Empty: the page's own origin only.
	Connect []string
	// Targets are the mail servers the bridge lists at /api/targets:
	// the page's sign-in shell shows them, and carries them for the app
	// (routes.TargetsElementID), so that the form is complete from the
	// first paint. nil: the shell waits for the app to fetch them.
	Targets *bridgeapi.Targets
	// Static is for a page exported to a web server whose headers are
	// fixed text (bridge export; deploy/nginx/poppy-app.conf): the page
	// then loads snapshot.js instead of carrying it, since an inline
	// script runs only by its hash in the policy, and the hash changes
	// with every build. The stylesheets are inline either way.
	Static bool
}

// routesOnce registers go-app's routes once per process: go-app keeps
// them in a global table, and tests build several handlers.
var routesOnce sync.Once

// assets are the files under /web/ that the app needs. roots.pem is the
// root store app.wasm verifies mail servers against (it checks the
// file's SHA-256; app/transport/roots.go).
var assets = append([]string{
	"app.wasm", "wasm_exec.js", "app.css", "roots.pem",
	"icon-192.png", "icon-512.png", "icon-maskable-512.png", "icon.svg",
}, catalogFiles()...)

// cacheableCatalogs are the paths of catalogFiles.
func cacheableCatalogs() []string {
	var paths []string
	for _, n := range catalogFiles() {
		paths = append(paths, "/web/"+n)
	}
	return paths
}

// catalogFiles are the message catalogs of the languages that are not
// in app.wasm (i18n.CatalogPath), relative to /web/.
func catalogFiles() []string {
	var names []string
	for _, l := range i18n.Languages() {
		if l.Tag != i18n.Fallback {
			names = append(names, strings.TrimPrefix(i18n.CatalogPath(l.Tag), "/web/"))
		}
	}
	return names
}

// New returns the handler for everything the bridge does not route
// itself. The version, which makes go-app's service worker install a new
// app, is a hash of the files the bridge serves (app.wasm, app.css, the
// icons, the manifest, app-update.js): the worker answers from its cache
// first, so a file that changed without a new version would stay stale
// in every installed app.
func New(opts *Options) (http.Handler, error) {
	dir, relay := "web", ""
	var connect []string
	var listed *bridgeapi.Targets
	static := false
	if opts != nil {
		if opts.Dir != "" {
			dir = opts.Dir
		}
		relay, connect, listed, static = opts.Relay, opts.Connect, opts.Targets, opts.Static
	}
	files, err := loadDir(dir, assets)
	if err != nil {
		return nil, err
	}
	// The page's own component is the browser's; the server renders the
	// sign-in shell on the same route, so the bridge does not link the
	// app.
	routesOnce.Do(func() { routes.Register(&routes.SignInShell{}) })
	routes.SetTargets(listed)
	targetsBlock, err := targetsScript(routes.ShellTargets())
	if err != nil {
		return nil, err
	}
	files["/manifest.webmanifest"] = &asset{
		body: manifestJSON(), ctype: "application/manifest+json", modified: time.Now(),
	}
	files["/manifest.webmanifest"].etag = etagOf(files["/manifest.webmanifest"].body)
	files[updateScriptPath] = updateAsset()
	// The list is in the page, which the service worker keeps: a new
	// list is a new version.
	ver := version(files, loaderJS, snapshotJS, targetsBlock)
	files[snapshotScriptPath] = snapshotAsset(ver)
	// One page per shipped language: the sign-in shell, <html lang dir>
	// and the loading label in the words the browser asks for
	// (language.go).
	newPage := func(l i18n.Language) *app.Handler {
		page := &app.Handler{
			Name:        appName,
			ShortName:   appName,
			Title:       appName,
			Description: appDescription,
			Lang:        l.Tag,
			HTML:        func() app.HTMLHtml { return app.Html().Dir(l.Dir) },
			// Every icon must be local: go-app's default SVG icon is a remote
			// URL, which a closed network refuses and the service worker
			// cannot pre-cache.
			Icon:            app.Icon{Default: icon192, Large: icon512, SVG: iconSVG, AppleTouch: icon192},
			ThemeColor:      themeColor,
			BackgroundColor: bgColor,
			// Shown only if loading app.wasm fails (loader.js puts the
			// error in its place).
			LoadingLabel: i18n.For(l.Tag).T(routes.LoadingLabel),
			Styles:       []string{"/web/app.css"},
			// snapshot.js without defer: it paints the inbox's snapshot
			// before the body is (snapshot.go); the page carries it
			// inline, as it does the stylesheets (inline.go), and the
			// worker pre-caches the files.
			Scripts:    []string{updateScriptPath + " defer", snapshotScriptPath},
			RawHeaders: rawHeaders(shellWhole, targetsBlock),
			Version:    ver,
			// roots.pem is fetched only before the first TLS handshake, so
			// the worker must cache it at install for an app that starts
			// offline and connects later; the catalogs are fetched when
			// their language is chosen, which may be offline too.
			CacheableResources: append([]string{"/web/icon-maskable-512.png", "/web/roots.pem"}, cacheableCatalogs()...),
		}
		if relay != "" {
			// go-app hands Env to the browser in app.js (app.Getenv).
			page.Env = app.Environment{bridgeapi.EnvRelay: relay}
		}
		return page
	}
	page := newPage(i18n.Languages()[0])
	// app.js is made from the page (its Env and Version), so after both
	// are set.
	files["/app.js"], err = appJS(page)
	if err != nil {
		return nil, err
	}
	goAppCSS, err := servedBy(page, "/app.css")
	if err != nil {
		return nil, err
	}
	scripts := map[string][]byte{snapshotScriptPath: files[snapshotScriptPath].body}
	if static {
		scripts = nil
	}
	in, err := newInlined(map[string][]byte{"/app.css": goAppCSS, "/web/app.css": files["/web/app.css"].body}, scripts)
	if err != nil {
		return nil, err
	}
	byLang := map[string]http.Handler{}
	for _, l := range i18n.Languages() {
		byLang[l.Tag] = rewritePages(newPage(l), func(p []byte) []byte { return in.edit(allowZoom(p)) })
	}
	// wasm_exec.js must come from the toolchain that built app.wasm, not
	// go-app's embedded copy.
	files["/wasm_exec.js"] = files["/web/wasm_exec.js"]
	pages := languagePages(byLang)
	policy := cspWith(connect, in.scriptSources())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		SecurityHeaders(w.Header())
		w.Header().Set("Content-Security-Policy", policy)
		if a, ok := files[r.URL.Path]; ok {
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				w.Header().Set("Allow", "GET, HEAD")
				http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
				return
			}
			a.serve(w, r)
			return
		}
		if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/web/" {
			http.NotFound(w, r) // never let go-app serve the working directory
			return
		}
		pages.ServeHTTP(w, r)
	}), nil
}

// version hashes the validators of files, in the order of their paths,
// and the code the bridge adds to the page (the wasm loader), which
// changes with the bridge rather than with the files.
func version(files map[string]*asset, code ...string) string {
	h := sha256.New()
	for _, c := range code {
		io.WriteString(h, c+"\n")
	}
	for _, p := range slices.Sorted(maps.Keys(files)) {
		io.WriteString(h, p+" "+files[p].etag+"\n")
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

func etagOf(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:16]) + `"`
}

// targetsScript is the page's data block of the mail servers the shell
// lists (routes.TargetsElementID), empty without them. A script element
// of type application/json is data: no browser runs it, so the page's
// Content-Security-Policy (no inline script) does not apply; the JSON
// encoder escapes <, > and &, so nothing in it can end the element.
func targetsScript(ts *bridgeapi.Targets) (string, error) {
	if ts == nil {
		return "", nil
	}
	b, err := json.Marshal(ts)
	if err != nil {
		return "", fmt.Errorf("pwa: the mail servers cannot be put in the page: %w", err)
	}
	return `<script type="application/json" id="` + routes.TargetsElementID + `">` + string(b) + `</script>`, nil
}

// shellWhole holds the page's first paint until the body is parsed up to
// its last element (the wasm loader's label, after the sign-in shell), so
// that the shell is never painted in part: a page that arrives in pieces
// (from the service worker, or on a loaded machine) was painted with its
// form missing, and the form's arrival moved the centred card (a layout
// shift of 0.03 in one visit of ten). It waits for the parser only,
// never for a fetch.
const shellWhole = `<link rel="expect" href="#app-wasm-loader-label" blocking="render">`

// rawHeaders is go-app's RawHeaders: the blocks that are not empty.
func rawHeaders(blocks ...string) []string {
	var out []string
	for _, b := range blocks {
		if b != "" {
			out = append(out, b)
		}
	}
	return out
}
