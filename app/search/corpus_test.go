package search

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/search/searchtest"
)

// fixedCorpus is a small mailbox in several languages whose answers are
// known by reading it.
var fixedCorpus = []Doc{
	{Key: Key{"a", "1"}, Subject: "Quarterly budget review", From: []Address{{"Anna Müller", "anna.mueller@firma.de"}}, To: []Address{{"Bob", "bob@example.org"}}, Body: "Please find the budget draft attached. Meeting on Friday.", Attachments: []string{"Budget-Q3.xlsx"}},
	{Key: Key{"a", "2"}, Subject: "Réunion à Paris", From: []Address{{"Élodie Fabre", "elodie@exemple.fr"}}, Body: "Le café est prêt, la réunion commence à neuf heures."},
	{Key: Key{"a", "3"}, Subject: "Spotkanie w Łodzi", From: []Address{{"Paweł Żółtowski", "pawel@poczta.pl"}}, Body: "Zażółć gęślą jaźń. Do zobaczenia w Łodzi."},
	{Key: Key{"a", "4"}, Subject: "Straßenfest am Samstag", From: []Address{{"Jürgen", "juergen@verein.de"}}, Cc: []Address{{"Anna Müller", "anna.mueller@firma.de"}}, Body: "Die Größe des Festes überrascht alle."},
	{Key: Key{"a", "5"}, Subject: "Привет из Москвы", From: []Address{{"Ёлкин Иван", "ivan@pochta.ru"}}, Body: "Встреча в пятницу. Ёлка уже стоит."},
	{Key: Key{"a", "6"}, Subject: "مرحبا", From: []Address{{"Omar", "omar@example.sa"}}, Body: "مَرْحَبًا بكم في الاجتماع"},
	{Key: Key{"a", "7"}, Subject: "東京都の会議", From: []Address{{"山田", "yamada@example.jp"}}, Body: "来週、東京で会議があります。"},
	{Key: Key{"a", "8"}, Subject: "京都旅行", From: []Address{{"佐藤", "sato@example.jp"}}, Body: "京都の写真を送ります。", Attachments: []string{"写真.zip"}},
	{Key: Key{"b", "1"}, Subject: "Invoice 2024-113", From: []Address{{"Billing", "billing@shop.example"}}, To: []Address{{"Bob", "bob@example.org"}}, Body: "Your invoice is attached.", Attachments: []string{"invoice-2024-113.pdf"}},
	{Key: Key{"b", "2"}, Subject: "Re: meeting notes", From: []Address{{"Bob", "bob@example.org"}}, Body: "Notes from the meeting: action items below. Contact anna.mueller@firma.de for the budget."},
	{Key: Key{"b", "3"}, Subject: "Holiday photos", From: []Address{{"Carla", "carla@example.net"}}, Body: "Photos from the garden party."},
}

