//go:build !(js && wasm)

package i18n

import "embed"

// Outside the browser every catalog is embedded: the bridge draws the
// sign-in shell in the language a browser asks for, and the tests read
// every language.
//
//go:embed catalogs/*.json
var catalogFiles embed.FS

// loadCatalog reads the embedded catalog of tag, or is nil when it is
// not embedded; an embedded catalog that does not parse is a build
// mistake that the tests catch.
func loadCatalog(tag string) Catalog {
	data, err := catalogFiles.ReadFile("catalogs/" + tag + ".json")
	if err != nil {
		return nil
	}
	c, err := ParseCatalog(data)
	if err != nil {
		return Catalog{}
	}
	return c
}
