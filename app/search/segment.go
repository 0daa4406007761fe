package search

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
)

// SegmentDocs is the number of document ids in a segment. Documents get
// ids in the order they are added, so adding a message changes only the
// last segment, and removing one changes only its own.
const SegmentDocs = 1024

// segmentMagic starts every marshalled segment; its last byte is the
// format version.
const segmentMagic = "PSI\x01"

func segmentOf(id uint32) int { return int(id / SegmentDocs) }

// Segment is one chunk of an index, for a store to keep (a record in
// IndexedDB, say): the messages with ids in its range and their postings.
// It implements encoding.BinaryMarshaler and encoding.BinaryUnmarshaler.
type Segment struct {
	ix *Index
	n  int
}

// Segment returns segment n of ix. To load a stored index, call
// UnmarshalBinary on each stored segment of a new Index.
func (ix *Index) Segment(n int) *Segment { return &Segment{ix: ix, n: n} }

// Segments returns the number of segments of ix.
func (ix *Index) Segments() int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return (len(ix.docs) + SegmentDocs - 1) / SegmentDocs
}

// Dirty returns, sorted, the segments that changed since they were last
// marshalled or loaded: those to write back to the store.
func (ix *Index) Dirty() []int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	out := make([]int, 0, len(ix.dirty))
	for n := range ix.dirty {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// MarshalBinary encodes the segment: its documents (a removed one as a
// bare tombstone), then its terms, sorted and front-coded, each with its
// postings as varints of the id delta and the field mask. It marks the
// segment clean.
func (s *Segment) MarshalBinary() ([]byte, error) {
	ix := s.ix
	ix.mu.Lock()
	defer ix.mu.Unlock()
	base := uint32(s.n * SegmentDocs)
	end := min(uint32(len(ix.docs)), base+SegmentDocs)
	if int(base) >= len(ix.docs) {
		end = base
	}
	b := []byte(segmentMagic)
	b = binary.AppendUvarint(b, uint64(s.n))
	b = binary.AppendUvarint(b, uint64(end-base))
	account := ""
	for id := base; id < end; id++ {
		d := ix.docs[id]
		switch {
		case !d.live:
			b = append(b, 0)
			continue
		case d.key.Account == account && id > base:
			b = append(b, 1)
		default:
			b = append(b, 2)
			b = appendString(b, d.key.Account)
			account = d.key.Account
		}
		b = appendString(b, d.key.UIDL)
		b = binary.AppendVarint(b, d.date)
		b = binary.AppendUvarint(b, uint64(d.text))
	}

	var terms []string
	var lists [][]posting
	for _, t := range ix.sortedTerms() {
		ps := ix.terms[t]
		lo := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= base })
		hi := sort.Search(len(ps), func(i int) bool { return ps[i].doc >= end })
		var keep []posting
		for _, p := range ps[lo:hi] {
			if ix.docs[p.doc].live {
				keep = append(keep, p)
			}
		}
		if len(keep) > 0 {
			terms = append(terms, t)
			lists = append(lists, keep)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(terms)))
	prev := ""
	for i, t := range terms {
		shared := commonPrefix(prev, t)
		b = binary.AppendUvarint(b, uint64(shared))
		b = appendString(b, t[shared:])
		prev = t
		b = binary.AppendUvarint(b, uint64(len(lists[i])))
		last := base
		for j, p := range lists[i] {
			delta := p.doc - last
			if j == 0 {
				delta = p.doc - base
			}
			b = binary.AppendUvarint(b, uint64(delta)<<6|uint64(p.fields))
			last = p.doc
		}
	}
	delete(ix.dirty, s.n)
	return b, nil
}

