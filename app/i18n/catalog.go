package i18n

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrCatalog is the error of a catalog file that cannot be used.
var ErrCatalog = errors.New("i18n: bad catalog")

// Message is one translated message: Text, or for a message with a
// count, one text per CLDR plural category ("one", "few", "other"...).
type Message struct {
	Text   string
	Plural map[string]string
}

// Catalog maps keys (the English messages) to one language's messages.
type Catalog map[string]Message

// ParseCatalog reads a catalog file: a JSON object whose members map a
// key to a string, or to an object of plural forms by CLDR category,
// which must have "other" and no unknown category.
func ParseCatalog(data []byte) (Catalog, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCatalog, err)
	}
	c := make(Catalog, len(raw))
	for k, v := range raw {
		var s string
		if err := json.Unmarshal(v, &s); err == nil {
			c[k] = Message{Text: s}
			continue
		}
		var forms map[string]string
		if err := json.Unmarshal(v, &forms); err != nil {
			return nil, fmt.Errorf("%w: %q is neither a string nor plural forms", ErrCatalog, k)
		}
		if _, ok := forms["other"]; !ok {
			return nil, fmt.Errorf("%w: %q has no \"other\" form", ErrCatalog, k)
		}
		for f := range forms {
			if !validForm(f) {
				return nil, fmt.Errorf("%w: %q has an unknown plural form %q", ErrCatalog, k, f)
			}
		}
		c[k] = Message{Plural: forms}
	}
	return c, nil
}

// catalog_english.go, the browser's English catalog, is generated from
// catalogs/en.json (catalog_embed_js.go says why).
//
//go:generate go test -run TestEnglishMessagesGenerated -update-english .

// Keys is the catalog's keys, sorted.
func (c Catalog) Keys() []string {
	ks := make([]string, 0, len(c))
	for k := range c {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// pluralForms is the CLDR plural categories by their catalog names.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

func validForm(f string) bool {
	for _, p := range pluralForms {
		if f == p {
			return true
		}
	}
	return false
}

// format replaces each {n} in msg by args[n] (as text: see arg); "{{"
// is a literal "{". A placeholder without its argument, or a brace
// that opens none, stays as written, so a faulty translation shows
// what is wrong instead of losing words.
func format(msg string, args []string) string {
	if !strings.Contains(msg, "{") {
		return msg
	}
	var b strings.Builder
	b.Grow(len(msg) + 16)
	for i := 0; i < len(msg); i++ {
		c := msg[i]
		if c != '{' {
			b.WriteByte(c)
			continue
		}
		if i+1 < len(msg) && msg[i+1] == '{' {
			b.WriteByte('{')
			i++
			continue
		}
		j := i + 1
		n := 0
		for j < len(msg) && j < i+4 && msg[j] >= '0' && msg[j] <= '9' {
			n = n*10 + int(msg[j]-'0')
			j++
		}
		if j == i+1 || j >= len(msg) || msg[j] != '}' || n >= len(args) {
			b.WriteByte(c)
			continue
		}
		b.WriteString(args[n])
		i = j
	}
	return b.String()
}
