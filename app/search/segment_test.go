package search

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

// marshalAll returns every segment of ix, marshalled.
func marshalAll(t testing.TB, ix *Index) [][]byte {
	t.Helper()
	var out [][]byte
	for n := range ix.Segments() {
		b, err := ix.Segment(n).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// answers returns the keys found for every corpus query.
func answers(ix *Index) string {
	var s string
	for _, q := range corpusQueries {
		s += fmt.Sprintf("%s: %v\n", q.q, ix.Search(q.q, 0))
	}
	return s
}

func TestSegmentRoundTrip(t *testing.T) {
	ix := corpusIndex(t)
	// Enough messages for three segments, one removed in the middle.
	for i := range 2*SegmentDocs + 10 {
		d := &Doc{Key: Key{"c", fmt.Sprint(i)}, Subject: fmt.Sprintf("filler %d", i%7), Body: "weekly report"}
		if err := ix.Add(d); err != nil {
			t.Fatal(err)
		}
	}
	ix.Remove(Key{"a", "2"})
	ix.Remove(Key{"c", "1500"})
	if got := ix.Dirty(); !slices.Equal(got, []int{0, 1, 2}) {
		t.Fatalf("Dirty() = %v, want [0 1 2]", got)
	}
	segs := marshalAll(t, ix)
	if got := ix.Dirty(); len(got) != 0 {
		t.Fatalf("Dirty() after marshalling = %v", got)
	}
	want := answers(ix)

	// Load in reverse order: ids go back to their places.
	back := New()
	for n := len(segs) - 1; n >= 0; n-- {
		if err := back.Segment(n).UnmarshalBinary(segs[n]); err != nil {
			t.Fatalf("segment %d: %v", n, err)
		}
	}
	if got := answers(back); got != want {
		t.Fatalf("answers after round trip:\n%s\nwant:\n%s", got, want)
	}
	// Terms may differ: the removed message's terms stay in memory
	// until the index is rebuilt, but are not stored.
	if b, i := back.Stats(), ix.Stats(); b.Docs != i.Docs || b.Text != i.Text {
		t.Fatalf("Stats after round trip = %+v, want %+v", back.Stats(), ix.Stats())
	}
	if got := back.Search("filler 3", 0); len(got) != len(ix.Search("filler 3", 0)) || len(got) == 0 {
		t.Fatalf("filler 3: %d results after round trip", len(got))
	}
	// The same bytes again: the segment is stable.
	again := marshalAll(t, back)
	for n := range segs {
		if !slices.Equal(again[n], segs[n]) {
			t.Fatalf("segment %d differs after a round trip", n)
		}
	}
	// Loading a segment twice is refused.
	if err := back.Segment(0).UnmarshalBinary(segs[0]); !errors.Is(err, ErrSegmentLoaded) {
		t.Fatalf("second load = %v, want ErrSegmentLoaded", err)
	}
	// A segment stored under another number is refused.
	if err := New().Segment(1).UnmarshalBinary(segs[0]); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("wrong number = %v, want ErrCorrupt", err)
	}
	// Adding after loading continues in the last segment.
	if err := back.Add(&Doc{Key: Key{"d", "1"}, Body: "after load"}); err != nil {
		t.Fatal(err)
	}
	if got := back.Dirty(); !slices.Equal(got, []int{2}) {
		t.Fatalf("Dirty() after an add = %v, want [2]", got)
	}
}

// TestSegmentStale loads a segment stored before its message was
// replaced: the newer version wins, and the old segment is dirty so that
// the store writes its tombstone.
func TestSegmentStale(t *testing.T) {
	ix := New()
	for i := range SegmentDocs {
		if err := ix.Add(&Doc{Key: Key{"a", fmt.Sprint(i)}, Body: "old text"}); err != nil {
			t.Fatal(err)
		}
	}
	stale := marshalAll(t, ix)[0]
	if err := ix.Add(&Doc{Key: Key{"a", "7"}, Body: "new text"}); err != nil {
		t.Fatal(err)
	}
	fresh := marshalAll(t, ix)[1]
	for _, order := range [][]int{{0, 1}, {1, 0}} {
		back := New()
		segs := [][]byte{stale, fresh}
		for _, n := range order {
			if err := back.Segment(n).UnmarshalBinary(segs[n]); err != nil {
				t.Fatal(err)
			}
		}
		if got := back.Search("new", 0); len(got) != 1 || got[0].Key != (Key{"a", "7"}) {
			t.Fatalf("order %v: Search(new) = %+v", order, got)
		}
		if got := back.Search("old", 0); len(got) != SegmentDocs-1 {
			t.Fatalf("order %v: Search(old) found %d, want %d", order, len(got), SegmentDocs-1)
		}
		if got := back.Dirty(); !slices.Equal(got, []int{0}) {
			t.Fatalf("order %v: Dirty() = %v, want [0]", order, got)
		}
	}
}

func TestSegmentCorrupt(t *testing.T) {
	b, err := corpusIndex(t).Segment(0).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	// Every truncation and every one-byte change either fails with
	// ErrCorrupt or loads; none panics, and a failure leaves the index
	// empty.
	for i := range b {
		for _, c := range [][]byte{b[:i], flip(b, i)} {
			ix := New()
			err := ix.Segment(0).UnmarshalBinary(c)
			if err != nil && !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not match ErrCorrupt", err)
			}
			if err != nil && ix.Stats() != (Stats{}) {
				t.Fatalf("a failed load changed the index: %+v", ix.Stats())
			}
		}
	}
	if err := New().Segment(0).UnmarshalBinary(b[:len(b)-1]); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("truncated segment = %v, want ErrCorrupt", err)
	}
	if err := New().Segment(0).UnmarshalBinary(append(slices.Clone(b), 0)); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("trailing byte = %v, want ErrCorrupt", err)
	}
}

func flip(b []byte, i int) []byte {
	c := slices.Clone(b)
	c[i] ^= 0x5a
	return c
}

func FuzzUnmarshalBinary(f *testing.F) {
	ix := corpusIndex(f)
	b, err := ix.Segment(0).MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(segmentMagic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		ix := New()
		if err := ix.Segment(0).UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v does not match ErrCorrupt", err)
			}
			return
		}
		// What loads can be searched and marshalled again.
		ix.Search("a", 0)
		if _, err := ix.Segment(0).MarshalBinary(); err != nil {
			t.Fatal(err)
		}
	})
}
