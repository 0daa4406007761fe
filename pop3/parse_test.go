package pop3

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The captures under testdata/transcripts come from MailKit's test suite
// (MIT, see testdata/transcripts/LICENSE). They use bare LF line endings,
// which is also what some real servers send.

// readTranscript returns a capture from testdata/transcripts.
func readTranscript(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "transcripts", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// transcriptReply parses a captured reply the way the client does: the
// status line, then for +OK the dot-terminated body as listing lines. It
// fails the test if bytes are left after the reply.
func transcriptReply(t *testing.T, name, cmd string) (status, [][]byte) {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(readTranscript(t, name)))
	line, err := readLine(br, cmd, statusLineMax)
	if err != nil {
		t.Fatalf("%s: status line: %v", name, err)
	}
	st, err := parseStatus(cmd, line)
	if err != nil {
		t.Fatalf("%s: status line: %v", name, err)
	}
	var lines [][]byte
	if st.ok {
		body := newBodyReader(br, cmd, statusLineMax, defaultMaxListingSize, limitListing)
		if lines, err = body.lines(); err != nil {
			t.Fatalf("%s: body: %v", name, err)
		}
	}
	if rest, _ := io.ReadAll(br); len(rest) > 0 {
		t.Fatalf("%s: %q left after the reply", name, rest)
	}
	return st, lines
}

// wantProtocolError fails unless err is a *ProtocolError for cmd.
func wantProtocolError(t *testing.T, err error, cmd string) *ProtocolError {
	t.Helper()
	var pe *ProtocolError
	if !errors.As(err, &pe) {
		t.Fatalf("got error %v (%T), want a *ProtocolError", err, err)
	}
	if pe.Command != cmd {
		t.Errorf("ProtocolError.Command = %q, want %q", pe.Command, cmd)
	}
	if !strings.HasPrefix(pe.Error(), "pop3: ") {
		t.Errorf("error %q lacks the package prefix", pe.Error())
	}
	return pe
}

func TestParseStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want status
	}{
		{"+OK", status{ok: true}},
		{"+ok", status{ok: true}},
		{"+oK", status{ok: true}},
		{"+OK ", status{ok: true}},
		{"+OK POP3 server ready", status{ok: true, text: "POP3 server ready"}},
		{"+Ok   spaced   out  ", status{ok: true, text: "spaced   out"}},
		{"+OK\ttab", status{ok: true, text: "tab"}},
		{"+OK 2 320", status{ok: true, text: "2 320"}},
		{"+OK [XSENDER] bob", status{ok: true, code: "XSENDER", text: "bob"}},
		{"-ERR", status{}},
		{"-err", status{}},
		{"-Err no such message", status{text: "no such message"}},
		{"-ERR [IN-USE] mailbox locked", status{code: "IN-USE", text: "mailbox locked"}},
		{"-ERR [in-use] mailbox locked", status{code: "IN-USE", text: "mailbox locked"}},
		{"-ERR [SYS/TEMP] try later", status{code: "SYS/TEMP", text: "try later"}},
		{"-ERR [SYS/TEMP/QUOTA] over quota", status{code: "SYS/TEMP/QUOTA", text: "over quota"}},
		{"-ERR [SYS/PERM]", status{code: "SYS/PERM"}},
		{"-ERR [LOGIN-DELAY]   wait  ", status{code: "LOGIN-DELAY", text: "wait"}},
		{"-ERR [AUTH] invalid credentials", status{code: "AUTH", text: "invalid credentials"}},
		{"-ERR [AUTH]invalid", status{code: "AUTH", text: "invalid"}},
		// A code must come first; later brackets are text.
		{"-ERR invalid [AUTH]", status{text: "invalid [AUTH]"}},
		// An unterminated or empty code is no code.
		{"-ERR [IN-USE locked", status{text: "[IN-USE locked"}},
		{"-ERR [] empty", status{text: "empty"}},
		// The SASL continuation of RFC 5034.
		{"+", status{cont: true}},
		{"+ ", status{cont: true}},
		{"+ dGVzdA==", status{cont: true, text: "dGVzdA=="}},
		{"+  PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+ ", status{cont: true, text: "PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			got, err := parseStatus("CMD", []byte(tt.line))
			if err != nil {
				t.Fatalf("parseStatus(%q): %v", tt.line, err)
			}
			if got != tt.want {
				t.Errorf("parseStatus(%q) = %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}

func TestParseStatusMalformed(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		"",
		" ",
		"+OKAY",
		"+OK_",
		"+okay then",
		"-ERROR",
		"-ERRNO",
		"-ERR[IN-USE]",
		"-ER",
		"-",
		"+O",
		"+X",
		"+dGVzdA==", // a continuation needs a space before the challenge
		"+\tdGVzdA==",
		" +OK",
		"OK",
		"ERR",
		"HTTP/1.1 200 OK",
		"* OK [CAPABILITY IMAP4rev1] ready",
		"220 smtp.example.com ESMTP",
		"\x00+OK",
	} {
		t.Run(fmt.Sprintf("%q", line), func(t *testing.T) {
			t.Parallel()
			st, err := parseStatus("RETR", []byte(line))
			pe := wantProtocolError(t, err, "RETR")
			if st != (status{}) {
				t.Errorf("status %+v returned with the error", st)
			}
			if line != "" && !strings.Contains(pe.Line, fmt.Sprintf("%q", line)) {
				t.Errorf("ProtocolError.Line = %s, want the quoted line %q", pe.Line, line)
			}
		})
	}
}

func TestParseStatusTranscripts(t *testing.T) {
	t.Parallel()
	// Gmail sends "+ " and Exchange a bare "+" as the empty challenge.
	for _, name := range []string{"gmail/plus.txt", "exchange/plus.txt"} {
		st, _ := transcriptReply(t, name, "AUTH")
		if !st.cont || st.ok || st.text != "" {
			t.Errorf("%s: got %+v, want an empty continuation", name, st)
		}
	}
}

func TestParseErrorPredicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		verb, line                         string
		inUse, temporary, loginDelay, auth bool
	}{
		{"PASS", "-ERR [IN-USE] mailbox locked", true, true, false, false},
		{"RETR", "-ERR [SYS/TEMP] try later", false, true, false, false},
		{"RETR", "-ERR [SYS/TEMP/QUOTA] over quota", false, true, false, false},
		{"RETR", "-ERR [sys/temp/quota] over quota", false, true, false, false},
		{"RETR", "-ERR [SYS/TEMPORARY] not a child of SYS/TEMP", false, false, false, false},
		{"PASS", "-ERR [SYS/PERM] account disabled", false, false, false, false},
		{"PASS", "-ERR [LOGIN-DELAY] wait 5 minutes", false, true, true, false},
		{"PASS", "-ERR [LOGIN-DELAY/PER-USER] wait", false, true, true, false},
		{"PASS", "-ERR [IN-USE/OTHER-CLIENT] locked", true, true, false, false},
		{"PASS", "-ERR [INUSE] not the IN-USE code", false, false, false, false},
		{"PASS", "-ERR [AUTH] invalid credentials", false, false, false, true},
		{"RETR", "-ERR [AUTH] session expired", false, false, false, true},
		{"PASS", "-ERR [AUTH/EXPIRED] password expired", false, false, false, true},
		{"PASS", "-ERR invalid password", false, false, false, true},
		{"APOP", "-ERR", false, false, false, true},
		{"AUTH", "-ERR authentication failed", false, false, false, true},
		{"USER", "-ERR unknown user", false, false, false, true},
		{"RETR", "-ERR no such message", false, false, false, false},
		{"DELE", "-ERR [IN-USE]", true, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.verb+" "+tt.line, func(t *testing.T) {
			t.Parallel()
			st, err := parseStatus(tt.verb, []byte(tt.line))
			if err != nil {
				t.Fatal(err)
			}
			if st.ok || st.cont {
				t.Fatalf("status %+v is not a -ERR", st)
			}
			e := replyErr(tt.verb, st)
			// The predicates must see through wrapping.
			for _, err := range []error{
				e,
				fmt.Errorf("outer: %w", e),
				&ItemError{Msg: 3, Err: e},
				errors.Join(errors.New("other"), e),
			} {
				checkPredicates(t, err, tt.inUse, tt.temporary, tt.loginDelay, tt.auth)
			}
		})
	}
}

func checkPredicates(t *testing.T, err error, inUse, temporary, loginDelay, auth bool) {
	t.Helper()
	if got := IsInUse(err); got != inUse {
		t.Errorf("IsInUse(%v) = %v, want %v", err, got, inUse)
	}
	if got := IsTemporary(err); got != temporary {
		t.Errorf("IsTemporary(%v) = %v, want %v", err, got, temporary)
	}
	if got := IsLoginDelay(err); got != loginDelay {
		t.Errorf("IsLoginDelay(%v) = %v, want %v", err, got, loginDelay)
	}
	if got := IsAuthFailure(err); got != auth {
		t.Errorf("IsAuthFailure(%v) = %v, want %v", err, got, auth)
	}
}

func TestParseErrorPredicatesOnOtherErrors(t *testing.T) {
	t.Parallel()
	for _, err := range []error{
		nil,
		io.EOF,
		ErrClosed,
		&ProtocolError{Command: "PASS", Reason: "x"},
		&LimitError{Command: "PASS", Limit: limitLine, Max: 1},
		errors.New("[IN-USE] [SYS/TEMP] [AUTH]"),
	} {
		checkPredicates(t, err, false, false, false, false)
	}
}

func TestParseErrorMessages(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 100)
	tests := []struct {
		err  error
		want string
	}{
		{&Error{}, "pop3: server said -ERR"},
		{&Error{Command: "RETR"}, "pop3: RETR: server said -ERR"},
		{&Error{Command: "PASS", Code: "AUTH", Text: "invalid credentials"}, "pop3: PASS: server said -ERR [AUTH] invalid credentials"},
		{&Error{Command: "DELE", Text: "no such message"}, "pop3: DELE: server said -ERR no such message"},
		{replyErr("STAT", status{code: "SYS/TEMP", text: "later"}), "pop3: STAT: server said -ERR [SYS/TEMP] later"},
		{&ProtocolError{Reason: "bad"}, "pop3: malformed reply from the server: bad"},
		{protocolErr("LIST", "bad size", []byte("1 x")), `pop3: LIST: malformed reply from the server: bad size: "1 x"`},
		{protocolErr("LIST", "empty scan listing", nil), "pop3: LIST: malformed reply from the server: empty scan listing"},
		{protocolErr("LIST", "empty scan listing", []byte{}), "pop3: LIST: malformed reply from the server: empty scan listing"},
		{protocolErr("greeting", "expected +OK or -ERR", []byte("a\x00\r\"b")), `pop3: greeting: malformed reply from the server: expected +OK or -ERR: "a\x00\r\"b"`},
		{protocolErr("UIDL", "x", []byte(long)), `pop3: UIDL: malformed reply from the server: x: "` + long[:80] + `"…`},
		{&LimitError{Command: "RETR", Limit: limitMessage, Max: 10}, "pop3: RETR: the server's reply exceeds the message size limit of 10 bytes; raise Options.MaxMessageSize if this server is trusted"},
		{&LimitError{Command: "LIST", Limit: limitListing, Max: 64}, "pop3: LIST: the server's reply exceeds the listing size limit of 64 bytes; raise Options.MaxListingSize if this server is trusted"},
		{&LimitError{Command: "TOP", Limit: limitLine, Max: 1000}, "pop3: TOP: the server's reply exceeds the line length limit of 1000 bytes; raise Options.MaxLineLength if this server is trusted"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%#v.Error() =\n\t%s\nwant\n\t%s", tt.err, got, tt.want)
		}
	}
}

// TestParseErrorsLeakNoPassword drives USER/PASS against a scripted
// server: whatever the server answers to PASS, the error names the verb and
// quotes the server, never the command line that carried the password.
func TestParseErrorsLeakNoPassword(t *testing.T) {
	t.Parallel()
	const password = "hunter2-S3cret"
	tests := []struct {
		name   string
		reply  string // the server's answer to PASS
		check  func(*testing.T, error)
		secret string // used instead of password when set
	}{
		{"auth code", "-ERR [AUTH] invalid credentials", func(t *testing.T, err error) {
			var e *Error
			if !errors.As(err, &e) || e.Command != "PASS" || e.Code != CodeAuth || !IsAuthFailure(err) {
				t.Errorf("got %#v, want a PASS *Error with [AUTH]", err)
			}
		}, ""},
		{"no code", "-ERR login failed", func(t *testing.T, err error) {
			if !IsAuthFailure(err) {
				t.Errorf("IsAuthFailure(%v) = false", err)
			}
		}, ""},
		{"in use", "-ERR [IN-USE] locked", func(t *testing.T, err error) {
			if !IsInUse(err) || IsAuthFailure(err) {
				t.Errorf("got %v, want IN-USE and no auth failure", err)
			}
		}, ""},
		{"garbage", "HTTP/1.1 400 Bad Request", func(t *testing.T, err error) {
			wantProtocolError(t, err, "PASS")
		}, ""},
		{"line break in password", "+OK", func(t *testing.T, err error) {
			if err == nil {
				t.Error("a password with CRLF was accepted")
			}
		}, password + "\r\nDELE 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			secret := password
			if tt.secret != "" {
				secret = tt.secret
			}
			cconn, sconn := net.Pipe()
			done := make(chan struct{})
			go func() {
				defer close(done)
				defer sconn.Close()
				scriptedPOP3Server(sconn, map[string]string{
					"CAPA": "-ERR no CAPA here",
					"USER": "+OK send PASS",
					"PASS": tt.reply,
				})
			}()
			c, err := NewClient(cconn, &Options{AllowInsecureAuth: true, Timeout: 10 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = c.Login(ctx, "alice", secret)
			c.Close()
			<-done
			if err == nil {
				t.Fatalf("Login succeeded on reply %q", tt.reply)
			}
			tt.check(t, err)
			for _, e := range []error{err, errors.Unwrap(err)} {
				if e != nil && strings.Contains(e.Error(), "hunter2") {
					t.Errorf("error carries the password: %q", e.Error())
				}
			}
			if s := fmt.Sprintf("%+v %#v", err, err); strings.Contains(s, "hunter2") {
				t.Errorf("formatted error carries the password: %s", s)
			}
		})
	}
}

// scriptedPOP3Server greets, then answers each command by its verb from
// replies ("-ERR unknown command" otherwise), until the client hangs up.
func scriptedPOP3Server(conn net.Conn, replies map[string]string) {
	bw := bufio.NewWriter(conn)
	br := bufio.NewReader(conn)
	bw.WriteString("+OK scripted server ready\r\n")
	if bw.Flush() != nil {
		return
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		verb, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), " ")
		reply, ok := replies[strings.ToUpper(verb)]
		if !ok {
			reply = "-ERR unknown command"
		}
		bw.WriteString(reply + "\r\n")
		if bw.Flush() != nil {
			return
		}
	}
}

