package search

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// docInfo is what the index keeps of one document id.
type docInfo struct {
	key  Key
	date int64 // Unix seconds
	text int64 // bytes of text indexed
	live bool
}

// posting says that a document holds a term, and in which fields.
type posting struct {
	doc    uint32
	fields Field
}

// Index is an inverted index of messages. Its methods are safe for
// concurrent use.
type Index struct {
	mu     sync.Mutex
	docs   []docInfo // by document id
	byKey  map[Key]uint32
	terms  map[string][]posting // postings sorted by document id
	sorted []string             // the terms, sorted; nil when stale
	dirty  map[int]bool         // segments changed since last marshalled
	live   int
	text   int64
}

// New returns an empty index.
func New() *Index {
	return &Index{
		byKey: make(map[Key]uint32),
		terms: make(map[string][]posting),
		dirty: make(map[int]bool),
	}
}

// Add indexes d, replacing an earlier version with the same key.
func (ix *Index) Add(d *Doc) error {
	if d.UIDL == "" {
		return ErrNoKey
	}
	fields := make(map[string]Field)
	var size int64
	add := func(f Field, s string) {
		size += int64(len(s))
		tokenize(s, false, true, func(t string) { fields[t] |= f })
	}
	add(Subject, d.Subject)
	for _, a := range []struct {
		f     Field
		addrs []Address
	}{{From, d.From}, {To, d.To}, {Cc, d.Cc}} {
		for _, m := range a.addrs {
			add(a.f, m.Name)
			add(a.f, m.Email)
		}
	}
	add(Body, d.Body)
	for _, name := range d.Attachments {
		add(Attachment, name)
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.removeLocked(d.Key)
	id := uint32(len(ix.docs))
	ix.docs = append(ix.docs, docInfo{key: d.Key, date: d.Date.Unix(), text: size, live: true})
	ix.byKey[d.Key] = id
	ix.live++
	ix.text += size
	for t, f := range fields {
		p, ok := ix.terms[t]
		if !ok {
			ix.sorted = nil
		}
		// Ids grow, so appending keeps the postings sorted.
		ix.terms[t] = append(p, posting{doc: id, fields: f})
	}
	ix.dirty[segmentOf(id)] = true
	return nil
}

// Remove takes the message with key k out of the index and reports
// whether it was there. Its postings are dropped when its segment is
// next marshalled; searches skip them at once.
func (ix *Index) Remove(k Key) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return ix.removeLocked(k)
}

func (ix *Index) removeLocked(k Key) bool {
	id, ok := ix.byKey[k]
	if !ok {
		return false
	}
	delete(ix.byKey, k)
	d := &ix.docs[id]
	d.live = false
	ix.live--
	ix.text -= d.text
	ix.dirty[segmentOf(id)] = true
	return true
}

// Keys returns the keys of the messages in the index, in the order they
// were added.
func (ix *Index) Keys() []Key {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]Key, 0, ix.live)
	for _, d := range ix.docs {
		if d.live {
			out = append(out, d.key)
		}
	}
	return out
}

// Stats describes an index.
type Stats struct {
	Docs  int // messages in the index
	Terms int // distinct terms in memory, removed messages' included

	Text int64 // bytes of text indexed for the messages
}

// Stats returns the index's counts.
func (ix *Index) Stats() Stats {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return Stats{Docs: ix.live, Terms: len(ix.terms), Text: ix.text}
}

// Warm builds now what the next Search would otherwise build first: the
// sorted list of terms, which adding a new term or loading a segment
// makes stale. Call it after loading an index, so that the person's
// first keystroke does not pay for it.
func (ix *Index) Warm() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.sortedTerms()
}

// sortedTerms returns the sorted term list, building it if stale.
func (ix *Index) sortedTerms() []string {
	if ix.sorted == nil {
		ix.sorted = make([]string, 0, len(ix.terms))
		for t := range ix.terms {
			ix.sorted = append(ix.sorted, t)
		}
		slices.Sort(ix.sorted)
	}
	return ix.sorted
}

// prefixRange returns the terms that start with prefix.
func (ix *Index) prefixRange(prefix string) []string {
	terms := ix.sortedTerms()
	lo := sort.SearchStrings(terms, prefix)
	// The terms with the prefix follow lo, side by side.
	hi := lo + sort.Search(len(terms)-lo, func(i int) bool { return !strings.HasPrefix(terms[lo+i], prefix) })
	return terms[lo:hi]
}
