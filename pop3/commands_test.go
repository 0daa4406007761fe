package pop3

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
)

var bg = context.Background()

const greet = "+OK ready\r\n"

func TestStat(t *testing.T) {
	for _, tc := range []struct {
		reply     string
		count     int
		size      int64
		wantError bool
	}{
		{"+OK 7 1800662\r\n", 7, 1800662, false},
		{"+OK 0 0\r\n", 0, 0, false},
		{"+OK 7\r\n", 7, -1, false},         // size left out
		{"+OK 7 #octets\r\n", 7, -1, false}, // size unreadable
		{"+OK seven 1800662\r\n", 0, 0, true},
		{"+OK\r\n", 0, 0, true},
		{"-ERR [SYS/TEMP] busy\r\n", 0, 0, true},
	} {
		t.Run(strings.TrimSpace(tc.reply), func(t *testing.T) {
			s := serveScript(t, greet, step{"STAT", tc.reply})
			c := s.dial(t, nil)
			n, size, err := c.Stat(bg)
			if (err != nil) != tc.wantError {
				t.Fatalf("Stat error = %v, want error %v", err, tc.wantError)
			}
			if n != tc.count || size != tc.size {
				t.Errorf("Stat = %d, %d; want %d, %d", n, size, tc.count, tc.size)
			}
		})
	}
}

func TestSimpleCommands(t *testing.T) {
	s := serveScript(t, greet,
		step{"NOOP", "+OK\r\n"},
		step{"DELE 3", "+OK marked\r\n"},
		step{"DELE 9", "-ERR no such message\r\n"},
		step{"RSET", "+OK\r\n"},
		step{"UTF8", "+OK\r\n"},
		step{"QUIT", "+OK bye\r\n"},
	)
	c := s.dial(t, nil)
	if err := c.Noop(bg); err != nil {
		t.Fatal(err)
	}
	if err := c.Dele(bg, 3); err != nil {
		t.Fatal(err)
	}
	var perr *Error
	if err := c.Dele(bg, 9); !errors.As(err, &perr) || perr.Command != "DELE" || perr.Text != "no such message" {
		t.Fatalf("Dele(9) = %v, want *Error from DELE", err)
	}
	if err := c.Rset(bg); err != nil {
		t.Fatal(err)
	}
	if err := c.UTF8(bg); err != nil {
		t.Fatal(err)
	}
	if err := c.Quit(bg); err != nil {
		t.Fatal(err)
	}
	if err := c.Noop(bg); !errors.Is(err, ErrClosed) {
		t.Fatalf("Noop after Quit = %v, want ErrClosed", err)
	}
}

func TestQuitOutcomes(t *testing.T) {
	t.Run("server refuses", func(t *testing.T) {
		s := serveScript(t, greet, step{"QUIT", "-ERR [SYS/PERM] some deleted messages not removed\r\n"})
		err := s.dial(t, nil).Quit(bg)
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeSysPerm {
			t.Fatalf("Quit = %v, want *Error with SYS/PERM", err)
		}
	})
	t.Run("reply lost", func(t *testing.T) {
		s := serveScript(t, greet, step{"QUIT", ""})
		c := s.dial(t, nil)
		go func() { <-s.done }()
		// The script ends after reading QUIT and then waits for EOF, so
		// make the client give up quickly.
		ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
		defer cancel()
		if err := c.Quit(ctx); !errors.Is(err, ErrCommitUnknown) {
			t.Fatalf("Quit = %v, want ErrCommitUnknown", err)
		}
	})
}

func TestListAndUIDL(t *testing.T) {
	s := serveScript(t, greet,
		step{"LIST", crlf("+OK 3 messages\n1 120\n2  4096\n4 -1\n.\n")},
		step{"UIDL", crlf("+OK\n1 aaa\n2    bbb\n4 ccc\n.\n")},
		step{"LIST 2", "+OK 2 4096\r\n"},
		step{"UIDL 4", "+OK 4 ccc\r\n"},
		step{"LIST 3", "+OK 99 1024\r\n"}, // names another message
	)
	c := s.dial(t, nil)
	list, err := c.List(bg)
	if err != nil {
		t.Fatal(err)
	}
	want := []MessageInfo{{1, 120, ""}, {2, 4096, ""}, {4, -1, ""}}
	if !reflect.DeepEqual(list, want) {
		t.Fatalf("List = %v, want %v", list, want)
	}
	uids, err := c.UIDL(bg)
	if err != nil {
		t.Fatal(err)
	}
	want = []MessageInfo{{1, 120, "aaa"}, {2, 4096, "bbb"}, {4, -1, "ccc"}}
	if !reflect.DeepEqual(uids, want) {
		t.Fatalf("UIDL = %v, want %v", uids, want)
	}
	if mi, err := c.ListMsg(bg, 2); err != nil || mi != (MessageInfo{2, 4096, ""}) {
		t.Fatalf("ListMsg(2) = %v, %v", mi, err)
	}
	if mi, err := c.UIDLMsg(bg, 4); err != nil || mi.UID != "ccc" {
		t.Fatalf("UIDLMsg(4) = %v, %v", mi, err)
	}
	var perr *ProtocolError
	if _, err := c.ListMsg(bg, 3); !errors.As(err, &perr) {
		t.Fatalf("ListMsg(3) = %v, want *ProtocolError", err)
	}
}

