//go:build js && wasm

package i18n

// In the browser no catalog file is part of app.wasm. The other
// languages' catalogs are files the bridge serves beside it
// (CatalogPath), fetched when their language is chosen (Install) and
// pre-cached by the service worker; each would cost the wasm about 10
// KB as served, and a person reads one language.
//
// English, the fallback of every key, is not parsed from its file
// either: every English message is its own key (TestEnglishIsKeys), and
// a key missing from a catalog reads as itself, so the browser needs
// only the English messages that are not their key, the plural forms.
// catalog_english.go holds them, generated from catalogs/en.json
// (TestEnglishMessagesGenerated; `go generate ./app/i18n` rewrites it,
// see catalog.go). Parsing the 55 KB file with encoding/json took
// about 50 ms of every start on the page's one thread (in a profile of
// the start), and set V8 optimizing the JSON decoder's functions in the
// background, which are never hot again.

// loadCatalog is the catalog that tag has built in: English's messages
// that are not their key, or nil.
func loadCatalog(tag string) Catalog {
	if tag == Fallback {
		return englishMessages
	}
	return nil
}