func corpusIndex(t testing.TB) *Index {
	ix := New()
	for i := range fixedCorpus {
		d := fixedCorpus[i]
		d.Date = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
		if err := ix.Add(&d); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// corpusQueries are queries with every message that answers them.
var corpusQueries = []struct {
	q    string
	want []Key
}{
	{"budget", []Key{{"a", "1"}, {"b", "2"}}},
	{"BUDGET draft", []Key{{"a", "1"}}},
	{"reunion", []Key{{"a", "2"}}},
	{"réunion café", []Key{{"a", "2"}}},
	{"lodzi", []Key{{"a", "3"}}},
	{"łódź", []Key{{"a", "3"}}}, // "lodz" is a prefix of "Łodzi"
	{"zazolc gesla", []Key{{"a", "3"}}},
	{"strasse", []Key{{"a", "4"}}},
	{"größe", []Key{{"a", "4"}}},
	{"grosse", []Key{{"a", "4"}}},
	{"ёлка", []Key{{"a", "5"}}},
	{"елк", []Key{{"a", "5"}}}, // prefix of "ёлкин" and "ёлка", same message
	{"пятниц", []Key{{"a", "5"}}},
	{"مرحبا", []Key{{"a", "6"}}},
	{"الاجتماع", []Key{{"a", "6"}}},
	{"東京", []Key{{"a", "7"}}},
	{"京都", []Key{{"a", "7"}, {"a", "8"}}}, // 東京都 holds 京都
	{"写真", []Key{{"a", "8"}}},
	{"会議", []Key{{"a", "7"}}},
	{"anna.mueller@firma.de", []Key{{"a", "1"}, {"a", "4"}, {"b", "2"}}},
	{"anna.mueller@fi", []Key{{"a", "1"}, {"a", "4"}, {"b", "2"}}},
	{"muller", []Key{{"a", "1"}, {"a", "4"}}},
	{"bob@example.org", []Key{{"a", "1"}, {"b", "1"}, {"b", "2"}}},
	{"invoice 113", []Key{{"b", "1"}}},
	{"xlsx", []Key{{"a", "1"}}},
	{"meet", []Key{{"a", "1"}, {"b", "2"}}},
	{"photo garden", []Key{{"b", "3"}}},
	{"nothing-here", nil},
}

func TestPrecisionRecall(t *testing.T) {
	ix := corpusIndex(t)
	var tally searchtest.Tally[Key]
	for _, q := range corpusQueries {
		var got []Key
		for _, r := range ix.Search(q.q, 0) {
			got = append(got, r.Key)
		}
		tally.Add(t, q.q, got, q.want)
	}
	tally.Check(t)
}

func TestSearchRanking(t *testing.T) {
	ix := corpusIndex(t)
	// "budget" is in a/1's subject, body and attachment, in b/2's body.
	got := ix.Search("budget", 0)
	if len(got) != 2 || got[0].Key != (Key{"a", "1"}) || got[0].Fields != Subject|Body|Attachment || got[1].Fields != Body {
		t.Fatalf("Search(budget) = %+v, want a/1 (subject, body, attachment) before b/2 (body)", got)
	}
	// Equal scores: newer first. b/1 and b/2 are newer than a/1.
	got = ix.Search("bob", 0)
	var keys []Key
	for _, r := range got {
		keys = append(keys, r.Key)
	}
	if !slices.Equal(keys, []Key{{"b", "2"}, {"b", "1"}, {"a", "1"}}) {
		t.Fatalf("Search(bob) order = %v, want newest first", keys)
	}
	if got := ix.Search("bob", 1); len(got) != 1 {
		t.Fatalf("limit 1 gave %d results", len(got))
	}
}

func TestPrefix(t *testing.T) {
	ix := corpusIndex(t)
	for _, tt := range []struct {
		q    string
		want int
	}{
		{"m", 3}, {"me", 2}, {"mee", 2}, {"meeting", 2}, {"meetings", 0},
		{"inv", 1}, {"京", 2}, {"東", 1}, {"", 0}, {"   ", 0},
	} {
		if got := ix.Search(tt.q, 0); len(got) != tt.want {
			t.Errorf("Search(%q) found %d, want %d: %+v", tt.q, len(got), tt.want, got)
		}
	}
}

func TestRemoveAndReplace(t *testing.T) {
	ix := corpusIndex(t)
	// Positive control: the message is found before it is removed.
	if got := ix.Search("photos garden", 0); len(got) != 1 {
		t.Fatalf("before removal found %d, want 1", len(got))
	}
	if !ix.Remove(Key{"b", "3"}) {
		t.Fatal("Remove of an indexed message reported false")
	}
	if ix.Remove(Key{"b", "3"}) {
		t.Fatal("second Remove reported true")
	}
	if got := ix.Search("photos garden", 0); len(got) != 0 {
		t.Fatalf("after removal found %+v", got)
	}
	// Adding a new version replaces the old one.
	if err := ix.Add(&Doc{Key: Key{"b", "1"}, Subject: "Credit note"}); err != nil {
		t.Fatal(err)
	}
	if got := ix.Search("invoice", 0); len(got) != 0 {
		t.Fatalf("old version still found: %+v", got)
	}
	if got := ix.Search("credit", 0); len(got) != 1 || got[0].Key != (Key{"b", "1"}) {
		t.Fatalf("new version not found: %+v", got)
	}
	if st := ix.Stats(); st.Docs != len(fixedCorpus)-1 {
		t.Fatalf("Stats().Docs = %d, want %d", st.Docs, len(fixedCorpus)-1)
	}
	if err := ix.Add(&Doc{}); err != ErrNoKey {
		t.Fatalf("Add without UIDL = %v, want ErrNoKey", err)
	}
}

// TestConcurrent adds messages while searching, as the app will when
// copies arrive while the person types; run with -race.
func TestConcurrent(t *testing.T) {
	ix := corpusIndex(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			ix.Add(&Doc{Key: Key{"c", fmt.Sprint(i)}, Body: fmt.Sprintf("arrived word%d", i)})
		}
	}()
	for range 50 {
		ix.Search("arr", 10)
	}
	<-done
	if got := len(ix.Search("arrived", 0)); got != 200 {
		t.Fatalf("found %d of 200 added while searching", got)
	}
}