func TestUIDLNotSupported(t *testing.T) {
	s := serveScript(t, greet, step{"UIDL", "-ERR unknown command\r\n"}, step{"NOOP", "+OK\r\n"})
	c := s.dial(t, nil)
	_, err := c.UIDL(bg)
	var e *Error
	if !errors.Is(err, ErrNotSupported) || !errors.As(err, &e) {
		t.Fatalf("UIDL = %v, want ErrNotSupported wrapping *Error", err)
	}
	if err := c.Noop(bg); err != nil {
		t.Fatalf("session unusable after a refused UIDL: %v", err)
	}
}

func TestInventory(t *testing.T) {
	for _, tc := range []struct {
		name  string
		steps []step
		want  []MessageInfo
		uids  bool
	}{
		{"pipelined", []step{
			{"CAPA", crlf("+OK\nUIDL\nPIPELINING\n.\n")},
			{"UIDL", ""},
			{"LIST", crlf("+OK\n1 a\n2 b\n.\n+OK\n1 10\n2 20\n.\n")},
		}, []MessageInfo{{1, 10, "a"}, {2, 20, "b"}}, true},
		{"one at a time", []step{
			{"CAPA", "-ERR what?\r\n"},
			{"UIDL", crlf("+OK\n1 a\n2 b\n.\n")},
			{"LIST", crlf("+OK\n1 10\n2 20\n.\n")},
		}, []MessageInfo{{1, 10, "a"}, {2, 20, "b"}}, true},
		{"without UIDL", []step{
			{"CAPA", crlf("+OK\nTOP\n.\n")},
			{"UIDL", "-ERR no\r\n"},
			{"LIST", crlf("+OK\n1 10\n.\n")},
		}, []MessageInfo{{1, 10, ""}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := serveScript(t, greet, tc.steps...)
			got, uids, err := s.dial(t, nil).Inventory(bg)
			if err != nil {
				t.Fatal(err)
			}
			if uids != tc.uids || !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("Inventory = %v, %v; want %v, %v", got, uids, tc.want, tc.uids)
			}
		})
	}
}