// UnmarshalBinary adds the segment's documents and postings to the
// index. Damaged input leaves the index as it was and returns an error
// that matches ErrCorrupt; a segment whose documents are already there
// returns ErrSegmentLoaded.
func (s *Segment) UnmarshalBinary(data []byte) error {
	r := reader{b: data}
	if string(r.next(len(segmentMagic))) != segmentMagic {
		return corrupt("not an index segment of this version")
	}
	if n := r.uvarint(); r.err == nil && n != uint64(s.n) {
		return corrupt(fmt.Sprintf("segment %d stored where segment %d belongs", n, s.n))
	}
	count := r.uvarint()
	if count > SegmentDocs {
		return corrupt("too many messages")
	}
	base := uint32(s.n * SegmentDocs)
	docs := make([]docInfo, 0, count)
	account := ""
	for i := uint64(0); i < count && r.err == nil; i++ {
		var d docInfo
		switch r.byte() {
		case 0:
			docs = append(docs, d)
			continue
		case 1:
			if i == 0 {
				r.fail("account missing")
			}
		case 2:
			account = r.string()
		default:
			r.fail("bad message flag")
		}
		d.key = Key{Account: account, UIDL: r.string()}
		d.date = r.varint()
		d.text = int64(r.uvarint())
		d.live = true
		if d.key.UIDL == "" || d.text < 0 {
			r.fail("bad message")
		}
		docs = append(docs, d)
	}
	nterms := r.uvarint()
	terms := make(map[string][]posting)
	prev := ""
	for i := uint64(0); i < nterms && r.err == nil; i++ {
		shared := r.uvarint()
		if shared > uint64(len(prev)) {
			r.fail("bad term prefix")
			break
		}
		t := prev[:shared] + r.string()
		if t <= prev && i > 0 || t == "" {
			r.fail("terms out of order")
			break
		}
		prev = t
		np := r.uvarint()
		if np == 0 || np > uint64(len(docs)) {
			r.fail("bad posting count")
			break
		}
		ps := make([]posting, 0, np)
		last := uint64(0)
		for j := uint64(0); j < np && r.err == nil; j++ {
			v := r.uvarint()
			f := Field(v & 63)
			delta := v >> 6
			if j > 0 && delta == 0 || f == 0 || f&^allFields != 0 {
				r.fail("bad posting")
				break
			}
			last += delta
			if j == 0 {
				last = delta
			}
			if last >= uint64(len(docs)) || !docs[last].live {
				r.fail("posting of no message")
				break
			}
			ps = append(ps, posting{doc: base + uint32(last), fields: f})
		}
		terms[t] = ps
	}
	if r.err == nil && len(r.b) > 0 {
		r.fail("trailing bytes")
	}
	if r.err != nil {
		return r.err
	}
	return s.ix.load(s.n, docs, terms)
}

// load puts a decoded segment into the index.
func (ix *Index) load(n int, docs []docInfo, terms map[string][]posting) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	base := n * SegmentDocs
	for id := base; id < min(len(ix.docs), base+SegmentDocs); id++ {
		if ix.docs[id].key.UIDL != "" {
			return ErrSegmentLoaded
		}
	}
	if len(ix.docs) < base+len(docs) {
		ix.docs = append(ix.docs, make([]docInfo, base+len(docs)-len(ix.docs))...)
	}
	for i, d := range docs {
		id := uint32(base + i)
		ix.docs[id] = d
		if !d.live {
			continue
		}
		if old, ok := ix.byKey[d.key]; ok {
			// Two versions: a segment stored before a removal. The
			// newer id wins.
			// The loser's segment must be stored again with its
			// tombstone.
			if old > id {
				ix.docs[id].live = false
				ix.dirty[n] = true
				continue
			}
			ix.docs[old].live = false
			ix.dirty[segmentOf(old)] = true
			ix.live--
			ix.text -= ix.docs[old].text
		}
		ix.byKey[d.key] = id
		ix.live++
		ix.text += d.text
	}
	for t, ps := range terms {
		old, ok := ix.terms[t]
		if !ok {
			ix.sorted = nil
		}
		// Segments may load in any order: insert at the id's place.
		at := sort.Search(len(old), func(i int) bool { return old[i].doc >= ps[0].doc })
		ix.terms[t] = slices.Insert(old, at, ps...)
	}
	return nil
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// reader decodes a segment, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func corrupt(why string) error { return fmt.Errorf("%w (%s)", ErrCorrupt, why) }

func (r *reader) fail(why string) {
	if r.err == nil {
		r.err = corrupt(why)
	}
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n < 0 || n > len(r.b) {
		r.fail("truncated")
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte {
	b := r.next(1)
	if b == nil {
		return 0xff
	}
	return b[0]
}

func (r *reader) uvarint() uint64 { return number(r, binary.Uvarint) }

func (r *reader) varint() int64 { return number(r, binary.Varint) }

// number decodes one varint with decode, as encoding/binary returns it.
func number[T uint64 | int64](r *reader, decode func([]byte) (T, int)) T {
	if r.err != nil {
		return 0
	}
	v, n := decode(r.b)
	if n <= 0 {
		r.fail("bad number")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail("truncated")
		return ""
	}
	return string(r.next(int(n)))
}
