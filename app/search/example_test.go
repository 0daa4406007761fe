package search_test

import (
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/search"
)

func Example() {
	ix := search.New()
	ix.Add(&search.Doc{
		Key:     search.Key{Account: "me@example.org", UIDL: "17"},
		Date:    time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC),
		Subject: "Réunion budgétaire",
		From:    []search.Address{{Name: "Élodie", Email: "elodie@example.fr"}},
		Body:    "Le budget du trimestre est en pièce jointe.",
	})
	// Typed without accents, in capitals, half-way through a word.
	for _, r := range ix.Search("BUDGET reun", 10) {
		fmt.Println(r.UIDL, r.Fields&search.Subject != 0, r.Fields&search.Body != 0)
	}

	// Persist: each changed segment is one record for the store.
	stored := map[int][]byte{}
	for _, n := range ix.Dirty() {
		b, _ := ix.Segment(n).MarshalBinary()
		stored[n] = b
	}
	back := search.New()
	for n, b := range stored {
		if err := back.Segment(n).UnmarshalBinary(b); err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println(len(back.Search("elodie@example.fr", 0)))
	// Output:
	// 17 true true
	// 1
}
