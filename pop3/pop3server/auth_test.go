package pop3server

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"regexp"
	"slices"
	"testing"
)

func apopDigest(greeting, password string) string {
	ts := regexp.MustCompile(`<[^>]*>`).FindString(greeting)
	sum := md5.Sum([]byte(ts + password))
	return hex.EncodeToString(sum[:])
}

func TestAPOP(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	cl.fail("APOP alice "+apopDigest(cl.greeting, "wrong"), " [AUTH]")
	cl.fail("APOP alice", " syntax")
	if got := cl.ok("APOP alice " + apopDigest(cl.greeting, "secret")); got != "+OK maildrop has 3 messages (129 octets)" {
		t.Fatalf("APOP = %q", got)
	}

	// The digest is bound to this greeting's timestamp: replaying it on
	// another connection fails.
	other := dial(t, addr)
	if other.greeting == cl.greeting {
		t.Fatal("two sessions got the same APOP timestamp")
	}
	other.fail("APOP alice "+apopDigest(cl.greeting, "secret"), " [AUTH]")
}

func plain(authzid, authcid, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(authzid + "\x00" + authcid + "\x00" + pass))
}

func TestAuthPlain(t *testing.T) {
	tests := []struct {
		name  string
		lines []string // sent one at a time; each gets one reply line
		want  []string // reply prefixes
	}{
		{"initial response", []string{"AUTH PLAIN " + plain("", "alice", "secret")}, []string{"+OK maildrop has 3"}},
		{"lower-case mechanism", []string{"auth plain " + plain("", "alice", "secret")}, []string{"+OK"}},
		{"authzid equal to authcid", []string{"AUTH PLAIN " + plain("alice", "alice", "secret")}, []string{"+OK"}},
		{"continuation", []string{"AUTH PLAIN", plain("", "alice", "secret")}, []string{"+ ", "+OK maildrop"}},
		{"cancel", []string{"AUTH PLAIN", "*"}, []string{"+ ", "-ERR authentication cancelled"}},
		{"wrong password", []string{"AUTH PLAIN " + plain("", "alice", "nope")}, []string{"-ERR [AUTH]"}},
		{"wrong password in continuation", []string{"AUTH PLAIN", plain("", "alice", "nope")}, []string{"+ ", "-ERR [AUTH]"}},
		{"unknown user", []string{"AUTH PLAIN " + plain("", "mallory", "secret")}, []string{"-ERR [AUTH]"}},
		{"other authzid", []string{"AUTH PLAIN " + plain("root", "alice", "secret")}, []string{"-ERR [AUTH]"}},
		{"empty initial response", []string{"AUTH PLAIN ="}, []string{"-ERR [AUTH]"}},
		{"not base64", []string{"AUTH PLAIN !!!"}, []string{"-ERR invalid base64"}},
		{"not PLAIN", []string{"AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("alice secret"))}, []string{"-ERR [AUTH]"}},
		{"unsupported mechanism", []string{"AUTH CRAM-MD5"}, []string{"-ERR unsupported SASL mechanism"}},
		{"too many arguments", []string{"AUTH PLAIN a b"}, []string{"-ERR syntax"}},
		{"list mechanisms", []string{"AUTH"}, []string{"+OK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, addr := newTestServer(t, nil)
			cl := dial(t, addr)
			for i, l := range tt.lines {
				if got := cl.cmd(l); len(got) < len(tt.want[i]) || got[:len(tt.want[i])] != tt.want[i] {
					t.Fatalf("%q: got %q, want %q...", l, got, tt.want[i])
				}
			}
			if tt.name == "list mechanisms" {
				if got := cl.multi(); got != "PLAIN\r\n" {
					t.Fatalf("mechanisms = %q", got)
				}
			}
			// The session is still usable and in a known state.
			cl.ok("CAPA")
			cl.multi()
		})
	}
}

func TestAuthFailuresAreLimited(t *testing.T) {
	_, addr := newTestServer(t, &Options{MaxAuthFailures: 3})
	cl := dial(t, addr)
	cl.ok("USER alice")
	cl.fail("PASS wrong", " [AUTH] invalid user name or password")
	cl.ok("USER nobody") // an unknown user looks the same as a known one
	cl.fail("PASS secret", " [AUTH] invalid user name or password")
	cl.fail("AUTH PLAIN "+plain("", "alice", "x"), " [AUTH]")
	cl.expectEOF()
}

func TestCommandLogRedactsSecrets(t *testing.T) {
	var rec CommandRecorder
	_, addr := newTestServer(t, &Options{CommandLog: rec.Record})
	cl := dial(t, addr)
	cl.ok("USER alice")
	cl.fail("PASS wrong one", " [AUTH]")
	cl.fail("APOP alice 0123456789abcdef0123456789abcdef", " [AUTH]")
	cl.cmd("AUTH PLAIN")
	cl.fail("*", " authentication cancelled")
	cl.ok("AUTH PLAIN " + plain("", "alice", "secret"))
	cl.ok("TOP 3 0")
	cl.multi()
	cl.ok("QUIT")
	cl.expectEOF()

	want := []RecordedCommand{
		{"", "USER alice"},
		{"", "PASS ***"},
		{"", "APOP alice ***"},
		{"", "AUTH PLAIN"},
		{"", "AUTH PLAIN ***"},
		{"alice", "TOP 3 0"},
		{"alice", "QUIT"},
	}
	if got := rec.All(); !slices.Equal(got, want) {
		t.Fatalf("log =\n%q\nwant\n%q", got, want)
	}
	if got := rec.Lines("alice"); !slices.Equal(got, []string{"TOP 3 0", "QUIT"}) {
		t.Fatalf("Lines(alice) = %q", got)
	}
	rec.Reset()
	if got := rec.All(); len(got) != 0 {
		t.Fatalf("after Reset: %q", got)
	}
}

func TestQuitInAuthorization(t *testing.T) {
	_, addr := newTestServer(t, nil)
	cl := dial(t, addr)
	if got := cl.ok("QUIT"); got != "+OK poppy-pop3server signing off" {
		t.Fatalf("QUIT = %q", got)
	}
	cl.expectEOF()
}
