package pop3server

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestFullSession(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	if !regexp.MustCompile(`^\+OK poppy-pop3server ready <\d+\.\d+\.\d+@localhost>$`).MatchString(cl.greeting) {
		t.Fatalf("greeting %q lacks an APOP timestamp", cl.greeting)
	}

	cl.ok("CAPA")
	wantCaps := "TOP\r\nUIDL\r\nUSER\r\nSASL PLAIN\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\nEXPIRE NEVER\r\nIMPLEMENTATION poppy-pop3server\r\n"
	if got := cl.multi(); got != wantCaps {
		t.Fatalf("CAPA =\n%s\nwant\n%s", got, wantCaps)
	}

	cl.login("alice", "secret")
	size1, size2, size3 := len(msg1.Data), len(msg2CRLF), len(msg3.Data)
	total := size1 + size2 + size3
	if got, want := cl.ok("STAT"), fmt.Sprintf("+OK 3 %d", total); got != want {
		t.Fatalf("STAT = %q, want %q", got, want)
	}

	cl.ok("LIST")
	if got, want := cl.multi(), fmt.Sprintf("1 %d\r\n2 %d\r\n3 %d\r\n", size1, size2, size3); got != want {
		t.Fatalf("LIST = %q, want %q", got, want)
	}
	if got, want := cl.ok("LIST 2"), fmt.Sprintf("+OK 2 %d", size2); got != want {
		t.Fatalf("LIST 2 = %q, want %q", got, want)
	}
	cl.ok("UIDL")
	if got := cl.multi(); got != "1 uid-1\r\n2 uid-2\r\n3 uid-3\r\n" {
		t.Fatalf("UIDL = %q", got)
	}
	if got := cl.ok("UIDL 3"); got != "+OK 3 uid-3" {
		t.Fatalf("UIDL 3 = %q", got)
	}

	cl.ok("RETR 1")
	if got := cl.multi(); got != string(msg1.Data) {
		t.Fatalf("RETR 1 = %q", got)
	}
	cl.ok("TOP 1 0")
	if got := cl.multi(); got != "From: a@example.org\r\nSubject: one\r\n\r\n" {
		t.Fatalf("TOP 1 0 = %q", got)
	}
	cl.ok("NOOP")
	cl.ok("CAPA")
	if got := cl.multi(); strings.Contains(got, "USER") || strings.Contains(got, "SASL") {
		t.Fatalf("CAPA after login still offers login mechanisms:\n%s", got)
	}
	if got := cl.ok("QUIT"); got != "+OK poppy-pop3server signing off (3 messages left)" {
		t.Fatalf("QUIT = %q", got)
	}
	cl.expectEOF()
}

func TestCommandsAreCaseInsensitive(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.ok("user alice")
	cl.ok("Pass secret")
	cl.ok("stat")
	cl.ok("uIdL 1")
	cl.ok("quit")
}

// TestDotStuffing checks both the wire form (stuffed) and that a client
// that unstuffs gets exactly LIST-size octets.
func TestDotStuffing(t *testing.T) {
	data := "Subject: dots\r\n\r\n.\r\n..two\r\n.hidden\r\nnormal\r\n. space\r\n"
	s := New(nil)
	if err := s.AddUser("bob", "pw", Message{UID: "d", Data: []byte(data)}); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cl := dial(t, addr)
	cl.login("bob", "pw")

	if got, want := cl.ok("LIST 1"), fmt.Sprintf("+OK 1 %d", len(data)); got != want {
		t.Fatalf("LIST 1 = %q, want %q", got, want)
	}
	cl.ok("RETR 1")
	var raw []string
	for {
		l := cl.line()
		if l == "." {
			break
		}
		raw = append(raw, l)
	}
	wantRaw := []string{"Subject: dots", "", "..", "...two", "..hidden", "normal", ".. space"}
	if !slices.Equal(raw, wantRaw) {
		t.Fatalf("wire lines = %q, want %q", raw, wantRaw)
	}
	cl.ok("RETR 1")
	if got := cl.multi(); got != data || len(got) != len(data) {
		t.Fatalf("unstuffed RETR = %q, want %q", got, data)
	}
	cl.ok("TOP 1 1")
	if got := cl.multi(); got != "Subject: dots\r\n\r\n.\r\n" {
		t.Fatalf("TOP 1 1 = %q", got)
	}
}

func TestTopOf(t *testing.T) {
	const m = "A: 1\r\nB: 2\r\n\r\nl1\r\nl2\r\nl3\r\n"
	tests := []struct {
		name, data string
		n          int
		want       string
	}{
		{"zero lines", m, 0, "A: 1\r\nB: 2\r\n\r\n"},
		{"one line", m, 1, "A: 1\r\nB: 2\r\n\r\nl1\r\n"},
		{"all lines", m, 3, m},
		{"more than the body", m, 1 << 40, m},
		{"no body", "A: 1\r\nB: 2\r\n", 5, "A: 1\r\nB: 2\r\n"},
		{"empty body", "A: 1\r\n\r\n", 5, "A: 1\r\n\r\n"},
		{"no header", "\r\nbody\r\nmore\r\n", 1, "\r\nbody\r\n"},
		{"empty message", "", 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(topOf([]byte(tt.data), tt.n)); got != tt.want {
				t.Fatalf("topOf(%q, %d) = %q, want %q", tt.data, tt.n, got, tt.want)
			}
		})
	}
}

