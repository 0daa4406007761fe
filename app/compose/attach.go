package compose

import (
	"bytes"
	"mime"
	"path"
	"strings"

	"github.com/emersion/go-message/mail"
	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/render"
)

// writeAttachment writes one attachment part: its type (guessed from the
// name when missing or invalid), an RFC 2231 file name and its bytes in
// base64, or a message/rfc822 part in 7bit or 8bit (RFC 2046 section
// 5.2.1) when its bytes allow. eight reports an 8bit part.
func writeAttachment(mw *mail.Writer, a Attachment) (eight bool, err error) {
	name := render.SafeFileName(a.Filename)
	if name == "" {
		name = "attachment"
	}
	mt, params := mediaType(a.ContentType, name)
	data, cte := a.Data, "base64"
	if mt == "message/rfc822" {
		data, cte = messageEncoding(a.Data)
		params = nil
	}
	var h mail.AttachmentHeader
	h.Set("Content-Transfer-Encoding", cte)
	setParamField(&h.Header.Header, "Content-Disposition", "attachment", "filename", name)
	if params == nil {
		params = map[string]string{}
	}
	if value := mime.FormatMediaType(mt, withName(params, name)); len(value) < 900 {
		h.Set("Content-Type", value)
	} else {
		h.SetContentType(mt, params) // the long name is in the disposition
	}
	w, err := mw.CreateAttachment(h)
	if err != nil {
		return false, err
	}
	return cte == "8bit", writeClose(w, data)
}

func withName(params map[string]string, name string) map[string]string {
	p := map[string]string{"name": name}
	for k, v := range params {
		p[k] = v
	}
	return p
}

// typeByExtension names the type of common files when the browser gave
// none (it usually does, from the picked file). mime.TypeByExtension
// would do more, but its table and its reader of the system's type files
// (which a browser tab has none of) cost app.wasm about 20 KB.
var typeByExtension = map[string]string{
	".pdf": "application/pdf", ".zip": "application/zip", ".txt": "text/plain",
	".csv": "text/csv", ".htm": "text/html", ".html": "text/html",
	".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
	".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
	".ics": "text/calendar", ".eml": "message/rfc822", ".json": "application/json",
}

// mediaType validates a declared type, falling back on the file name's
// extension and then application/octet-stream.
func mediaType(declared, name string) (string, map[string]string) {
	if mt, params, err := mime.ParseMediaType(declared); err == nil && strings.Count(mt, "/") == 1 {
		delete(params, "name")
		if mt == "message/rfc822" || strings.HasPrefix(mt, "multipart/") {
			params = nil
		}
		if strings.HasPrefix(mt, "multipart/") {
			mt = "application/octet-stream" // a file, never a structure to parse
		}
		return mt, params
	}
	if t, ok := typeByExtension[strings.ToLower(path.Ext(name))]; ok {
		return t, nil
	}
	return "application/octet-stream", nil
}

// messageEncoding chooses how a message/rfc822 part travels: 7bit or
// 8bit with CRLF line breaks (a lone LF becomes CRLF, the canonical form
// of RFC 5322), or base64 of the bytes as given when they hold a NUL, a
// lone CR or a line longer than 998 octets, which no 7bit or 8bit part may.
func messageEncoding(raw []byte) ([]byte, string) {
	crlf := raw
	if bytes.Contains(raw, []byte("\n")) {
		crlf = bytes.ReplaceAll(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
	}
	eight := false
	line := 0
	for i, c := range crlf {
		switch {
		case c == 0:
			return raw, "base64"
		case c == '\r':
			if i+1 >= len(crlf) || crlf[i+1] != '\n' {
				return raw, "base64"
			}
			continue
		case c == '\n':
			line = 0
			continue
		case c >= 0x80:
			eight = true
		}
		if line++; line > 998 {
			return raw, "base64"
		}
	}
	if eight {
		return crlf, "8bit"
	}
	return crlf, "7bit"
}

// emlName names a forwarded message's part after its subject.
func emlName(raw []byte) string {
	h, _, _ := mailhdr.Read(raw)
	var d mailhdr.Decoder
	subject, _ := d.Unstructured(h.Get("Subject"))
	name := render.SafeFileName(oneLine(subject))
	if len(name) > 100 {
		name = string([]rune(name)[:60])
	}
	if strings.TrimSpace(name) == "" {
		name = "forwarded message"
	}
	return name + ".eml"
}

// setParamField writes "key: value; param=..." with RFC 2231 encoding,
// and, when the encoded parameter would make a line longer than a header
// line should be, with RFC 2231 continuations (param*0*=, param*1*=, ...)
// one per folded line.
func setParamField(h interface {
	Set(k, v string)
	AddRaw(kv []byte)
	Del(k string)
}, key, value, param, pval string) {
	if f := mime.FormatMediaType(value, map[string]string{param: pval}); len(f) < 900 && f != "" {
		h.Set(key, f)
		return
	}
	h.Del(key)
	enc := pctEncode(pval)
	var b strings.Builder
	b.WriteString(key + ": " + value)
	for i := 0; enc != ""; i++ {
		n := min(60, len(enc))
		for n < len(enc) && n > 0 && (enc[n-1] == '%' || n >= 2 && enc[n-2] == '%') {
			n-- // never split a %XX triple
		}
		b.WriteString(";\r\n " + param + "*" + itoa(i) + "*=")
		if i == 0 {
			b.WriteString("utf-8''")
		}
		b.WriteString(enc[:n])
		enc = enc[n:]
	}
	b.WriteString("\r\n")
	h.AddRaw([]byte(b.String()))
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// pctEncode encodes s as an RFC 2231 extended value (attribute-chars
// literal, every other octet %XX).
func pctEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
