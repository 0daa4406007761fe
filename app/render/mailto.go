package render

import (
	"net/url"
	"strings"
)

// mailtoAddressOnly keeps only the address of a mailto: URL (RFC 6068):
// its query ("?subject=…&body=…", but also "?attach=/etc/passwd", which
// some desktop clients obey) and fragment are dropped, in the URL that u
// points to. It refuses (false) an address that still spells a query
// once percent-decoded ("a@b%3Fattach=…"), since a client may decode it
// before splitting.
func mailtoAddressOnly(u *url.URL) bool {
	u.RawQuery, u.ForceQuery = "", false
	u.Fragment, u.RawFragment = "", ""
	addr := u.Opaque
	if addr == "" {
		addr = u.Path
	}
	dec, err := url.PathUnescape(addr)
	return err == nil && !strings.ContainsAny(dec, "?&#")
}

// mailtoHref is the href of a linkified mailto: link: link with its
// query and fragment dropped (see mailtoAddressOnly), or "" when it must
// not be a link. Other links are returned as they are.
func mailtoHref(link string) string {
	if !hasPrefixFold(link, "mailto:") {
		return link
	}
	addr, _, _ := strings.Cut(link[len("mailto:"):], "?")
	addr, _, _ = strings.Cut(addr, "#")
	u := &url.URL{Scheme: "mailto", Opaque: addr}
	if !mailtoAddressOnly(u) {
		return ""
	}
	return link[:len("mailto:")] + addr
}
