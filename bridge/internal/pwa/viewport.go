package pwa

import (
	"regexp"
)

// go-app writes a viewport into every page whose maximum-scale=1 and
// user-scalable=0 stop a person from zooming the page on a phone (WCAG
// 1.4.4, Resize text; axe-core's meta-viewport rule), and go-app offers
// no setting for it. It renders a tag's attributes from a map, so their
// order changes from page to page: the tag is matched by its name
// attribute, in any position, not as a fixed string.
var goAppViewport = regexp.MustCompile(`<meta\s[^>]*name="viewport"[^>]*>`)

const zoomableViewport = `<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">`

// allowZoom is page with a viewport that lets a person zoom.
func allowZoom(page []byte) []byte {
	return goAppViewport.ReplaceAllLiteral(page, []byte(zoomableViewport))
}
