package mailindex

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/search/searchtest"
	"github.com/poppymail/poppy/app/store"
)

// rawCorpus is a small mailbox of raw messages, as a server sends them:
// encoded words, quoted-printable and base64 bodies, an HTML-only body,
// attachments with encoded names, a forwarded message. Each query below
// lists every message that answers it, found by reading the messages.
var rawCorpus = []struct {
	uid  string
	kept bool // arrives as a full copy, else as an opened body
	raw  string
}{
	{"m1", true, "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@verein.example>\r\n" +
		"To: Ada <ada@example.org>\r\nSubject: =?UTF-8?Q?Stra=C3=9Fenfest?=\r\nDate: Mon, 2 Jun 2025 10:00:00 +0200\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Die Gr=C3=B6=C3=9Fe des Festes =C3=BCberrascht alle. Bring den Kuchen mit.\r\n"},
	{"m2", false, "From: Shop <billing@shop.example>\r\nTo: ada@example.org\r\nSubject: Your order\r\nDate: Tue, 3 Jun 2025 10:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" +
		"<html><head><style>.zebracolour{color:red}</style></head><body><p>Your <b>parcel</b> ships on Thursday.</p><table><tr><td>Tracking</td><td>XK42</td></tr></table></body></html>\r\n"},
	{"m3", true, "From: Anna <anna@firma.example>\r\nTo: ada@example.org\r\nCc: Bob <bob@example.net>\r\nSubject: Quarterly figures\r\nDate: Wed, 4 Jun 2025 10:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		"VGhlIHNwcmVhZHNoZWV0IGhvbGRzIHRoZSBtYXJnaW5zLiBSw6l1bmlvbiBkZW1haW4u\r\n" + // "The spreadsheet holds the margins. Réunion demain."
		"--b1\r\nContent-Type: application/vnd.ms-excel\r\nContent-Disposition: attachment; filename*=UTF-8''Bilanz%C3%BCbersicht-Q3.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAA\r\n" +
		"--b1--\r\n"},
	{"m4", false, "From: Omar <omar@example.sa>\r\nTo: ada@example.org\r\nSubject: =?UTF-8?B?2YXYsdit2KjYpw==?=\r\nDate: Thu, 5 Jun 2025 10:00:00 +0000\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nمَرْحَبًا بكم في الاجتماع يوم الخميس\r\n"},
	{"m5", true, "From: Carla <carla@example.net>\r\nTo: ada@example.org\r\nSubject: Fwd: garden party\r\nDate: Fri, 6 Jun 2025 10:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n" +
		"--b2\r\nContent-Type: text/plain\r\n\r\nSee below.\r\n" +
		"--b2\r\nContent-Type: message/rfc822\r\n\r\n" +
		"From: Dieter <dieter@nachbar.example>\r\nSubject: Gartenparty\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Wir grillen W=FCrstchen am Samstag.\r\n" +
		"--b2--\r\n"},
	{"m6", false, "From: Bob <bob@example.net>\r\nTo: ada@example.org\r\nSubject: lunch\r\nDate: Sat, 7 Jun 2025 10:00:00 +0000\r\n\r\n" +
		"Pizza or sushi? The parcel from the shop came too.\r\n"},
}

var rawQueries = []struct {
	q    string
	want []string
}{
	{"grosse", []string{"m1"}},                // ß spelt out, ö without its accent, in a QP body
	{"GRÖSSE kuchen", []string{"m1"}},         // case, two words
	{"strassenfest", []string{"m1"}},          // an encoded-word subject
	{"muller", []string{"m1"}},                // an encoded display name
	{"juergen@verein", []string{"m1"}},        // an address, typed half-way
	{"parcel", []string{"m2", "m6"}},          // HTML body and plain body
	{"thursday xk42", []string{"m2"}},         // words from two table cells
	{"zebracolour", nil},                      // a style sheet is not text
	{"spreadsheet margins", []string{"m3"}},   // a base64 body
	{"reunion", []string{"m3"}},               // an accent in a base64 body
	{"bilanzubersicht", []string{"m3"}},       // an RFC 2231 attachment name
	{"xlsx", []string{"m3"}},                  //
	{"bob@example.net", []string{"m3", "m6"}}, // Cc and From
	{"مرحبا", []string{"m4"}},                 // Arabic, harakat dropped
	{"الخميس", []string{"m4"}},                //
	{"wurstchen", []string{"m5"}},             // a forwarded message's Latin-1 body
	{"gartenparty dieter", []string{"m5"}},    // its subject and sender
	{"sush", []string{"m6"}},                  // a prefix
	{"pizza parcel shop", []string{"m6"}},     // every word must match
	{"pizza thursday", nil},                   // words of two messages
	{"ada@example.org", []string{"m1", "m2", "m3", "m4", "m5", "m6"}},
}

// fillCorpus writes rawCorpus through s: kept copies with PutKeptMany,
// opened bodies with PutBody, as the app does.
func fillCorpus(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	var ks []store.Kept
	var raws [][]byte
	for _, m := range rawCorpus {
		if m.kept {
			ks = append(ks, store.Kept{UID: m.uid, ListSize: int64(len(m.raw))})
			raws = append(raws, []byte(m.raw))
			continue
		}
		if err := s.PutBody(ctx, acct, m.uid, []byte(m.raw)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.PutKeptMany(ctx, acct, ks, raws); err != nil {
		t.Fatal(err)
	}
	if err := s.Sync(ctx); err != nil {
		t.Fatal(err)
	}
}

const acct = "ada@pop.example"

func uidsOf(s *Store, q string) []string {
	rs, _ := s.Search(acct, q, 0)
	var out []string
	for _, r := range rs {
		out = append(out, r.UIDL)
	}
	slices.Sort(out)
	return out
}

// TestPrecisionRecall runs the queries over the raw corpus, parsed and
// indexed as the app does it, and wants every answer and nothing else.
func TestPrecisionRecall(t *testing.T) {
	s := New(store.NewMem(nil), nil)
	fillCorpus(t, s)
	var tally searchtest.Tally[string]
	for _, q := range rawQueries {
		tally.Add(t, q.q, uidsOf(s, q.q), q.want)
	}
	tally.Check(t)
}

func TestDocHTML(t *testing.T) {
	d := Doc(acct, "m2", []byte(rawCorpus[1].raw), nil)
	if !strings.Contains(d.Body, "parcel") || strings.Contains(d.Body, "zebracolour") || strings.Contains(d.Body, "<b>") {
		t.Fatalf("HTML body as text = %q", d.Body)
	}
}