func TestParseCapabilitiesTranscripts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file string
		want Capabilities
	}{
		{"gmail/capa1.txt", Capabilities{
			Top: true, User: true, UIDL: true, RespCodes: true,
			SASL:       []string{"PLAIN", "XOAUTH2"},
			LoginDelay: 300 * time.Second,
			Expire:     Expire{Announced: true, Days: 0},
		}},
		// After login Gmail adds PIPELINING and drops SASL.
		{"gmail/capa2.txt", Capabilities{
			Top: true, User: true, UIDL: true, RespCodes: true, Pipelining: true,
			LoginDelay: 300 * time.Second,
			Expire:     Expire{Announced: true, Days: 0},
		}},
		{"comcast/capa1.txt", Capabilities{
			Top: true, User: true, UIDL: true, STLS: true,
			Expire: Expire{Announced: true, Days: 31, PerUser: true},
		}},
		{"comcast/capa2.txt", Capabilities{
			Top: true, User: true, UIDL: true, STLS: true,
			SASL:           []string{"PLAIN", "X-ZIMBRA"},
			Expire:         Expire{Announced: true, Never: true},
			Implementation: "ZimbraInc",
		}},
		{"exchange/capa.txt", Capabilities{
			Top: true, User: true, UIDL: true,
			SASL: []string{"NTLM", "GSSAPI", "PLAIN", "LOGIN"},
		}},
		{"lang/capa1.txt", Capabilities{
			Top: true, User: true, UIDL: true, RespCodes: true,
			UTF8: true, UTF8User: true, Lang: true,
			SASL:       []string{"PLAIN", "XOAUTH2"},
			LoginDelay: 300 * time.Second,
			Expire:     Expire{Announced: true, Days: 0},
		}},
		{"lang/capa2.txt", Capabilities{
			Top: true, User: true, UIDL: true, RespCodes: true, Pipelining: true,
			Lang:       true,
			LoginDelay: 300 * time.Second,
			Expire:     Expire{Announced: true, Days: 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			st, lines := transcriptReply(t, tt.file, "CAPA")
			if !st.ok {
				t.Fatalf("status %+v, want +OK", st)
			}
			raw := make([]string, len(lines))
			for i, l := range lines {
				raw[i] = string(l)
				if strings.ContainsAny(raw[i], "\r\n") {
					t.Errorf("line %q keeps its line ending", raw[i])
				}
			}
			got := parseCapabilities(raw)
			tt.want.Known = true
			tt.want.Raw = raw
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseCapabilities =\n\t%+v\nwant\n\t%+v", got, tt.want)
			}
		})
	}
}

