//go:build js && wasm

package i18n

import "embed"

// In the browser only English, the fallback of every key, is part of
// app.wasm; the other catalogs are files the bridge serves beside it
// (CatalogPath), fetched when their language is chosen (Install) and
// pre-cached by the service worker. Each costs the wasm about 10 KB as
// served, and a person reads one language.
//
//go:embed catalogs/en.json
var catalogFiles embed.FS
