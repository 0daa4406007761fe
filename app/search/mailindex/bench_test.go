package mailindex

import (
	"testing"

	"github.com/poppymail/poppy/app/search"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

// BenchmarkIndexMessage is the cost of indexing one of fakemail's
// messages as the app does: render's parse, then search.Index.Add.
func BenchmarkIndexMessage(b *testing.B) {
	msgs := fakemail.Inbox(200)
	var size int64
	for _, m := range msgs {
		size += int64(len(m.Data))
	}
	b.SetBytes(size / int64(len(msgs)))
	ix := search.New()
	for i := 0; b.Loop(); i++ {
		m := msgs[i%len(msgs)]
		if err := ix.Add(Doc(acct, m.UID, m.Data, nil)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDoc is render's part of BenchmarkIndexMessage.
func BenchmarkDoc(b *testing.B) {
	msgs := fakemail.Inbox(200)
	for i := 0; b.Loop(); i++ {
		m := msgs[i%len(msgs)]
		Doc(acct, m.UID, m.Data, nil)
	}
}