func TestRetrAndTop(t *testing.T) {
	msg := "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n"
	var progress []Progress
	s := serveScript(t, greet,
		step{"RETR 1", "+OK 41 octets\r\nSubject: hi\r\n\r\n..leading dot\r\nbody\r\n.\r\n"},
		step{"TOP 1 0", "+OK\r\nSubject: hi\r\n\r\n.\r\n"},
		step{"RETR 2", "-ERR no such message\r\n"},
		step{"RETR 1", "+OK\r\nline1\r\nline2\r\n.\r\n"},
		step{"NOOP", "+OK\r\n"},
	)
	c := s.dial(t, &Options{Progress: func(p Progress) { progress = append(progress, p) }})
	r, err := c.Retr(bg, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || string(got) != msg {
		t.Fatalf("Retr body = %q, %v; want %q", got, err, msg)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || !progress[len(progress)-1].Done || progress[len(progress)-1].Bytes != int64(len(msg)) || progress[len(progress)-1].Total != 41 {
		t.Fatalf("progress = %+v", progress)
	}
	r, err = c.Top(bg, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = io.ReadAll(r)
	r.Close()
	if string(got) != "Subject: hi\r\n\r\n" {
		t.Fatalf("Top = %q", got)
	}
	if _, err := c.Retr(bg, 2); err == nil {
		t.Fatal("Retr(2) succeeded, want -ERR")
	}
	// A body closed half-read is drained, and the session goes on.
	r, err = c.Retr(bg, 1)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 3)
	if _, err := io.ReadFull(r, buf); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Noop(bg); err != nil {
		t.Fatalf("Noop after a drained body: %v", err)
	}
}

func TestTopNotAnnounced(t *testing.T) {
	s := serveScript(t, greet,
		step{"CAPA", crlf("+OK\nUSER\n.\n")},
		step{"TOP 1 0", "-ERR unknown command\r\n"},
	)
	c := s.dial(t, nil)
	if _, err := c.Capabilities(bg); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Top(bg, 1, 0); !errors.Is(err, ErrNotSupported) {
		t.Fatalf("Top = %v, want ErrNotSupported", err)
	}
}

func TestLoginChoosesStrongest(t *testing.T) {
	cram := func(challenge string) string {
		m := hmac.New(md5.New, []byte("secret"))
		m.Write([]byte(challenge))
		return base64.StdEncoding.EncodeToString([]byte("bob " + hex.EncodeToString(m.Sum(nil))))
	}
	apop := md5.Sum([]byte("<1896.697170952@dbc.mtview.ca.us>secret"))
	plain := base64.StdEncoding.EncodeToString([]byte("\x00bob\x00secret"))
	for _, tc := range []struct {
		name     string
		greeting string
		steps    []step
	}{
		{"CRAM-MD5 over everything", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN LOGIN CRAM-MD5\n.\n")},
			{"AUTH CRAM-MD5", "+ " + base64.StdEncoding.EncodeToString([]byte("<x@y>")) + "\r\n"},
			{cram("<x@y>"), "+OK welcome\r\n"},
		}},
		{"APOP when the greeting has a timestamp", "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n", []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN\n.\n")},
			{"APOP bob " + hex.EncodeToString(apop[:]), "+OK maildrop has 1 message\r\n"},
		}},
		{"SASL PLAIN without initial response", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN LOGIN\n.\n")},
			{"AUTH PLAIN", "+ \r\n"},
			{plain, "+OK\r\n"},
		}},
		{"Exchange +OK instead of +", greet, []step{
			{"CAPA", crlf("+OK\nUSER\nSASL PLAIN\n.\n")},
			{"AUTH PLAIN", "+OK\r\n"},
			{plain, "+OK User successfully logged on.\r\n"},
		}},
		{"bare + continuation", greet, []step{
			{"CAPA", crlf("+OK\nSASL PLAIN\n.\n")},
			{"AUTH PLAIN", "+\r\n"},
			{plain, "+OK\r\n"},
		}},
		{"SASL LOGIN", greet, []step{
			{"CAPA", crlf("+OK\nSASL LOGIN\n.\n")},
			{"AUTH LOGIN", "+ VXNlcm5hbWU6\r\n"},
			{base64.StdEncoding.EncodeToString([]byte("bob")), "+ UGFzc3dvcmQ6\r\n"},
			{base64.StdEncoding.EncodeToString([]byte("secret")), "+OK\r\n"},
		}},
		{"USER/PASS without CAPA", greet, []step{
			{"CAPA", "-ERR unknown\r\n"},
			{"USER bob", "+OK\r\n"},
			{"PASS secret", "+OK\r\n"},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			steps := append(tc.steps, step{"CAPA", crlf("+OK\nPIPELINING\n.\n")})
			s := serveScript(t, tc.greeting, steps...)
			c := s.dial(t, nil)
			if err := c.Login(bg, "bob", "secret"); err != nil {
				t.Fatalf("Login: %v", err)
			}
			// Capabilities are asked again after login.
			caps, err := c.Capabilities(bg)
			if err != nil || !caps.Pipelining {
				t.Fatalf("Capabilities after login = %+v, %v", caps, err)
			}
		})
	}
}

