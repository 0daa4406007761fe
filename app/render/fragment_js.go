//go:build js && wasm

package render

import (
	"strings"
	"syscall/js"

	"golang.org/x/net/html"
)

// closeFragment: see fragment.go. The part is parsed by the browser's
// DOMParser into a document of its own, which has no browsing context: no
// script in it runs and nothing it names is fetched. The head's children
// are serialized as they are (their <style> sheets feed the sheet
// sanitizer), and the body's children are moved into a <div> that carries
// the body's attributes as bodyStyle maps them, then serialized with it.
func closeFragment(s string) (out string, ok bool) {
	doc := js.Global().Get("DOMParser").New().Call("parseFromString", s, "text/html")
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	sb.WriteString(doc.Get("head").Get("innerHTML").String())
	body := doc.Get("body")
	if body.IsNull() || body.IsUndefined() {
		return sb.String(), true
	}
	div := doc.Call("createElement", "div")
	names := body.Call("getAttributeNames")
	attrs := make([]html.Attribute, 0, names.Length())
	for i := range names.Length() {
		k := names.Index(i).String()
		attrs = append(attrs, html.Attribute{Key: k, Val: body.Call("getAttribute", k).String()})
	}
	for _, a := range bodyStyle(attrs) {
		// setAttribute throws on a name that is not a valid XML name,
		// which the HTML parser can produce ("a<b"); such an attribute
		// is one the sanitizer would drop anyway.
		if validAttrName(a.Key) {
			div.Call("setAttribute", a.Key, a.Val)
		}
	}
	// A Range moves every child in one call, however many there are.
	r := doc.Call("createRange")
	r.Call("selectNodeContents", body)
	div.Call("appendChild", r.Call("extractContents"))
	sb.WriteString(div.Get("outerHTML").String())
	return sb.String(), true
}

// validAttrName reports whether setAttribute takes name. The DOM refuses,
// by throwing, a name that is not an XML name; the attributes such a name
// could carry are none that the sanitizer keeps, so they are left out
// instead (a conservative subset: ASCII letters, digits, '-', '_', '.',
// ':', not starting with a digit, '-' or '.').
func validAttrName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		case (c >= '0' && c <= '9') || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return true
}
