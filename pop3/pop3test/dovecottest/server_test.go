//go:build unix

package dovecottest

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func TestGreetingAndLogin(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	if s.User != DefaultUser || s.Password != DefaultPassword {
		t.Fatalf("credentials %q/%q, want defaults", s.User, s.Password)
	}
	c := dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	if got := c.ok("STAT"); got != "+OK 0 0" {
		t.Errorf("STAT on an empty maildir = %q", got)
	}
	c.ok("QUIT")
}

func TestExtraOverridesDefaults(t *testing.T) {
	t.Parallel()
	s := Start(t, &Config{Extra: "login_greeting = Poppy interop ready."})
	if g := dial(t, s.Addr, nil).greeting; !strings.Contains(g, "Poppy interop ready.") {
		t.Fatalf("greeting %q does not carry the Extra login_greeting", g)
	}
}

func TestWrongPasswordIsRefused(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c := dial(t, s.Addr, nil)
	c.ok("USER " + s.User)
	if got := c.cmd("PASS not-" + s.Password); !strings.HasPrefix(got, "-ERR") {
		t.Fatalf("PASS with a wrong password = %q, want -ERR", got)
	}
}

func TestDeliverStatRetrAreByteExact(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	msgs := [][]byte{
		[]byte("Subject: crlf\r\n\r\nhello\r\n"),
		[]byte("Subject: lf and dots\n\n.leading dot\n..two dots\n.\nno final newline"),
		[]byte("Subject: mixed\r\n\r\nbare\rCR\nand LF\r\n"),
	}
	for _, m := range msgs {
		s.Deliver(s.User, m)
	}
	if n := s.Count(s.User); n != 3 {
		t.Fatalf("Count = %d, want 3", n)
	}
	total := 0
	for _, m := range msgs {
		total += len(Wire(m))
	}
	c := dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	if got, want := c.ok("STAT"), fmt.Sprintf("+OK 3 %d", total); got != want {
		t.Fatalf("STAT = %q, want %q", got, want)
	}
	for i, m := range msgs {
		if got, want := c.ok(fmt.Sprintf("LIST %d", i+1)), fmt.Sprintf("+OK %d %d", i+1, len(Wire(m))); got != want {
			t.Errorf("LIST %d = %q, want %q", i+1, got, want)
		}
		c.ok(fmt.Sprintf("RETR %d", i+1))
		if got := c.body(); !bytes.Equal(got, Wire(m)) {
			t.Errorf("RETR %d = %q, want %q", i+1, got, Wire(m))
		}
	}
	c.ok("UIDL")
	uidl := c.body()
	c.ok("QUIT")

	// UIDs must survive the session: a UIDL-keyed cache depends on it.
	c = dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	c.ok("UIDL")
	if again := c.body(); !bytes.Equal(again, uidl) {
		t.Errorf("UIDL changed between sessions:\n%s\n%s", uidl, again)
	}
}

func TestDeletionsCommitOnlyOnQuit(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	for i := range 3 {
		s.Deliver(s.User, fmt.Appendf(nil, "Subject: %d\n\nbody\n", i))
	}
	// Positive control: Count sees a deletion committed by QUIT.
	c := dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	c.ok("DELE 1")
	c.ok("QUIT")
	if n := s.Count(s.User); n != 2 {
		t.Fatalf("Count after DELE and QUIT = %d, want 2", n)
	}

	c = dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	c.ok("DELE 1")
	c.c.Close() // dropped: nothing is deleted
	waitDisconnects(t, s, 2)
	if n := s.Count(s.User); n != 2 {
		t.Fatalf("Count after DELE and a dropped connection = %d, want 2", n)
	}
}

// waitDisconnects waits until Dovecot's log tells that n POP3 sessions of
// s.User have ended, so that whatever their end did to the maildir is done.
func waitDisconnects(t *testing.T, s *Server, n int) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		got := 0
		for line := range strings.SplitSeq(s.LogText(), "\n") {
			if strings.Contains(line, "pop3("+s.User+")") && strings.Contains(line, "Disconnected") {
				got++
			}
		}
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Dovecot logged %d ended sessions within 15 s, want %d; log:\n%s", got, n, s.LogText())
		}
		time.Sleep(20 * time.Millisecond) // polls the log, which has no hook
	}
}

func TestDeliverManyIsFast(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	msgs := make([][]byte, 1000)
	total := 0
	for i := range msgs {
		msgs[i] = fmt.Appendf(nil, "Subject: message %d\n\nbody %d\n", i, i)
		total += len(Wire(msgs[i]))
	}
	start := time.Now()
	names := s.DeliverMany(s.User, msgs)
	t.Logf("DeliverMany(1000) took %v", time.Since(start))
	if len(names) != 1000 || s.Count(s.User) != 1000 {
		t.Fatalf("delivered %d, Count = %d, want 1000", len(names), s.Count(s.User))
	}
	c := dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	if got, want := c.ok("STAT"), fmt.Sprintf("+OK 1000 %d", total); got != want {
		t.Fatalf("STAT = %q, want %q", got, want)
	}
}