func TestLoginFailures(t *testing.T) {
	t.Run("wrong password", func(t *testing.T) {
		s := serveScript(t, greet,
			step{"CAPA", crlf("+OK\nUSER\nAUTH-RESP-CODE\n.\n")},
			step{"USER bob", "+OK\r\n"},
			step{"PASS wrong", "-ERR [AUTH] invalid login\r\n"},
		)
		err := s.dial(t, nil).Login(bg, "bob", "wrong")
		if !IsAuthFailure(err) || strings.Contains(err.Error(), "wrong") {
			t.Fatalf("Login = %v, want an auth failure that does not echo the password", err)
		}
	})
	t.Run("in use", func(t *testing.T) {
		s := serveScript(t, greet,
			step{"CAPA", crlf("+OK\nSASL PLAIN\n.\n")},
			step{"AUTH PLAIN", "+ \r\n"},
			step{base64.StdEncoding.EncodeToString([]byte("\x00bob\x00pw")), "-ERR [IN-USE] mailbox locked\r\n"},
		)
		err := s.dial(t, nil).Login(bg, "bob", "pw")
		if !IsInUse(err) || !IsTemporary(err) || IsAuthFailure(err) {
			t.Fatalf("Login = %v, want IN-USE", err)
		}
	})
	t.Run("login delay", func(t *testing.T) {
		s := serveScript(t, greet,
			step{"CAPA", crlf("+OK\nUSER\nLOGIN-DELAY 300\n.\n")},
			step{"USER bob", "+OK\r\n"},
			step{"PASS pw", "-ERR [LOGIN-DELAY] wait\r\n"},
		)
		c := s.dial(t, nil)
		err := c.Login(bg, "bob", "pw")
		if !IsLoginDelay(err) {
			t.Fatalf("Login = %v, want LOGIN-DELAY", err)
		}
	})
	t.Run("insecure refused", func(t *testing.T) {
		s := serveScript(t, greet)
		c, err := Dial(bg, s.addr, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(bg, "bob", "pw"); !errors.Is(err, ErrInsecureAuth) {
			t.Fatalf("Login over plain TCP = %v, want ErrInsecureAuth", err)
		}
		if err := c.Authenticate(bg, sasl.NewPlainClient("", "bob", "pw")); !errors.Is(err, ErrInsecureAuth) {
			t.Fatalf("Authenticate over plain TCP = %v, want ErrInsecureAuth", err)
		}
	})
	t.Run("line break in password", func(t *testing.T) {
		s := serveScript(t, greet, step{"CAPA", crlf("+OK\nUSER\n.\n")}, step{"NOOP", "+OK\r\n"})
		c := s.dial(t, nil)
		if err := c.Login(bg, "bob", "pw\r\nDELE 1"); err == nil {
			t.Fatal("Login with CRLF in the password succeeded")
		}
		if err := c.Noop(bg); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAuthenticateInitialResponse(t *testing.T) {
	s := serveScript(t, greet,
		step{"AUTH XOAUTH2 " + base64.StdEncoding.EncodeToString([]byte("user=bob\x01auth=Bearer tok\x01\x01")), "+OK\r\n"})
	c := s.dial(t, &Options{SASLInitialResponse: true})
	if err := c.Authenticate(bg, NewXOAuth2Client("bob", "tok")); err != nil {
		t.Fatal(err)
	}
}

// failingMech is a SASL mechanism that refuses every challenge.
type failingMech struct{}

func (failingMech) Start() (string, []byte, error) { return "X-FAIL", nil, nil }
func (failingMech) Next([]byte) ([]byte, error)    { return nil, errors.New("x-fail: no") }

func TestAuthenticateCancelsOnMechanismError(t *testing.T) {
	// The mechanism cannot answer the challenge: the client cancels with
	// "*" (RFC 5034 §4) and the session goes on. (OAUTHBEARER answers
	// its error challenge instead: TestOAuthBearerErrorChallenge.)
	s := serveScript(t, greet,
		step{"AUTH X-FAIL", "+ " + base64.StdEncoding.EncodeToString([]byte("challenge")) + "\r\n"},
		step{"*", "-ERR [AUTH] authentication failed\r\n"},
		step{"NOOP", "+OK\r\n"},
	)
	c := s.dial(t, nil)
	err := c.Authenticate(bg, failingMech{})
	if err == nil {
		t.Fatal("Authenticate succeeded")
	}
	if err := c.Noop(bg); err != nil {
		t.Fatalf("session unusable after a cancelled AUTH: %v", err)
	}
}

func TestGreeting(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		s := serveScript(t, "-ERR [SYS/TEMP] too many connections\r\n")
		_, err := Dial(bg, s.addr, nil)
		if !IsTemporary(err) {
			t.Fatalf("Dial = %v, want a temporary *Error", err)
		}
	})
	t.Run("timestamp anywhere", func(t *testing.T) {
		s := serveScript(t, "+OK POP3 <apop-token@example.com> at your service\r\n")
		c := s.dial(t, nil)
		if c.timestamp != "<apop-token@example.com>" {
			t.Fatalf("timestamp = %q", c.timestamp)
		}
		if c.Greeting() != "POP3 <apop-token@example.com> at your service" {
			t.Fatalf("Greeting = %q", c.Greeting())
		}
	})
}
