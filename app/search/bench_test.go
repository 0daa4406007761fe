package search

import (
	"runtime"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// benchIndex is an index of 10,000 fakemail messages (the size),
// built once.
func benchIndex(b *testing.B) (*Index, int) {
	benchOnce.Do(func() {
		benchIx, benchSize, benchHeap = heapOf(b, fakemailDocs(b, 10000))
	})
	return benchIx, benchSize
}

var benchHeap float64

// heapOf is indexOf, also returning the heap the index holds.
func heapOf(b *testing.B, docs []Doc) (*Index, int, float64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix, size := indexOf(b, docs)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(docs) // counted in both readings, not in the difference
	return ix, size, float64(after.HeapAlloc) - float64(before.HeapAlloc)
}

// reportSize reports the stored index's size as a share of the text.
func reportSize(b *testing.B, ix *Index, size int) {
	b.ReportMetric(100*float64(size)/float64(ix.Stats().Text), "index-%")
	b.ReportMetric(float64(ix.Stats().Text)/1e6, "text-MB")
}

// keystrokes are what a person types, one query per key.
var keystrokes = []string{"b", "bu", "bud", "budg", "budget", "budget r", "budget re", "budget rev", "budget review"}

// BenchmarkSearch is one keystroke's search over 10,000 messages: one
// op is the whole sequence of keystrokes; ms/key is the time per key.
func BenchmarkSearch(b *testing.B) {
	ix, size := benchIndex(b)
	typing(b, ix, size, benchHeap, keystrokes)
}

// BenchmarkSearchRich is the same over 10,000 messages with a vocabulary
// of 50,000 words, with short prefixes that match many terms.
func BenchmarkSearchRich(b *testing.B) {
	ix, size, heap := heapOf(b, richDocs(10000))
	typing(b, ix, size, heap, []string{"a", "ab", "abc", "é", "éa", "ł", "p1", "p12@", "p12@d1"})
}

// typing runs the queries qs, one per key, as a benchmark, and reports
// the index's stored size and heap.
func typing(b *testing.B, ix *Index, size int, heap float64, qs []string) {
	b.ResetTimer()
	for b.Loop() {
		for _, q := range qs {
			ix.Search(q, 50)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N*len(qs)), "ms/key")
	// After the loop: ResetTimer clears metrics.
	reportSize(b, ix, size)
	b.ReportMetric(heap/1e6, "heap-MB")
}

// BenchmarkAdd is indexing one fakemail message.
func BenchmarkAdd(b *testing.B) {
	docs := fakemailDocs(b, 100)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		ix := New()
		for j := range docs {
			ix.Add(&docs[j])
		}
	}
}

var tokenizeText = "Größe Straße café Łódź Привет Ёлка مَرْحَبًا 東京都へ行きます and plain ASCII words of a message body, with anna@example.org. "

// BenchmarkTokens is this package's folding: per rune NFKD, marks
// dropped, ToLower(ToUpper(r)).
func BenchmarkTokens(b *testing.B) {
	b.SetBytes(int64(len(tokenizeText)))
	for b.Loop() {
		Tokens(tokenizeText)
	}
}

// BenchmarkFoldCases is the alternative the package does not take:
// NFKD of the whole text, marks dropped, then cases.Fold, before
// splitting into words. It measures the cost of full case folding.
func BenchmarkFoldCases(b *testing.B) {
	b.SetBytes(int64(len(tokenizeText)))
	fold := cases.Fold()
	for b.Loop() {
		s := norm.NFKD.String(tokenizeText)
		s = strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Mn, r) {
				return -1
			}
			return r
		}, s)
		strings.FieldsFunc(fold.String(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
}
