package i18n

import "fmt"

// The catalogs that are not embedded (catalog_embed_js.go) are served
// as files, CatalogPath, and brought in by Install. Until then a
// language shows its words in English, never a missing text.

// CatalogPath is where the bridge serves the catalog of a shipped
// language, beside app.wasm: /web/i18n-pl.json. The files are flat in
// web/ so that `bridge export` copies them with the rest, and `make
// web` writes them (with their .br and .gz twins) from catalogs/.
func CatalogPath(tag string) string { return "/web/i18n-" + tag + ".json" }

// HasCatalog reports whether the catalog of tag is here: embedded, or
// installed. A tag that is not shipped has none.
func HasCatalog(tag string) bool {
	l, ok := locale(tag)
	return ok && l.catalog != nil
}

// Install makes data (a catalog file, as ParseCatalog reads it) the
// catalog of the shipped language tag; if tag is the current language,
// T and N use it from then on. It fails with ErrCatalog for a file that
// does not parse or a tag that is not shipped.
func Install(tag string, data []byte) error {
	old, ok := locale(tag)
	if !ok {
		return fmt.Errorf("%w: %q is not a shipped language", ErrCatalog, tag)
	}
	c, err := ParseCatalog(data)
	if err != nil {
		return err
	}
	l := &Locale{data: old.data, catalog: c}
	mu.Lock()
	m := make(map[string]*Locale, len(loaded))
	for k, v := range loaded {
		m[k] = v
	}
	m[tag] = l
	loaded = m
	mu.Unlock()
	current.CompareAndSwap(old, l)
	return nil
}
