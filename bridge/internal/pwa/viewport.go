package pwa

import (
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// go-app writes a viewport into every page whose maximum-scale=1 and
// user-scalable=0 stop a person from zooming the page on a phone (WCAG
// 1.4.4, Resize text; axe-core's meta-viewport rule), and go-app offers
// no setting for it. It renders a tag's attributes from a map, so their
// order changes from page to page: the tag is matched by its name
// attribute, in any position, not as a fixed string.
var goAppViewport = regexp.MustCompile(`<meta\s[^>]*name="viewport"[^>]*>`)

const zoomableViewport = `<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`

// allowZoom serves h's HTML pages with a viewport that lets a person
// zoom: go-app's page is small and written at once, so it is held,
// changed and sent with its new length. Other responses pass through.
func allowZoom(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		z := &zoomWriter{ResponseWriter: w}
		h.ServeHTTP(z, r)
		z.finish()
	})
}

type zoomWriter struct {
	http.ResponseWriter
	decided, html bool
	code          int
	buf           bytes.Buffer
}

// decide looks, before the first byte, whether the response is a page.
func (z *zoomWriter) decide() {
	if !z.decided {
		z.decided = true
		z.html = strings.HasPrefix(z.Header().Get("Content-Type"), "text/html")
	}
}

func (z *zoomWriter) WriteHeader(code int) {
	z.decide()
	if !z.html {
		z.ResponseWriter.WriteHeader(code)
		return
	}
	z.code = code
}

func (z *zoomWriter) Write(p []byte) (int, error) {
	z.decide()
	if !z.html {
		return z.ResponseWriter.Write(p)
	}
	return z.buf.Write(p)
}

func (z *zoomWriter) finish() {
	if !z.html {
		return
	}
	body := goAppViewport.ReplaceAllLiteral(z.buf.Bytes(), []byte(zoomableViewport))
	z.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if z.code != 0 {
		z.ResponseWriter.WriteHeader(z.code)
	}
	z.ResponseWriter.Write(body)
}
