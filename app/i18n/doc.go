// Package i18n translates Poppy's interface: one message catalog per
// language, CLDR plural rules, numbers, sizes and dates by locale, and
// the choice of language from the browser's preferences.
//
// Languages are BCP 47 tags (RFC 5646), matched with RFC 4647 lookup
// semantics by golang.org/x/text/language; plural categories (zero,
// one, two, few, many, other) are the Unicode CLDR cardinal rules of
// golang.org/x/text/feature/plural. The words for dates, the digit
// grouping and the units of sizes follow CLDR's data for each shipped
// language, kept in locale.go (four languages need a few hundred bytes,
// not the tables of every locale).
//
// # Why not x/text/message or go-i18n
//
// Both were measured in the real app (make web, app.wasm as served,
// brotli, a probe using a plural message, a translated string and
// language matching in four languages), against 2,242,029 B without:
//
//   - golang.org/x/text/message with its catalog: +128,290 B. The
//     Printer formats numbers with CLDR's tables for every locale, and
//     those tables come with it whether used or not.
//   - github.com/nicksnyder/go-i18n/v2 v2.7.0: +558,042 B. It renders
//     every message through text/template, whose reflective method calls
//     keep every exported method of every linked type.
//
// The issue allows 150 KB for the catalog and the locale data together,
// and OAuth and the keep-mail UI must still fit in 2.5 MB. So the
// catalog is this package's: JSON files embedded in the binary (the app
// links encoding/json already), looked up in a map, with positional
// placeholders ({0}, {1}) that a translation may reorder, on top of
// x/text's language matching and CLDR plural rules, which alone came
// to +77,829 B in the same probe. The whole change (this package, its
// four catalogs of about 370 messages each, and the UI's calls) makes
// the app 2,438,854 B against 2,304,382 B without it (main with OAuth
// and keep-mail): +134,472 B, within the 150 KB.
//
// # Keys
//
// A key is the English sentence itself ("Sign in", "{0} messages"):
// code reads as it did, and the completeness test (catalog_test.go)
// finds every key by reading the calls to T and N with go/ast. Every
// catalog, English included, has every key; a key missing from one
// falls back to English, then to the key.
package i18n
