// Package render is the single chokepoint between a raw mail message and
// the web UI: it turns the bytes of an RFC 5322 message into header
// fields, a plain-text body, a sandboxed HTML document, attachments and
// nested messages that the UI can show without further checks.
//
// Header blocks and the fields a person sees (From, To, Cc, Subject,
// Date) are read by app/mailhdr, which the inbox list uses too, so that
// the list and the reader never disagree. Messages are otherwise parsed
// with github.com/emersion/go-message: Content-Transfer-Encoding is undone
// by the decoders behind message.Entity.Body. Its readers stop at the first
// malformed line or part, and its charset hook is a package-level
// variable, so the package keeps, hand-written and documented where they
// are: finding where a damaged header ends (in mailhdr), splitting
// multiparts past damaged parts (multipart.go), reading malformed
// Content-Type parameters (params.go), cleaning damaged base64 before
// go-message decodes it and decoding quoted-printable that Go's decoder
// gives up on (transfer.go), and per-call charset decoding (charset.go, and
// a mime.WordDecoder per call for RFC 2047 words, with net/mail's address
// parser).
//
// It implements, leniently and in memory:
//
//   - RFC 5322 header fields, with RFC 2047 encoded words (and their
//     charsets, through [Options.Charset]) and RFC 6532 raw UTF-8;
//   - RFC 2045/2046 MIME: Content-Type, Content-Transfer-Encoding (base64,
//     quoted-printable, 7bit, 8bit, binary), multipart/mixed, alternative,
//     related (RFC 2387), digest, signed/encrypted (shown as attachments),
//     and message/rfc822 (rendered as nested messages);
//   - RFC 2183 Content-Disposition and RFC 2231 parameter values;
//   - RFC 2392 cid: URLs, resolved to the message's own image parts;
//   - RFC 3676 format=flowed plain text.
//
// # Security model
//
// HTML never reaches the page. [HTMLBody.SrcDoc] is a complete document for
// an <iframe> with the sandbox attribute [IFrameSandbox] (no scripts, no
// same origin). It starts with a Content-Security-Policy <meta> that forbids
// scripts, forms, plugins, frames and every load except data: images (and
// http/https images when the user allowed remote content). The body inside
// is sanitized exactly once, by a bluemonday allowlist policy built for the
// message: no script-capable element or attribute survives, links are
// http, https or mailto only and open in a new tab with
// rel="noopener noreferrer", and remote images are dropped (and counted) by
// the policy itself unless [Options.AllowRemote] is set. Nothing rewrites
// the sanitizer's output afterwards (Roundcube CVE-2024-42009 and SnappyMail
// CVE-2024-45800 were both caused by post-processing sanitized HTML).
// <style> sheets are kept only after being parsed and re-serialized from an
// allowlist of properties and value functions (see css.go).
//
// A body of several parts (HTML parts, and plain-text parts mixed into
// them) is sanitized part by part: each is first closed by the HTML5 tree
// builder (fragment.go), so that nothing it leaves open (a comment, a
// <style>, a display:none element, a table) reaches the next part, and is
// put in a <div id="mail-part-N"> box of its own, to which its sheets are
// scoped. A warning that a mail gateway appends as a part of its own
// stays visible whatever the parts before it do.
//
// Nothing leaks before the person asks: the frame turns DNS prefetching
// off (a meta right after the CSP), and mailto: links keep only their
// address (a query such as "?attach=/etc/passwd" reaches some desktop
// clients).
//
// # Cost
//
// Rendering takes time linear in the message's size, with the limits
// below bounding the size. Where a library has a super-linear corner
// (bluemonday's CSS escape decoding, douceur's declarations, the CSS
// tokenizer's url( pattern), a linear pre-check of the cost drops the
// message's styles, with a note, before the library sees them
// (scan.go). TestLinearTime holds this over families of pathological
// messages, and the fuzz targets give each input a time budget.
//
// Plain text never goes through an HTML parser: [TextBody.Spans] splits it
// into text and links, and [TextBody.HTML] is built from those spans with
// every span escaped, so no byte of the message reaches the output
// unescaped.
//
// Header fields, names and problems are plain strings. The UI must show
// them as text (go-app does so for text nodes), never through app.Raw and
// never as a format string (go-app's IFrame().SrcDoc is printf-style: call
// it as SrcDoc("%s", body.SrcDoc)).
//
// # Robustness
//
// [Render] never fails as a whole and never returns nil: a message that
// parses only partly keeps what parsed, lists what did not in
// [Message.Problems], and always carries its raw source in [Message.Raw].
// Unknown charsets and transfer encodings degrade to a best-effort
// decoding with a note. Limits (parts, depth, sizes) are on by default.
//
// The package builds for js/wasm: it does not import a charset table
// (github.com/emersion/go-message/charset adds about 0.3 MB brotli).
// In the browser, pass an [Options.Charset] backed by TextDecoder; without
// one, UTF-8, US-ASCII, ISO-8859-1 and Windows-1252 are decoded built in.
package render
