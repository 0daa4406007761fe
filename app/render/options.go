package render

// Default limits. They bound the work and memory one message can cost the
// browser tab; each can be changed per call through [Options].
const (
	DefaultMaxParts       = 1000     // MIME parts per message, nested messages included
	DefaultMaxDepth       = 24       // nesting of multiparts and message/rfc822 parts
	DefaultMaxPartSize    = 64 << 20 // encoded bytes of one attachment decoded into Data
	DefaultMaxBodySize    = 4 << 20  // bytes of text or HTML rendered per message
	DefaultMaxInlineBytes = 32 << 20 // bytes of cid: images inlined into one SrcDoc
)

// CharsetFunc decodes input, encoded in the named charset, to UTF-8.
//
// The label is lower-cased and trimmed; UTF-8, US-ASCII, ISO-8859-1 and
// Windows-1252 (and their usual aliases) are decoded by the package itself
// and never passed to it. It must return an error for a charset it does
// not know (the text is then shown best-effort with a note), must not
// retain or modify input, and may be called from any goroutine that calls
// [Render]. In the browser, wrap TextDecoder (which knows every WHATWG
// encoding); natively, golang.org/x/text/encoding/htmlindex fits.
type CharsetFunc func(charset string, input []byte) (string, error)

// Options tunes [Render] and [Headers]. A nil *Options, and every zero
// field, means the safe default. A negative limit means no limit.
type Options struct {
	// Charset decodes charsets the package does not know itself.
	// Nil means only the built-in ones (see [CharsetFunc]).
	Charset CharsetFunc

	// AllowRemote keeps http and https images (img src and srcset,
	// background attributes, CSS url()) in the HTML body and lets the
	// Content-Security-Policy load them. Set it only after the user asked
	// to load remote content for this message: remote images tell the
	// sender when, where and whether the message was read.
	AllowRemote bool

	// MaxParts bounds the number of MIME parts examined; the rest of the
	// message is reported in Problems (and stays in Raw).
	MaxParts int
	// MaxDepth bounds the nesting of multipart and message/rfc822 parts.
	MaxDepth int
	// MaxPartSize bounds the size of one attachment as encoded in the
	// message (its decoded size is at most that). A larger attachment is
	// listed with Omitted set and no Data; its bytes stay in Raw.
	MaxPartSize int64
	// MaxBodySize bounds the text, and separately the HTML, that is
	// rendered; a longer body is cut with a note, and its full part is
	// listed as an attachment.
	MaxBodySize int
	// MaxInlineBytes bounds the bytes of cid: images copied into one
	// HTMLBody.SrcDoc as data: URLs; images beyond it show as blank.
	MaxInlineBytes int64
}

// limits is Options with defaults applied; negative becomes "no limit".
type limits struct {
	parts, depth, body int
	partSize, inline   int64
}

func (o *Options) limits() limits {
	var z Options
	if o == nil {
		o = &z
	}
	l := limits{
		parts:    pickInt(o.MaxParts, DefaultMaxParts),
		depth:    pickInt(o.MaxDepth, DefaultMaxDepth),
		body:     pickInt(o.MaxBodySize, DefaultMaxBodySize),
		partSize: pickInt64(o.MaxPartSize, DefaultMaxPartSize),
		inline:   pickInt64(o.MaxInlineBytes, DefaultMaxInlineBytes),
	}
	return l
}

const unlimited = int(^uint(0) >> 1)

func pickInt(v, def int) int {
	switch {
	case v == 0:
		return def
	case v < 0:
		return unlimited
	}
	return v
}

func pickInt64(v, def int64) int64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return int64(^uint64(0) >> 1)
	}
	return v
}
