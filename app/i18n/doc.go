// Package i18n translates Poppy's interface: one message catalog per
// language, CLDR plural rules, numbers, sizes and dates by locale, and
// the choice of language from the browser's preferences.
//
// Languages are BCP 47 tags (RFC 5646), matched by RFC 4647 lookup
// (match.go); plural categories (zero, one, two, few, many, other) are
// the Unicode CLDR cardinal rules of the shipped languages (plural.go).
// The words for dates, the digit
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
// catalog is this package's: JSON files (the app links encoding/json
// already), looked up in a map, with positional placeholders ({0},
// {1}) that a translation may reorder. It first used x/text's
// language matching and CLDR plural rules, which alone came to +77,829
// B in the same probe; they are gone since (see below). The whole
// change (this package, its four catalogs of about 370 messages each,
// and the UI's calls) made the app 2,438,854 B against 2,304,382 B
// without it (main with OAuth and keep-mail): +134,472 B, within the
// 150 KB.
//
// # Where the catalogs live
//
// In the browser only English is part of app.wasm: it is every key's
// fallback, so the app always has words. Every English message is its
// own key, so app.wasm carries only the English plural forms
// (catalog_english.go, generated from catalogs/en.json), not the file,
// and parses nothing at start. The other catalogs are files
// the bridge serves beside app.wasm (CatalogPath: /web/i18n-ar.json,
// with .br and .gz twins written by `make web`), fetched when their
// language is chosen (Install: at start, before the first render, or
// from the accounts panel's select) and pre-cached by the service
// worker with the app, so every language works offline. Natively (the
// bridge, which draws the sign-in shell in the browser's language, and
// the tests) every catalog is embedded.
//
// # Why no golang.org/x/text
//
// x/text's matcher and plural rules carry CLDR's tables for every
// language, region and script, and feature/plural links x/text's
// message catalog and number packages: measured in the app as served
// (make web, brotli, the same build with and without a probe that
// uses language.NewMatcher, Match and plural.Cardinal.MatchPlural as
// this package did), they cost 71,364 B (2,430,083 B against
// 2,358,719 B). Poppy ships four languages, each one tag without
// region or script, so RFC 4647 lookup over those tags and the four
// CLDR rules, for the integers it counts, say the same in a few
// hundred bytes. Two tests hold them to x/text, natively (where it
// ships nothing): TestNegotiateMatchesXText compares the choice of
// language for every two- and three-letter language subtag, alone and
// with regions, scripts, a variant, extensions and private use
// (match.go lists what x/text does differently and why it does not
// matter: und with a region, subtags no registry lists), and
// TestPluralMatchesXText the plural category of every n below 100,000
// in every shipped language. A new language adds its rule and its
// aliases there.
//
// Together, the catalogs out of the wasm and x/text out, app.wasm as
// served went from 2,453,775 B (main) to 2,358,719 B: 95,056 B less;
// with the forty keys added since (removal reasons, render's notes, key
// names), 2,357,320 B. The three other catalogs cost 13.7 to 14.2 KB
// each as served, once, when chosen.
//
// # Keys
//
// A key is the English sentence itself ("Sign in", "{0} messages"):
// code reads as it did, and the completeness test (catalog_test.go)
// finds every key by reading the calls to T and N with go/ast. Every
// catalog, English included, has every key; a key missing from one
// falls back to English, then to the key.
package i18n
