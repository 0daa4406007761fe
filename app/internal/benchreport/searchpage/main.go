//go:build js && wasm

// Command searchpage is the page that measures body search for `make
// bench` (app/internal/benchreport, search.go) in Chromium: it makes
// 10,000 messages of about 10 KB of text (100 MB), indexes them with
// package search, writes the index's segments to IndexedDB through
// store.IDB (the searchidx store) and reads them back into a fresh index,
// then times that index's Search for each keystroke of a few queries,
// as the search box calls it (every result, no limit). It publishes its
// figures as JSON in window.__searchBench.
//
// The messages are made in the page, not fetched through the full copy:
// 100 MB through the bridge would take minutes and measure the copy, not
// the search. Their words follow a Zipf law over 50,000 made-up words
// with accents, as mail in a few languages holds tens of thousands of
// distinct words (a small vocabulary would flatter the index's size).
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall/js"
	"time"

	"github.com/poppymail/poppy/app/search"
	"github.com/poppymail/poppy/app/store"
)

const (
	messages = 10000
	bodySize = 10000 // bytes of body text per message
	account  = "bench@example.net"
)

// Result is what the page publishes.
type Result struct {
	Messages   int
	TextBytes  int64
	IndexBytes int64
	Segments   int
	BuildMS    float64 // indexing every message
	StoreMS    float64 // writing the segments to IndexedDB
	LoadMS     float64 // reading them back into a new index
	Queries    []string
	KeyMS      []float64 // per keystroke, in typing order
	Hits       []int     // results of each keystroke
	Err        string
}

func main() {
	r, err := run()
	if err != nil {
		r.Err = err.Error()
	}
	b, _ := json.Marshal(r)
	js.Global().Set("__searchBench", string(b))
	select {}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func run() (Result, error) {
	var r Result
	ctx := context.Background()
	g := newGen()

	start := time.Now()
	ix := search.New()
	for i := range messages {
		if err := ix.Add(g.doc(i)); err != nil {
			return r, err
		}
	}
	r.BuildMS = ms(time.Since(start))
	st := ix.Stats()
	r.Messages, r.TextBytes = st.Docs, st.Text

	chunks := map[int][]byte{}
	for _, n := range ix.Dirty() {
		b, err := ix.Segment(n).MarshalBinary()
		if err != nil {
			return r, err
		}
		chunks[n] = b
		r.IndexBytes += int64(len(b))
	}
	r.Segments = len(chunks)
	db, err := store.OpenIDB(ctx, "poppy-search-bench", nil)
	if err != nil {
		return r, err
	}
	defer db.Close()
	start = time.Now()
	if err := db.PutSearchChunks(ctx, account, chunks); err != nil {
		return r, err
	}
	r.StoreMS = ms(time.Since(start))
	start = time.Now()
	back, err := db.SearchChunks(ctx, account)
	if err != nil {
		return r, err
	}
	loaded := search.New()
	for n, b := range back {
		if err := loaded.Segment(n).UnmarshalBinary(b); err != nil {
			return r, err
		}
	}
	loaded.Warm() // as mailindex does once it has read an index
	r.LoadMS = ms(time.Since(start))
	if got := loaded.Stats().Docs; got != messages {
		return r, fmt.Errorf("the index read back from IndexedDB holds %d messages, want %d", got, messages)
	}

	for _, q := range g.queries() {
		for i := 1; i <= len(q); i++ {
			typed := q[:i]
			if !utf8Boundary(q, i) {
				continue // half a character is not a keystroke
			}
			start := time.Now()
			res := loaded.Search(typed, 0)
			r.KeyMS = append(r.KeyMS, ms(time.Since(start)))
			r.Hits = append(r.Hits, len(res))
			r.Queries = append(r.Queries, typed)
		}
	}
	return r, nil
}

func utf8Boundary(s string, i int) bool { return i == len(s) || s[i]&0xC0 != 0x80 }

// gen makes the messages, the same on every run (fixed seeds).
type gen struct {
	rng   *rand.Rand
	zipf  *rand.Zipf
	vocab []string
	addr  string // a sender's address, to type in a query
}

func newGen() *gen {
	rng := rand.New(rand.NewPCG(13, 17))
	letters := []rune("abcdefghijklmnopqrstuvwxyzéèäöüßłąęóśżćń")
	vocab := make([]string, 50000)
	for i := range vocab {
		w := make([]rune, 3+rng.IntN(8))
		for j := range w {
			w[j] = letters[rng.IntN(len(letters))]
		}
		vocab[i] = string(w)
	}
	return &gen{rng: rng, zipf: rand.NewZipf(rand.New(rand.NewPCG(19, 23)), 1.1, 1, uint64(len(vocab)-1)), vocab: vocab}
}

func (g *gen) text(b *strings.Builder, size int) {
	for start := b.Len(); b.Len()-start < size; {
		b.WriteString(g.vocab[g.zipf.Uint64()])
		if g.rng.IntN(12) == 0 {
			b.WriteString(".\n")
		} else {
			b.WriteByte(' ')
		}
	}
}

func (g *gen) words(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g.vocab[g.zipf.Uint64()])
	}
	return b.String()
}

func (g *gen) doc(i int) *search.Doc {
	var body strings.Builder
	body.Grow(bodySize + 16)
	g.text(&body, bodySize)
	d := &search.Doc{
		Key:     search.Key{Account: account, UIDL: fmt.Sprintf("uid-%06d", i+1)},
		Date:    time.Date(2025, 2, 1, 7, 30, 0, 0, time.UTC).Add(time.Duration(i) * 41 * time.Minute),
		Subject: g.words(4 + g.rng.IntN(6)),
		From:    []search.Address{{Name: g.words(2), Email: fmt.Sprintf("p%d@d%d.example", g.rng.IntN(2000), g.rng.IntN(300))}},
		To:      []search.Address{{Name: "Bench", Email: account}},
		Body:    body.String(),
	}
	if i == messages/2 {
		g.addr = d.From[0].Email
	}
	if i%10 == 0 {
		d.Attachments = []string{g.words(1) + ".pdf"}
	}
	return d
}

// queries are typed one key at a time: a frequent word then a rarer
// one, a rare word, an accented one, and an address.
func (g *gen) queries() []string {
	byLen := func(from int) string {
		for _, w := range g.vocab[from:] {
			if len([]rune(w)) >= 6 {
				return w
			}
		}
		return g.vocab[from]
	}
	accented := ""
	for _, w := range g.vocab[200:] {
		if strings.ContainsAny(w, "éäöüłśż") && len([]rune(w)) >= 5 {
			accented = w
			break
		}
	}
	qs := []string{
		byLen(20) + " " + byLen(2000),
		byLen(30000),
		accented,
		g.addr,
	}
	return slices.DeleteFunc(qs, func(q string) bool { return q == "" })
}