func TestImplicitTLS(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c := dial(t, s.TLSAddr, s.TLSConfig())
	c.login(s.User, s.Password)
	c.ok("QUIT")

	other, err := testca.New("stranger")
	if err != nil {
		t.Fatal(err)
	}
	if conn, err := tls.Dial("tcp", s.TLSAddr, &tls.Config{RootCAs: other.Pool(), ServerName: "localhost"}); err == nil {
		conn.Close()
		t.Fatal("TLS handshake trusting another CA succeeded")
	}
}

func TestSTLS(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c := dial(t, s.Addr, nil)
	c.ok("CAPA")
	if capa := string(c.body()); !strings.Contains(capa, "STLS\r\n") {
		t.Fatalf("CAPA lacks STLS:\n%s", capa)
	}
	c.ok("STLS")
	tc := tls.Client(c.c, s.TLSConfig())
	if err := tc.Handshake(); err != nil {
		t.Fatal(err)
	}
	c = &rawConn{t: t, c: tc, r: bufio.NewReader(tc)}
	c.login(s.User, s.Password)
	c.ok("QUIT")
}

func TestCRAMMD5(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	c := dial(t, s.Addr, nil)
	challenge := c.cmd("AUTH CRAM-MD5")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(challenge, "+ "))
	if !strings.HasPrefix(challenge, "+ ") || err != nil {
		t.Fatalf("challenge %q: %v", challenge, err)
	}
	mac := hmac.New(md5.New, []byte(s.Password))
	mac.Write(raw)
	resp := s.User + " " + hex.EncodeToString(mac.Sum(nil))
	c.ok(base64.StdEncoding.EncodeToString([]byte(resp)))
}

func TestLockSessionGivesInUse(t *testing.T) {
	t.Parallel()
	s := Start(t, &Config{LockSession: true, Users: map[string]string{"bob": "builder", "carol": "singer"}})
	if s.User != "bob" || s.Password != "builder" {
		t.Fatalf("User/Password = %q/%q, want the first user in sorted order", s.User, s.Password)
	}
	first := dial(t, s.Addr, nil)
	first.login("bob", "builder")
	second := dial(t, s.Addr, nil)
	second.ok("USER bob")
	// Dovecot waits for the session lock before it gives up: 10 seconds,
	// fixed in its source.
	second.wait = 30 * time.Second
	start := time.Now()
	if got := second.cmd("PASS builder"); !strings.HasPrefix(got, "-ERR [IN-USE]") {
		t.Fatalf("second session's PASS = %q, want -ERR [IN-USE]", got)
	}
	t.Logf("[IN-USE] after %v", time.Since(start).Round(time.Millisecond))
	// The lock is per user.
	dial(t, s.Addr, nil).login("carol", "singer")
}

func TestCloseLeavesNoProcess(t *testing.T) {
	t.Parallel()
	s := Start(t, nil)
	// The master's command line names the configuration; its children's
	// process titles start with the instance name.
	patterns := []string{s.ConfigPath, s.instance + "/"}
	for _, p := range patterns {
		if len(processes(t, p)) == 0 {
			t.Fatalf("no process matches %q while Dovecot runs", p)
		}
	}
	s.Close()
	for _, p := range patterns {
		if pids := processes(t, p); len(pids) > 0 {
			t.Errorf("after Close, processes %v still match %q", pids, p)
		}
	}
	if _, err := os.Stat(filepath.Join(s.Dir, "mail", s.User)); err != nil {
		t.Errorf("Close removed the maildir before the test ended: %v", err)
	}
}

// processes lists the running processes whose command line contains
// pattern, with pgrep -f where procps is installed and from /proc where it
// is not (minimal Debian images lack procps).
func processes(t *testing.T, pattern string) []string {
	t.Helper()
	if pgrep, err := exec.LookPath("pgrep"); err == nil {
		out, err := exec.Command(pgrep, "-f", "--", pattern).Output()
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 {
			return nil // no match
		} else if err != nil {
			t.Fatalf("pgrep: %v", err)
		}
		return strings.Fields(string(out))
	}
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	var pids []string
	for _, path := range cmdlines {
		b, err := os.ReadFile(path)
		if err == nil && bytes.Contains(bytes.ReplaceAll(b, []byte{0}, []byte{' '}), []byte(pattern)) {
			pids = append(pids, filepath.Base(filepath.Dir(path)))
		}
	}
	return pids
}
