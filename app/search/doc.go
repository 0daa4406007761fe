// Package search is a full-text index of the messages kept on the
// device: subjects, addresses and names (RFC 5322 §3.4), plain-text
// bodies and attachment names, searched offline as the person types.
//
// # Why not a library
//
// blevesearch/bleve v2.6.3, the well-kept Go search library, does not
// build for js/wasm at all (its go.etcd.io/bbolt dependency needs flock
// and mmap). Natively, a program that indexes one document in a bleve
// memory index is 21.3 MB against 2.4 MB for the same program printing
// with fmt: some 19 MB of analyzers, roaring bitmaps, a query parser and
// a JSON document mapping, against a web app that has almost no room
// left in its 2.5 MB brotli budget. This package adds 0.2 MB to that
// native program and 57 KB brotli to a js/wasm one (measured on
// 2026-12-06 with Go 1.26.8). What Poppy needs is small: one language-neutral tokenizer,
// prefix matching, AND, a simple rank, and chunks to persist. This
// package does that in a few hundred lines.
//
// # Terms
//
// A term is a run of letters, digits and spacing marks, decomposed by
// NFKD with its combining marks (accents, Arabic harakat) dropped and
// each rune folded by ToLower(ToUpper(r)); a few letters that NFKD keeps
// whole are spelt out (ß as ss, ł as l, ø as o). Han, Hiragana and
// Katakana, written without spaces, are cut into overlapping bigrams,
// plus the run's last character alone: "東京都" gives 東京, 京都, 都.
// Bigrams rather than single ideographs because a two-character query
// then matches those two characters side by side, not anywhere in the
// message, at about the same cost (one term per character either way);
// and since every character begins some term, a one-character query finds
// it by prefix. Thai, Lao, Khmer and Burmese runs are kept whole (no
// dictionary segmentation). An e-mail address is a term whole
// (anna@example.org) and by its words (anna, example, org).
//
// # Index
//
// Each term maps to its postings: the document ids holding it, in order,
// each with the fields it was found in. Search takes every query word as
// a prefix: a binary search in the sorted term list gives the range of
// terms that start with it, whose postings are merged; the words' sets
// are intersected. Results rank by the number of (word, field) matches,
// then by date, newest first.
//
// Document ids are given in the order messages are added, and the index
// is cut into segments of SegmentDocs ids. Adding a message changes only
// the last segment and removing one only its own, so a store writes back
// one small record per change (Dirty, Segment, MarshalBinary). A segment
// holds its messages' keys and its terms front-coded, each with its
// postings as varints of the id delta and the field mask. A removed
// message stays as a one-byte tombstone, so that ids keep their places.
package search
