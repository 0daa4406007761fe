// Package searchtest scores a search against known answers, for the
// precision and recall tests of package search and its users.
package searchtest

import (
	"slices"
	"testing"
)

// Tally counts, over queries, the answers found, those expected and
// those found rightly.
type Tally[K comparable] struct {
	queries, found, relevant, correct int
}

// Add scores one query: got are the answers found, want every answer
// there is. Each wrong or missing answer is reported to t.
func (c *Tally[K]) Add(t testing.TB, q string, got, want []K) {
	t.Helper()
	for _, k := range got {
		if slices.Contains(want, k) {
			c.correct++
		} else {
			t.Errorf("Search(%q) found %v, which does not answer it", q, k)
		}
	}
	for _, k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("Search(%q) missed %v", q, k)
		}
	}
	c.queries++
	c.found += len(got)
	c.relevant += len(want)
}

// Check logs precision and recall and fails t unless both are 1.
func (c *Tally[K]) Check(t testing.TB) {
	t.Helper()
	precision := float64(c.correct) / float64(c.found)
	recall := float64(c.correct) / float64(c.relevant)
	t.Logf("precision %.3f, recall %.3f over %d queries", precision, recall, c.queries)
	if precision != 1 || recall != 1 {
		t.Fatalf("precision %.3f and recall %.3f, want 1.0 and 1.0", precision, recall)
	}
}
