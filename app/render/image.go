package render

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

// inlineImageTypes are the media types a cid: image may be shown as,
// mapped to the canonical type written into its data: URL. SVG is not
// among them: it is a document that can carry script and links.
var inlineImageTypes = map[string]string{
	"image/png":                "image/png",
	"image/apng":               "image/apng",
	"image/gif":                "image/gif",
	"image/jpeg":               "image/jpeg",
	"image/jpg":                "image/jpeg",
	"image/pjpeg":              "image/jpeg",
	"image/webp":               "image/webp",
	"image/avif":               "image/avif",
	"image/bmp":                "image/bmp",
	"image/x-ms-bmp":           "image/bmp",
	"image/x-icon":             "image/x-icon",
	"image/vnd.microsoft.icon": "image/x-icon",
}

// sniffImage recognizes the raster formats above by their magic bytes.
// Mailers often send images as application/octet-stream.
func sniffImage(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "image/gif"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case len(b) >= 12 && bytes.Equal(b[:4], []byte("RIFF")) && bytes.Equal(b[8:12], []byte("WEBP")):
		return "image/webp"
	case bytes.HasPrefix(b, []byte("BM")) && len(b) > 14:
		return "image/bmp"
	}
	return ""
}

// cidData resolves a cid: URL (RFC 2392) to the opaque part of a data:
// URL ("image/png;base64,…") for the message part with that Content-ID.
// The part must be an image of a type in inlineImageTypes, by its
// declared type or its bytes; the data: type is always the canonical one
// from that table, never text copied from the message. Anything else —
// no such part, an HTML or SVG part, an omitted part, the inline budget
// spent — gives the transparent placeholder.
func (st *htmlState) cidData(u *url.URL) string {
	id := u.Opaque
	if id == "" {
		id = strings.TrimPrefix(u.String(), u.Scheme+":")
	}
	r := st.r
	idx, ok := r.cids[id]
	if !ok {
		if un, err := url.PathUnescape(id); err == nil {
			idx, ok = r.cids[un]
		}
	}
	if !ok {
		return placeholder
	}
	a := &r.msg.Attachments[idx]
	if a.Data == nil {
		return placeholder
	}
	typ := inlineImageTypes[a.ContentType]
	if typ == "" {
		typ = sniffImage(a.Data)
	} else if s := sniffImage(a.Data); s != "" {
		typ = s // the bytes know better than the label
	}
	if typ == "" {
		return placeholder
	}
	d, cached := st.dataURLs[idx]
	if !cached {
		d = typ + ";base64," + base64.StdEncoding.EncodeToString(a.Data)
		st.dataURLs[idx] = d
	}
	if int64(len(d)) > st.inlineLeft {
		r.note(a.PartPath, Note{Kind: NoteInlineImagesTooLarge})
		return placeholder
	}
	st.inlineLeft -= int64(len(d))
	a.Embedded = true
	a.Inline = true
	return d
}