func TestParseCapabilitiesTranscriptFacts(t *testing.T) {
	t.Parallel()
	caps := func(file string) Capabilities {
		_, lines := transcriptReply(t, file, "CAPA")
		s := make([]string, len(lines))
		for i, l := range lines {
			s[i] = string(l)
		}
		return parseCapabilities(s)
	}
	g1, g2 := caps("gmail/capa1.txt"), caps("gmail/capa2.txt")
	if g1.Pipelining || !g2.Pipelining {
		t.Errorf("gmail: Pipelining before/after login = %v/%v, want false/true", g1.Pipelining, g2.Pipelining)
	}
	if !g1.Expire.DeletesOnRetrieve() || !g2.Expire.DeletesOnRetrieve() {
		t.Error("gmail: EXPIRE 0 not reported as DeletesOnRetrieve")
	}
	if g1.LoginDelay != 5*time.Minute {
		t.Errorf("gmail: LoginDelay = %v, want 5m", g1.LoginDelay)
	}
	if !g1.HasSASL("xoauth2") || g2.HasSASL("PLAIN") {
		t.Error("gmail: HasSASL wrong")
	}
	c1, c2 := caps("comcast/capa1.txt"), caps("comcast/capa2.txt")
	if c1.Expire.DeletesOnRetrieve() || c1.Expire.Days != 31 || !c1.Expire.PerUser {
		t.Errorf("comcast: EXPIRE 31 USER parsed as %+v", c1.Expire)
	}
	if c2.Expire.DeletesOnRetrieve() || !c2.Expire.Never {
		t.Errorf("comcast: EXPIRE NEVER parsed as %+v", c2.Expire)
	}
	if !c2.HasSASL("plain") || c2.HasSASL("LOGIN") || c2.Implementation != "ZimbraInc" {
		t.Errorf("comcast: capa2 parsed as %+v", c2)
	}
	if e := caps("exchange/capa.txt"); e.Expire.Announced || e.Expire.DeletesOnRetrieve() {
		t.Errorf("exchange: no EXPIRE, got %+v", e.Expire)
	}
	if l := caps("lang/capa1.txt"); !l.UTF8 || !l.UTF8User || !l.Lang {
		t.Errorf("lang: UTF8 USER and LANG parsed as %+v", l)
	}
	var zero Capabilities
	if zero.Known || zero.Expire.DeletesOnRetrieve() || zero.HasSASL("PLAIN") {
		t.Error("the zero Capabilities claims something")
	}
}

