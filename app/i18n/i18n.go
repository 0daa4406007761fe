package i18n

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
)

// Fallback is the language of the keys, used when no preference
// matches and for a key a catalog lacks.
const Fallback = "en"

// Locale is one language's catalog and formats. Its methods are safe
// for concurrent use.
type Locale struct {
	data    *localeData
	catalog Catalog // nil: not here yet (see Install)
}

// Language is a shipped language: its BCP 47 tag, its name in itself
// (for the language select), and its writing direction ("ltr", "rtl").
type Language struct {
	Tag, Name, Dir string
}

// Languages lists the shipped languages, English first.
func Languages() []Language {
	ls := make([]Language, len(locales))
	for i, d := range locales {
		ls[i] = Language{Tag: d.tag, Name: d.name, Dir: d.dir}
	}
	return ls
}

var (
	loadOnce sync.Once
	mu       sync.RWMutex
	loaded   map[string]*Locale // by tag; replaced whole by Install
	current  atomic.Pointer[Locale]
)

func load() {
	loadOnce.Do(func() {
		m := make(map[string]*Locale, len(locales))
		for _, d := range locales {
			m[d.tag] = &Locale{data: d, catalog: loadCatalog(d.tag)}
		}
		loaded = m
	})
}

func locale(tag string) (*Locale, bool) {
	load()
	mu.RLock()
	defer mu.RUnlock()
	l, ok := loaded[tag]
	return l, ok
}

// For is the locale of a shipped language by its tag, or English.
func For(tag string) *Locale {
	if l, ok := locale(tag); ok {
		return l
	}
	l, _ := locale(Negotiate([]string{tag}))
	return l
}

// Negotiate picks the shipped language that best serves a person whose
// preferences are prefs (BCP 47 tags, most preferred first, as in
// navigator.languages or Accept-Language): "ar-EG" gets Arabic,
// "de-CH" German, and nothing that matches gets English. Unparsable
// entries are skipped.
// Entries that are not well-formed are skipped. The matching is RFC
// 4647 lookup (match.go).
func Negotiate(prefs []string) string {
	for _, p := range prefs {
		if tag := lookup(p); tag != "" {
			return tag
		}
	}
	return Fallback
}

// Set makes tag (a shipped language, else what Negotiate gives for it)
// the current language, and returns it. The interface re-renders to
// show it; T and N read it on every call.
func Set(tag string) string {
	l := For(tag)
	current.Store(l)
	if now := For(l.data.tag); now != l {
		current.CompareAndSwap(l, now) // Install replaced it meanwhile
	}
	return l.data.tag
}

// Current is the locale of the current language.
func Current() *Locale {
	if l := current.Load(); l != nil {
		return l
	}
	return For(Fallback)
}

// T is key translated into the current language, with its {n}
// placeholders replaced by args (see Arg for how each is written).
func T(key string, args ...any) string { return Current().T(key, args...) }

// N is the plural message key for the count n, in the current
// language: the form of n's CLDR plural category, with {0} standing
// for n (written by Number) and {1}... for args.
func N(key string, n int, args ...any) string { return Current().N(key, n, args...) }

// Tag is the locale's BCP 47 tag, for <html lang>.
func (l *Locale) Tag() string { return l.data.tag }

// Dir is the locale's writing direction, for <html dir>: "ltr" or "rtl".
func (l *Locale) Dir() string { return l.data.dir }

// Name is the language's name in itself.
func (l *Locale) Name() string { return l.data.name }

// T: see the package function T.
func (l *Locale) T(key string, args ...any) string {
	m, ok := l.lookup(key)
	text := key
	if ok {
		text = m.Text
		if text == "" && m.Plural != nil {
			text = m.Plural["other"]
		}
	}
	return format(text, l.args(args))
}

// N: see the package function N.
func (l *Locale) N(key string, n int, args ...any) string {
	all := make([]any, 0, len(args)+1)
	all = append(append(all, n), args...)
	m, ok := l.lookup(key)
	if !ok || m.Plural == nil {
		return l.T(key, all...)
	}
	text, ok := m.Plural[l.category(n)]
	if !ok {
		text = m.Plural["other"]
	}
	return format(text, l.args(all))
}

func (l *Locale) lookup(key string) (Message, bool) {
	if m, ok := l.catalog[key]; ok {
		return m, true
	}
	if l.data.tag != Fallback {
		en, _ := locale(Fallback)
		return en.lookup(key)
	}
	return Message{}, false
}

// category is the CLDR cardinal plural category of the integer n.
func (l *Locale) category(n int) string {
	if n < 0 {
		n = -n
	}
	return l.data.plural(n)
}

// errorText writes an error argument (SetErrorText).
var errorText atomic.Pointer[func(error) string]

// SetErrorText makes f how T and N write an error argument: the
// interface words the typed errors it knows (a mailbox problem, the
// bridge's refusals) in the current language, where an error's own
// Error is English. Nil restores Error.
func SetErrorText(f func(error) string) {
	if f == nil {
		errorText.Store(nil)
		return
	}
	errorText.Store(&f)
}

// args writes each argument as text: integers by Number, errors by
// SetErrorText's function (else their Error), anything else as fmt's %v
// would.
func (l *Locale) args(args []any) []string {
	s := make([]string, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case string:
			s[i] = v
		case int:
			s[i] = l.Number(int64(v))
		case int64:
			s[i] = l.Number(v)
		case uint32:
			s[i] = l.Number(int64(v))
		case error:
			if f := errorText.Load(); f != nil {
				s[i] = (*f)(v)
			} else {
				s[i] = v.Error()
			}
		case fmt.Stringer:
			s[i] = v.String()
		default:
			s[i] = fmt.Sprint(v)
		}
	}
	return s
}

// Number writes n with the locale's digit grouping: 1,234,567 in
// English, 1.234.567 in German, 12 345 in Polish (which groups only
// from five digits on).
func (l *Locale) Number(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := ""
	if n < 0 {
		neg, s = "-", s[1:]
	}
	if len(s) < l.data.minGroup {
		return neg + s
	}
	b := make([]byte, 0, len(s)+len(s)/3*len(l.data.group))
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, l.data.group...)
		}
		b = append(b, s[i])
	}
	return neg + string(b)
}

// Choose is the language to show: saved (the person's choice kept on
// the device) when it is a shipped language, else the best match for
// the browser's preferences, else English.
func Choose(saved string, browser []string) string {
	if _, ok := locale(saved); ok {
		return saved
	}
	return Negotiate(browser)
}

// Key marks s as a key to translate later, and returns it unchanged:
// for tables built before the language is known (gettext's N_), whose
// entries go through T when shown. The completeness test counts a
// Key's constant argument as used.
func Key(s string) string { return s }
