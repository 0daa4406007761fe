package pwa

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
)

// rewritePages serves h's HTML pages through edit: go-app's page is
// small and written at once, so it is held, edited and sent with its new
// length. Other responses pass through. The bridge edits what go-app
// offers no setting for (viewport.go, inline.go).
func rewritePages(h http.Handler, edit func(page []byte) []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &pageWriter{ResponseWriter: w, edit: edit}
		h.ServeHTTP(p, r)
		p.finish()
	})
}

type pageWriter struct {
	http.ResponseWriter
	edit          func([]byte) []byte
	decided, html bool
	code          int
	buf           bytes.Buffer
}

// decide looks, before the first byte, whether the response is a page.
func (p *pageWriter) decide() {
	if !p.decided {
		p.decided = true
		p.html = strings.HasPrefix(p.Header().Get("Content-Type"), "text/html")
	}
}

func (p *pageWriter) WriteHeader(code int) {
	p.decide()
	if !p.html {
		p.ResponseWriter.WriteHeader(code)
		return
	}
	p.code = code
}

func (p *pageWriter) Write(b []byte) (int, error) {
	p.decide()
	if !p.html {
		return p.ResponseWriter.Write(b)
	}
	return p.buf.Write(b)
}

func (p *pageWriter) finish() {
	if !p.html {
		return
	}
	body := p.edit(p.buf.Bytes())
	p.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if p.code != 0 {
		p.ResponseWriter.WriteHeader(p.code)
	}
	p.ResponseWriter.Write(body)
}