func TestParseCapabilities(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		lines []string
		want  Capabilities // Known and Raw are filled in
	}{
		{"none", nil, Capabilities{}},
		{"blank lines", []string{"", "   ", "\t"}, Capabilities{}},
		{"lower case", []string{"top", "user", "uidl", "pipelining", "resp-codes", "auth-resp-code", "stls"},
			Capabilities{Top: true, User: true, UIDL: true, Pipelining: true, RespCodes: true, AuthRespCode: true, STLS: true}},
		{"sasl case and spacing", []string{"sasl  plain\tcram-md5 ", "SASL XOAUTH2"},
			Capabilities{SASL: []string{"PLAIN", "CRAM-MD5", "XOAUTH2"}}},
		{"sasl without mechanisms", []string{"SASL"}, Capabilities{}},
		{"utf8", []string{"UTF8"}, Capabilities{UTF8: true}},
		{"utf8 user", []string{"utf8 user"}, Capabilities{UTF8: true, UTF8User: true}},
		{"lang", []string{"LANG"}, Capabilities{Lang: true}},
		{"login-delay", []string{"LOGIN-DELAY 900"}, Capabilities{LoginDelay: 900 * time.Second}},
		{"login-delay user", []string{"LOGIN-DELAY 900 USER"}, Capabilities{LoginDelay: 900 * time.Second, LoginDelayPerUser: true}},
		{"login-delay negative", []string{"LOGIN-DELAY -5"}, Capabilities{}},
		{"login-delay not a number", []string{"LOGIN-DELAY soon"}, Capabilities{}},
		{"login-delay empty", []string{"LOGIN-DELAY"}, Capabilities{}},
		{"expire 0", []string{"EXPIRE 0"}, Capabilities{Expire: Expire{Announced: true}}},
		{"expire 0 user", []string{"EXPIRE 0 USER"}, Capabilities{Expire: Expire{Announced: true, PerUser: true}}},
		{"expire days", []string{"expire 31 user"}, Capabilities{Expire: Expire{Announced: true, Days: 31, PerUser: true}}},
		{"expire never", []string{"EXPIRE never"}, Capabilities{Expire: Expire{Announced: true, Never: true}}},
		{"expire negative", []string{"EXPIRE -1"}, Capabilities{}},
		{"expire junk", []string{"EXPIRE soon USER"}, Capabilities{}},
		{"expire empty", []string{"EXPIRE"}, Capabilities{}},
		{"implementation", []string{"IMPLEMENTATION  Shiny POP3 server 1.0  "}, Capabilities{Implementation: "Shiny POP3 server 1.0"}},
		{"unknown", []string{"X-GOOGLE-RICO", "XOIP foo"}, Capabilities{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := parseCapabilities(tt.lines)
			tt.want.Known = true
			tt.want.Raw = tt.lines
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("parseCapabilities(%q) =\n\t%+v\nwant\n\t%+v", tt.lines, got, tt.want)
			}
		})
	}
}

