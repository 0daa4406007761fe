//go:build !(js && wasm)

package i18n

import "embed"

// Outside the browser every catalog is embedded: the bridge draws the
// sign-in shell in the language a browser asks for, and the tests read
// every language.
//
//go:embed catalogs/*.json
var catalogFiles embed.FS
