package pwa

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/app/i18n"
)

// languagePages serves each request with the page of the shipped
// language that its Accept-Language (RFC 9110 section 12.5.4) asks
// for, negotiated as the app does with navigator.languages
// (i18n.Negotiate), so that the sign-in shell is in the words and the
// direction the app will show: an Arabic browser gets lang=ar dir=rtl
// from the first byte. The page says so (Content-Language) and that it
// varies with the header (Vary), for caches between.
//
// The service worker keeps the page it fetched at install: a browser
// whose languages change later gets the shell of the old ones until the
// next version, and the app itself in the new ones.
func languagePages(byTag map[string]http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tag := i18n.Negotiate(acceptLanguages(r.Header.Get("Accept-Language")))
		byTag[tag].ServeHTTP(&languageWriter{ResponseWriter: w, tag: tag}, r)
	})
}

// languageWriter labels an HTML response with its language.
type languageWriter struct {
	http.ResponseWriter
	tag     string
	labeled bool
}

func (l *languageWriter) label() {
	if l.labeled {
		return
	}
	l.labeled = true
	if h := l.Header(); strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		h.Set("Content-Language", l.tag)
		h.Add("Vary", "Accept-Language")
	}
}

func (l *languageWriter) WriteHeader(code int) {
	l.label()
	l.ResponseWriter.WriteHeader(code)
}

func (l *languageWriter) Write(p []byte) (int, error) {
	l.label()
	return l.ResponseWriter.Write(p)
}

// acceptLanguages is the language ranges of an Accept-Language header,
// most preferred first: by quality (q=0 is "not this one", dropped), in
// the header's order among equals.
func acceptLanguages(header string) []string {
	type ranged struct {
		tag string
		q   float64
	}
	var rs []ranged
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.TrimSpace(tag)
		if tag == "" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if q > 0 {
			rs = append(rs, ranged{tag, q})
		}
	}
	slices.SortStableFunc(rs, func(a, b ranged) int { return cmp.Compare(b.q, a.q) })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.tag
	}
	return out
}
