package search

import (
	"cmp"
	"slices"
)

// maxQueryTerms bounds the words of a query that count; more would not
// narrow the results in practice.
const maxQueryTerms = 16

// Search returns the live messages that hold every word of q, each as a
// prefix of some term (so "meet" finds "meeting"), best first: most
// (word, field) matches, then newest. limit <= 0 means no limit.
func (ix *Index) Search(q string, limit int) []Result {
	words := QueryTerms(q)
	slices.Sort(words)
	words = slices.Compact(words)
	// A word that is a prefix of another in the query adds nothing.
	words = slices.DeleteFunc(words, func(w string) bool {
		for _, o := range words {
			if o != w && len(o) > len(w) && o[:len(w)] == w {
				return true
			}
		}
		return false
	})
	if len(words) == 0 {
		return nil
	}
	if len(words) > maxQueryTerms {
		words = words[:maxQueryTerms]
	}

	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := len(ix.docs)
	hits := make([]uint8, n) // query words matched so far
	score := make([]uint16, n)
	found := make([]Field, n) // fields matched by any word
	seen := make([]Field, n)  // fields matched by the current word
	var touched []uint32
	for wi, w := range words {
		touched = touched[:0]
		for _, t := range ix.prefixRange(w) {
			for _, p := range ix.terms[t] {
				if int(hits[p.doc]) != wi {
					continue // missed an earlier word
				}
				if seen[p.doc] == 0 {
					touched = append(touched, p.doc)
				}
				seen[p.doc] |= p.fields
			}
		}
		if len(touched) == 0 {
			return nil
		}
		for _, d := range touched {
			hits[d]++
			score[d] += uint16(seen[d].count())
			found[d] |= seen[d]
			seen[d] = 0
		}
	}

	var ids []uint32
	for _, d := range touched {
		if ix.docs[d].live {
			ids = append(ids, d)
		}
	}
	slices.SortFunc(ids, func(a, b uint32) int {
		return cmp.Or(
			cmp.Compare(score[b], score[a]),
			cmp.Compare(ix.docs[b].date, ix.docs[a].date),
			cmp.Compare(b, a),
		)
	})
	if limit > 0 && len(ids) > limit {
		ids = ids[:limit]
	}
	out := make([]Result, len(ids))
	for i, d := range ids {
		out[i] = Result{Key: ix.docs[d].key, Fields: found[d], Score: int(score[d])}
	}
	return out
}