func TestTopOverTheWire(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.login("alice", "secret")
	cl.ok("TOP 2 1")
	if got, want := cl.multi(), "From: b@example.org\r\nSubject: two\r\n\r\n.dot line\r\n"; got != want {
		t.Fatalf("TOP 2 1 = %q, want %q", got, want)
	}
	cl.ok("TOP 1 99999999999999999999999")
	if got := cl.multi(); got != string(msg1.Data) {
		t.Fatalf("TOP with a huge count = %q", got)
	}
	for _, bad := range []string{"TOP 1", "TOP 1 -1", "TOP 1 x", "TOP 1 2 3"} {
		cl.fail(bad, " ")
	}
}

func TestDeletedMessagesAreHidden(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.login("alice", "secret")
	if got := cl.ok("DELE 2"); got != "+OK message 2 deleted" {
		t.Fatalf("DELE 2 = %q", got)
	}
	for _, c := range []string{"RETR 2", "TOP 2 0", "LIST 2", "UIDL 2", "DELE 2"} {
		cl.fail(c, " ")
	}
	cl.ok("LIST")
	if got, want := cl.multi(), fmt.Sprintf("1 %d\r\n3 %d\r\n", len(msg1.Data), len(msg3.Data)); got != want {
		t.Fatalf("LIST after DELE 2 = %q, want %q (original numbers kept)", got, want)
	}
	cl.ok("UIDL")
	if got := cl.multi(); got != "1 uid-1\r\n3 uid-3\r\n" {
		t.Fatalf("UIDL after DELE 2 = %q", got)
	}
	if got, want := cl.ok("STAT"), fmt.Sprintf("+OK 2 %d", len(msg1.Data)+len(msg3.Data)); got != want {
		t.Fatalf("STAT = %q, want %q", got, want)
	}
	cl.ok("RETR 3")
	if got := cl.multi(); got != string(msg3.Data) {
		t.Fatalf("RETR 3 = %q", got)
	}
}

func TestMessageNumberErrors(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.login("alice", "secret")
	tests := []struct{ line, want string }{
		{"RETR 0", "-ERR no such message"},
		{"RETR 4", "-ERR no such message"},
		{"RETR 99999999999999999999999", "-ERR no such message"},
		{"RETR -1", "-ERR invalid message number"},
		{"RETR +1", "-ERR invalid message number"},
		{"RETR 1x", "-ERR invalid message number"},
		{"RETR", "-ERR syntax: RETR msg"},
		{"RETR 1 2", "-ERR syntax: RETR msg"},
		{"LIST 1 2", "-ERR syntax: LIST [msg]"},
		{"DELE", "-ERR syntax: DELE msg"},
		{"STAT 1", "-ERR syntax: STAT"},
		{"QUIT now", "-ERR syntax: QUIT"},
	}
	for _, tt := range tests {
		if got := cl.cmd(tt.line); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.line, got, tt.want)
		}
	}
	cl.ok("NOOP") // the session survives all of them
}

func TestCommandsOutOfState(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	for _, c := range []string{"STAT", "LIST", "RETR 1", "NOOP", "RSET", "DELE 1", "PASS secret"} {
		cl.fail(c, " ")
	}
	cl.fail("XYZZY", " unknown command")
	cl.fail("", " unknown command")
	cl.login("alice", "secret")
	for _, c := range []string{"USER alice", "PASS secret", "APOP alice 0123", "AUTH PLAIN", "STLS"} {
		cl.fail(c, " ")
	}
	cl.ok("STAT")
}

func TestTooManyBadCommandsCloses(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	for range maxBadCommands - 1 {
		cl.fail("BOGUS", " unknown command")
	}
	cl.fail("BOGUS", " too many bad commands")
	cl.expectEOF()
}

func TestOverlongCommandLine(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)

	// 255 octets with the CRLF is the limit of RFC 2449 §4 and is fine.
	atLimit := "USER " + strings.Repeat("a", maxCommandLine-2-len("USER "))
	cl.ok(atLimit)
	cl.fail(atLimit+"a", " line too long")

	// A huge line is skipped without being stored, and the session goes on.
	cl.send(strings.Repeat("x", 1<<20))
	if got := cl.line(); got != "-ERR line too long" {
		t.Fatalf("1 MiB line: %q", got)
	}
	cl.login("alice", "secret")
	cl.ok("NOOP")
}

func TestBareLFCommandsAccepted(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	if _, err := cl.c.Write([]byte("USER alice\nPASS secret\n")); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if got := cl.line(); !strings.HasPrefix(got, "+OK") {
			t.Fatalf("got %q", got)
		}
	}
}

// TestPasswordWithSpaces: PASS takes the rest of the line (RFC 1939 §7).
func TestPasswordWithSpaces(t *testing.T) {
	s := New(nil)
	if err := s.AddUser("carol", "two words "); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cl := dial(t, addr)
	cl.ok("USER carol")
	cl.fail("PASS two words", " [AUTH]")
	cl.ok("USER carol")
	if got := cl.ok("PASS two words "); got != "+OK maildrop has 0 messages (0 octets)" {
		t.Fatalf("PASS = %q", got)
	}
}
