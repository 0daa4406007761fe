package fakemail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"net/mail"
	"strings"
	"testing"
)

// parts walks a multipart body and returns each leaf part's content type
// and decoded content.
func parts(t *testing.T, ctype string, body io.Reader) map[string][]byte {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	if !strings.HasPrefix(mt, "multipart/") {
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		out[mt] = b
		return out
	}
	mr := multipart.NewReader(body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "base64" {
			r = base64.NewDecoder(base64.StdEncoding, p)
		}
		for k, v := range parts(t, p.Header.Get("Content-Type"), r) {
			out[k] = v
		}
	}
}

func TestLarge(t *testing.T) {
	for _, size := range []int{largeMin, largeMin + 1, largeMin + 77, 1 << 20, 10<<20 + 3} {
		m := Large(size)
		if len(m) != size {
			t.Fatalf("Large(%d) is %d octets", size, len(m))
		}
		if !bytes.HasSuffix(m, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(m, []byte("\r\n"), nil), []byte("\n")) {
			t.Fatalf("Large(%d) has a bare LF or does not end in CRLF", size)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(m))
		if err != nil {
			t.Fatal(err)
		}
		if msg.Header.Get("Subject") != LargeSubject {
			t.Fatalf("Subject = %q", msg.Header.Get("Subject"))
		}
		// Every part is well formed; the attachments (decoded as base64,
		// which fails on a bad line) fill most of the message.
		ps := parts(t, msg.Header.Get("Content-Type"), msg.Body)
		for _, want := range []string{"text/plain", "text/html", "application/pdf", "image/jpeg"} {
			if _, ok := ps[want]; !ok {
				t.Fatalf("Large(%d) has no %s part (has %d parts)", size, want, len(ps))
			}
		}
		if got := len(ps["application/pdf"]) + len(ps["image/jpeg"]); size > 1<<20 && float64(got) < 0.7*float64(size) {
			t.Fatalf("Large(%d): attachments hold only %d octets", size, got)
		}
		if !bytes.Contains(m, []byte("\r\n...")) {
			t.Fatalf("Large(%d) has no line that starts with a dot", size)
		}
	}
}

func TestInbox(t *testing.T) {
	a, b := Inbox(30), Inbox(31)
	for i := range a {
		if a[i].UID != b[i].UID || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("message %d differs between Inbox(30) and Inbox(31)", i)
		}
	}
	seen := map[string]bool{}
	dots := 0
	for i, m := range b {
		if m.UID != UID(i) || len(m.UID) != len(UID(0)) || seen[m.UID] {
			t.Fatalf("message %d has UID %q", i, m.UID)
		}
		seen[m.UID] = true
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatalf("message %d: %v", i, err)
		}
		if h := HeaderSize(m.Data); h < 800 || h > 1600 {
			t.Fatalf("message %d: header section of %d octets, want about 1 KB", i, h)
		}
		if body := len(m.Data) - HeaderSize(m.Data); body < 1000 || body > 5000 {
			t.Fatalf("message %d: body of %d octets, want 1 to 4 KB", i, body)
		}
		ps := parts(t, msg.Header.Get("Content-Type"), msg.Body)
		if _, ok := ps["application/pdf"]; ok != (i%10 == 0) {
			t.Fatalf("message %d: attachment %v, want one on every tenth", i, ok)
		}
		dots += bytes.Count(m.Data, []byte("\r\n."))
	}
	if dots == 0 {
		t.Fatal("no line of the inbox starts with a dot")
	}
}

func TestHeaderSize(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		want int
	}{{"A: b\r\n\r\nbody\r\n", 8}, {"A: b\r\n", 6}, {"\r\n\r\n", 4}} {
		if got := HeaderSize([]byte(tc.msg)); got != tc.want {
			t.Errorf("HeaderSize(%q) = %d, want %d", tc.msg, got, tc.want)
		}
	}
}

func TestRetrReply(t *testing.T) {
	msg := []byte("A: b\r\n\r\n.one\r\ntwo\r\n..three\r\n")
	want := "+OK 28 octets\r\nA: b\r\n\r\n..one\r\ntwo\r\n...three\r\n.\r\n"
	if got := string(RetrReply(msg)); got != want {
		t.Fatalf("RetrReply = %q, want %q", got, want)
	}
}
