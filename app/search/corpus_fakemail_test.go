package search

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"sync"
	"testing"

	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

// fakemailDocs turns fakemail's realistic inbox into Docs, the way the
// app will: header fields decoded, the text part as body, attachment
// names.
func fakemailDocs(t testing.TB, n int) []Doc {
	t.Helper()
	var docs []Doc
	for _, m := range fakemail.Inbox(n) {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatal(err)
		}
		d := Doc{Key: Key{"bench@example.net", m.UID}, Subject: msg.Header.Get("Subject")}
		d.Date, _ = msg.Header.Date()
		for _, f := range []struct {
			name string
			to   *[]Address
		}{{"From", &d.From}, {"To", &d.To}, {"Cc", &d.Cc}} {
			list, _ := msg.Header.AddressList(f.name)
			for _, a := range list {
				*f.to = append(*f.to, Address{Name: a.Name, Email: a.Address})
			}
		}
		mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if !strings.HasPrefix(mt, "multipart/") {
			b, _ := io.ReadAll(msg.Body)
			d.Body = string(b)
		} else {
			r := multipart.NewReader(msg.Body, params["boundary"])
			for {
				p, err := r.NextPart()
				if err != nil {
					break
				}
				if name := p.FileName(); name != "" {
					d.Attachments = append(d.Attachments, name)
					continue
				}
				b, _ := io.ReadAll(p)
				d.Body += string(b)
			}
		}
		docs = append(docs, d)
	}
	return docs
}

// richDocs is a corpus with a large vocabulary: fakemail's is about a
// hundred words, while real mail in a few languages holds tens of
// thousands of distinct words, which is what costs index space. Words
// are drawn with a Zipf law from 50,000 made-up words, with accents.
func richDocs(n int) []Doc {
	rng := rand.New(rand.NewPCG(3, 5))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(1, 2)), 1.1, 1, 49999)
	letters := []rune("abcdefghijklmnopqrstuvwxyzéèäöüßłąęóśżćń")
	vocab := make([]string, 50000)
	for i := range vocab {
		w := make([]rune, 2+rng.IntN(9))
		for j := range w {
			w[j] = letters[rng.IntN(len(letters))]
		}
		vocab[i] = string(w)
	}
	text := func(words int) string {
		var b strings.Builder
		for i := range words {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(vocab[zipf.Uint64()])
		}
		return b.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		docs[i] = Doc{
			Key:     Key{"rich", fmt.Sprint(i)},
			Subject: text(4 + rng.IntN(6)),
			From:    []Address{{Name: text(2), Email: fmt.Sprintf("p%d@d%d.example", rng.IntN(2000), rng.IntN(300))}},
			To:      []Address{{Name: "Me", Email: "me@example.org"}},
			Body:    text(150 + rng.IntN(500)),
		}
	}
	return docs
}

var (
	benchOnce sync.Once
	benchIx   *Index
	benchSize int
)

// indexOf indexes docs and returns the index and the size of its
// marshalled segments.
func indexOf(t testing.TB, docs []Doc) (*Index, int) {
	ix := New()
	for i := range docs {
		if err := ix.Add(&docs[i]); err != nil {
			t.Fatal(err)
		}
	}
	size := 0
	for _, b := range marshalAll(t, ix) {
		size += len(b)
	}
	return ix, size
}

// TestIndexSize holds the budget: the stored index costs at most
// 30 % of the text it covers.
func TestIndexSize(t *testing.T) {
	n := 1000
	if testing.Short() {
		n = 300
	}
	for _, c := range []struct {
		name string
		docs []Doc
	}{{"fakemail", fakemailDocs(t, n)}, {"rich vocabulary", richDocs(n)}} {
		ix, size := indexOf(t, c.docs)
		st := ix.Stats()
		ratio := float64(size) / float64(st.Text)
		t.Logf("%s: %d messages, %d terms, text %d B, index %d B: %.1f %%", c.name, st.Docs, st.Terms, st.Text, size, 100*ratio)
		if ratio > 0.30 {
			t.Errorf("%s: the index is %.1f %% of the text, over the 30 %% budget", c.name, 100*ratio)
		}
	}
}
