package pop3

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// Replay tests play back replies captured from real servers (Gmail,
// Exchange, Comcast and a LANG/UTF8 server; see testdata/transcripts,
// MIT-licensed captures from MailKit). The captures have bare LF line
// endings, which real servers also send now and then.

func transcript(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "transcripts", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// unstuffed is the body a RETR reply in a capture should yield: the
// status line and terminator removed, leading dots unstuffed.
func unstuffed(t *testing.T, reply string) []byte {
	t.Helper()
	lines := bytes.SplitAfter([]byte(reply), []byte("\n"))
	lines = lines[1:] // status line
	var out []byte
	for _, l := range lines {
		if string(l) == ".\n" || string(l) == ".\r\n" {
			return out
		}
		if len(l) > 0 && l[0] == '.' {
			l = l[1:]
		}
		out = append(out, l...)
	}
	t.Fatal("capture has no terminator")
	return nil
}

func TestReplayGmail(t *testing.T) {
	tr := func(n string) string { return transcript(t, "gmail/"+n) }
	plain := base64.StdEncoding.EncodeToString([]byte("\x00user@gmail.com\x00pw"))
	s := serveScript(t, tr("greeting.txt"),
		step{"CAPA", tr("capa1.txt")},
		step{"AUTH PLAIN", tr("plus.txt")},
		step{plain, tr("auth.txt")},
		step{"CAPA", tr("capa2.txt")},
		step{"STAT", tr("stat.txt")},
		step{"UIDL", ""},
		step{"LIST", tr("uidl.txt") + tr("list.txt")},
		step{"RETR 1", ""},
		step{"RETR 2", ""},
		step{"RETR 3", tr("retr123.txt")},
		step{"TOP 1 0", tr("top.txt")},
		step{"DELE 1", ""},
		step{"DELE 2", ""},
		step{"DELE 3", tr("dele123.txt")},
		step{"RSET", tr("rset.txt")},
		step{"NOOP", tr("noop.txt")},
		step{"QUIT", tr("quit.txt")},
	)
	c := s.dial(t, nil)
	if err := c.Login(bg, "user@gmail.com", "pw"); err != nil {
		t.Fatal(err)
	}
	caps, err := c.Capabilities(bg)
	if err != nil {
		t.Fatal(err)
	}
	if !caps.Pipelining || !caps.Expire.DeletesOnRetrieve() || caps.LoginDelay.Seconds() != 300 {
		t.Fatalf("capabilities after login = %+v", caps)
	}
	if n, size, err := c.Stat(bg); err != nil || n != 3 || size != 221409 {
		t.Fatalf("Stat = %d, %d, %v", n, size, err)
	}
	infos, hasUIDs, err := c.Inventory(bg)
	want := []MessageInfo{{1, 1024, "101"}, {2, 1025, "102"}, {3, 1026, "103"}}
	if err != nil || !hasUIDs || !reflect.DeepEqual(infos, want) {
		t.Fatalf("Inventory = %v, %v, %v", infos, hasUIDs, err)
	}
	body := unstuffed(t, tr("retr1.txt"))
	got := 0
	err = c.RetrMany(bg, []int{1, 2, 3}, func(n int, r io.Reader, err error) error {
		if err != nil {
			return err
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		if !bytes.Equal(b, body) {
			t.Errorf("message %d differs from the capture", n)
		}
		got++
		return nil
	})
	if err != nil || got != 3 {
		t.Fatalf("RetrMany = %v after %d messages", err, got)
	}
	r, err := c.Top(bg, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	hdr, _ := io.ReadAll(r)
	r.Close()
	if !bytes.Equal(hdr, unstuffed(t, tr("top.txt"))) {
		t.Fatal("TOP differs from the capture")
	}
	if err := c.DeleMany(bg, []int{1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []func() error{func() error { return c.Rset(bg) }, func() error { return c.Noop(bg) }, func() error { return c.Quit(bg) }} {
		if err := f(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReplayExchange(t *testing.T) {
	tr := func(n string) string { return transcript(t, "exchange/"+n) }
	s := serveScript(t, tr("greeting.txt"),
		step{"CAPA", tr("capa.txt")},
		step{"AUTH PLAIN", tr("plus.txt")}, // a bare "+"
		step{base64.StdEncoding.EncodeToString([]byte("\x00bob\x00pw")), tr("auth.txt")},
		step{"STAT", tr("stat.txt")},
		step{"UIDL", tr("uidl.txt")},
		step{"RETR 1", tr("retr1.txt")},
		step{"QUIT", tr("quit.txt")},
	)
	c := s.dial(t, nil)
	if err := c.Login(bg, "bob", "pw"); err != nil {
		t.Fatal(err)
	}
	if n, _, err := c.Stat(bg); err != nil || n != 7 {
		t.Fatalf("Stat = %d, %v", n, err)
	}
	uids, err := c.UIDL(bg)
	if err != nil || len(uids) != 7 || uids[6].UID != "6505" {
		t.Fatalf("UIDL = %v, %v", uids, err)
	}
	r, err := c.Retr(bg, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r)
	if !bytes.Equal(b, unstuffed(t, tr("retr1.txt"))) {
		t.Fatal("RETR differs from the capture")
	}
	if err := c.Quit(bg); err != nil {
		t.Fatal(err)
	}
}

func TestReplayComcastListQuirks(t *testing.T) {
	tr := func(n string) string { return transcript(t, "comcast/"+n) }
	s := serveScript(t, tr("greeting.txt"),
		step{"LIST", tr("list-error1.txt")}, // "7" without a size
		step{"LIST", tr("list-error2.txt")}, // a gap: 6 then 8
		step{"LIST", tr("list-error3.txt")}, // "7 ten-twenty-four"
		step{"LIST 1", tr("list1-error2.txt")},
		step{"NOOP", tr("ok.txt")},
	)
	c := s.dial(t, nil)
	l, err := c.List(bg)
	if err != nil || len(l) != 7 || l[6].Size != -1 {
		t.Fatalf("LIST with a missing size = %v, %v", l, err)
	}
	l, err = c.List(bg)
	if err != nil || len(l) != 7 || l[6].Number != 8 {
		t.Fatalf("LIST with a gap = %v, %v", l, err)
	}
	var pe *ProtocolError
	if _, err := c.List(bg); !errors.As(err, &pe) {
		t.Fatalf("LIST with a word for a size = %v, want *ProtocolError", err)
	}
	if _, err := c.ListMsg(bg, 1); !errors.As(err, &pe) {
		t.Fatalf("LIST 1 answered for message 99 = %v, want *ProtocolError", err)
	}
	// Both replies were complete, so the session is still in step.
	if err := c.Noop(bg); err != nil {
		t.Fatal(err)
	}
}

func TestReplayTruncatedMessage(t *testing.T) {
	// A capture cut off in the middle of a message, then the server hangs
	// up: the reader must fail, not return a short message as complete.
	whole := transcript(t, "gmail/retr1-parse-error.txt")
	s := serveScript(t, "+OK\n", step{"RETR 1", whole[:len(whole)/2]})
	c := s.dial(t, nil)
	r, err := c.Retr(bg, 1)
	if err != nil {
		t.Fatal(err)
	}
	c.raw.(interface{ CloseWrite() error }).CloseWrite() // let the script end
	if _, err := io.ReadAll(r); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("read = %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestReplayLang(t *testing.T) {
	tr := func(n string) string { return transcript(t, "lang/"+n) }
	s := serveScript(t, tr("greeting.txt"),
		step{"CAPA", tr("capa1.txt")},
		step{"UTF8", tr("utf8.txt")},
		step{"AUTH PLAIN", "+ \r\n"},
		step{base64.StdEncoding.EncodeToString([]byte("\x00jöns\x00lösenord")), tr("auth.txt")},
		step{"STAT", tr("stat.txt")},
	)
	c := s.dial(t, nil)
	caps, err := c.Capabilities(bg)
	if err != nil || !caps.UTF8 || !caps.UTF8User || !caps.Lang {
		t.Fatalf("caps = %+v, %v", caps, err)
	}
	_ = caps
	// "UTF8 USER" means UTF-8 credentials are accepted as they are, but
	// this server's greeting has an APOP timestamp: Login would pick APOP.
	// Use SASL PLAIN explicitly to exercise the UTF-8 path.
	if err := c.UTF8(bg); err != nil {
		t.Fatal(err)
	}
	if err := c.Authenticate(bg, newPlain("jöns", "lösenord")); err != nil {
		t.Fatal(err)
	}
	if n, _, err := c.Stat(bg); err != nil || n != 3 {
		t.Fatalf("Stat = %d, %v", n, err)
	}
}

func newPlain(user, pw string) interface {
	Start() (string, []byte, error)
	Next([]byte) ([]byte, error)
} {
	return plainMech{user, pw}
}

type plainMech struct{ user, pw string }

func (p plainMech) Start() (string, []byte, error) {
	return "PLAIN", []byte("\x00" + p.user + "\x00" + p.pw), nil
}
func (p plainMech) Next([]byte) ([]byte, error) { return nil, errors.New("unexpected challenge") }