// TestParseCapabilitiesLoginDelayOverflow: a LOGIN-DELAY too large for a
// time.Duration must not wrap around into a negative (or tiny) delay, which
// a caller would read as "log in again right away".
func TestParseCapabilitiesLoginDelayOverflow(t *testing.T) {
	t.Parallel()
	for _, line := range []string{
		"LOGIN-DELAY 10000000000",         // 1e10 s = 1e19 ns: wraps to about -267 years
		"LOGIN-DELAY 18446744074",         // wraps to 290.448384ms
		"LOGIN-DELAY 9223372036854775807", // MaxInt64 s: wraps to -1s
	} {
		got := parseCapabilities([]string{line}).LoginDelay
		if got < 0 || (got > 0 && got < 1000*time.Hour) {
			t.Errorf("parseCapabilities(%q).LoginDelay = %v, want 0 (ignored) or a huge clamped value", line, got)
		}
	}
}

// TestParseCapabilitiesImplementationIndent: the IMPLEMENTATION text is
// what follows the keyword even when the line is indented (strings.Fields
// already tolerates the indent for every other capability).
func TestParseCapabilitiesImplementationIndent(t *testing.T) {
	t.Parallel()
	for _, line := range []string{"  IMPLEMENTATION Shiny", "\tIMPLEMENTATION Shiny"} {
		if got := parseCapabilities([]string{line}).Implementation; got != "Shiny" {
			t.Errorf("parseCapabilities(%q).Implementation = %q, want %q", line, got, "Shiny")
		}
	}
}

func TestParseListLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want MessageInfo
		bad  bool
	}{
		{line: "1 1024", want: MessageInfo{Number: 1, Size: 1024}},
		{line: "1     1024", want: MessageInfo{Number: 1, Size: 1024}},
		{line: "  2\t 300  ", want: MessageInfo{Number: 2, Size: 300}},
		{line: "3 0", want: MessageInfo{Number: 3, Size: 0}},
		{line: "4 1024 extra info", want: MessageInfo{Number: 4, Size: 1024}},
		{line: "5", want: MessageInfo{Number: 5, Size: -1}},
		{line: "5   ", want: MessageInfo{Number: 5, Size: -1}},
		{line: "6 -1", want: MessageInfo{Number: 6, Size: -1}},
		{line: "6 -4096", want: MessageInfo{Number: 6, Size: -1}},
		{line: "7 9223372036854775807", want: MessageInfo{Number: 7, Size: 1<<63 - 1}},
		{line: "7 9223372036854775808", bad: true},
		{line: "7 99999999999999999999999", bad: true},
		{line: "8 ten-twenty-four", bad: true},
		{line: "8 12k", bad: true},
		{line: "8 1.5", bad: true},
		{line: "0 100", bad: true},
		{line: "-1 100", bad: true},
		{line: "x 100", bad: true},
		{line: "99999999999999999999 1", bad: true},
		{line: "", bad: true},
		{line: "   ", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			got, err := parseListLine([]byte(tt.line))
			if tt.bad {
				wantProtocolError(t, err, "LIST")
				return
			}
			if err != nil {
				t.Fatalf("parseListLine(%q): %v", tt.line, err)
			}
			if got != tt.want {
				t.Errorf("parseListLine(%q) = %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}

func TestParseUIDLLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line string
		want MessageInfo
		bad  bool
	}{
		{line: "1 whqtswO00WBw418f9t5JxYwZ", want: MessageInfo{Number: 1, Size: -1, UID: "whqtswO00WBw418f9t5JxYwZ"}},
		{line: "2     QhdPYR:00WBw1Ph7x7", want: MessageInfo{Number: 2, Size: -1, UID: "QhdPYR:00WBw1Ph7x7"}},
		{line: "\t3\t<a@b.example>\t", want: MessageInfo{Number: 3, Size: -1, UID: "<a@b.example>"}},
		{line: "4 abc def", want: MessageInfo{Number: 4, Size: -1, UID: "abc"}},
		{line: "5", bad: true},
		{line: "5   ", bad: true},
		{line: "", bad: true},
		{line: "0 abc", bad: true},
		{line: "-2 abc", bad: true},
		{line: "x abc", bad: true},
		{line: "99999999999999999999 abc", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			got, err := parseUIDLLine([]byte(tt.line))
			if tt.bad {
				wantProtocolError(t, err, "UIDL")
				return
			}
			if err != nil {
				t.Fatalf("parseUIDLLine(%q): %v", tt.line, err)
			}
			if got != tt.want {
				t.Errorf("parseUIDLLine(%q) = %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}

func listingLines(s string) [][]byte {
	if s == "" {
		return nil
	}
	var out [][]byte
	for _, l := range strings.Split(s, "\n") {
		out = append(out, []byte(l))
	}
	return out
}

func TestParseListing(t *testing.T) {
	t.Parallel()
	type parser = func([]byte) (MessageInfo, error)
	tests := []struct {
		name  string
		cmd   string
		parse parser
		body  string
		want  []MessageInfo
		bad   bool
	}{
		{"empty", "LIST", parseListLine, "", []MessageInfo{}, false},
		{"list", "LIST", parseListLine, "1 10\n2 20\n3 30",
			[]MessageInfo{{1, 10, ""}, {2, 20, ""}, {3, 30, ""}}, false},
		{"list gaps", "LIST", parseListLine, "2 20\n5 50\n100 1",
			[]MessageInfo{{2, 20, ""}, {5, 50, ""}, {100, 1, ""}}, false},
		{"list missing size", "LIST", parseListLine, "1 10\n2",
			[]MessageInfo{{1, 10, ""}, {2, -1, ""}}, false},
		{"list out of order", "LIST", parseListLine, "2 20\n1 10", nil, true},
		{"list duplicate", "LIST", parseListLine, "1 10\n1 10", nil, true},
		{"list bad line", "LIST", parseListLine, "1 10\n2 x\n3 30", nil, true},
		{"list blank line", "LIST", parseListLine, "1 10\n\n3 30", nil, true},
		{"uidl", "UIDL", parseUIDLLine, "1 a\n3 c",
			[]MessageInfo{{1, -1, "a"}, {3, -1, "c"}}, false},
		{"uidl out of order", "UIDL", parseUIDLLine, "3 c\n1 a", nil, true},
		{"uidl missing uid", "UIDL", parseUIDLLine, "1 a\n2", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parseListing(tt.cmd, listingLines(tt.body), tt.parse)
			if tt.bad {
				wantProtocolError(t, err, tt.cmd)
				if got != nil {
					t.Errorf("partial result %+v returned with the error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseListingTranscripts(t *testing.T) {
	t.Parallel()
	list := func(sizes ...int64) []MessageInfo {
		var out []MessageInfo
		for i, s := range sizes {
			out = append(out, MessageInfo{Number: i + 1, Size: s})
		}
		return out
	}
	tests := []struct {
		file  string
		cmd   string
		parse func([]byte) (MessageInfo, error)
		want  []MessageInfo
		bad   bool
	}{
		{"gmail/list.txt", "LIST", parseListLine, list(1024, 1025, 1026), false},
		{"comcast/list.txt", "LIST", parseListLine, list(1024, 2048, 3072, 4096, 5120, 6144, 7168), false},
		// "7" without a size.
		{"comcast/list-error1.txt", "LIST", parseListLine, list(1024, 2048, 3072, 4096, 5120, 6144, -1), false},
		// 6 then 8: a gap, which deleted messages leave.
		{"comcast/list-error2.txt", "LIST", parseListLine,
			append(list(1024, 2048, 3072, 4096, 5120, 6144), MessageInfo{Number: 8, Size: 8192}), false},
		// "7 ten-twenty-four".
		{"comcast/list-error3.txt", "LIST", parseListLine, nil, true},
		{"gmail/uidl.txt", "UIDL", parseUIDLLine,
			[]MessageInfo{{1, -1, "101"}, {2, -1, "102"}, {3, -1, "103"}}, false},
		// "3" without a unique-id.
		{"gmail/uidl-error1.txt", "UIDL", parseUIDLLine, nil, true},
		{"gmail/uidl-error2.txt", "UIDL", parseUIDLLine,
			[]MessageInfo{{1, -1, "101"}, {2, -1, "102"}, {4, -1, "103"}}, false},
		{"exchange/uidl.txt", "UIDL", parseUIDLLine,
			[]MessageInfo{{1, -1, "6499"}, {2, -1, "6500"}, {3, -1, "6501"}, {4, -1, "6502"}, {5, -1, "6503"}, {6, -1, "6504"}, {7, -1, "6505"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			st, lines := transcriptReply(t, tt.file, tt.cmd)
			if !st.ok {
				t.Fatalf("status %+v, want +OK", st)
			}
			got, err := parseListing(tt.cmd, lines, tt.parse)
			if tt.bad {
				wantProtocolError(t, err, tt.cmd)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
