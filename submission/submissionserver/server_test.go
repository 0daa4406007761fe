package submissionserver_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission/submissionserver"
)

func TestSubmitKeepsMessage(t *testing.T) {
	for _, mech := range []string{"PLAIN", "LOGIN"} {
		t.Run(mech, func(t *testing.T) {
			s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
			c := dial(t, addr)
			a := sasl.NewPlainClient("", user, pass)
			if mech == "LOGIN" {
				a = sasl.NewLoginClient(user, pass)
			}
			if err := c.Auth(a); err != nil {
				t.Fatal(err)
			}
			if err := send(c, "alice@example.com", []string{"bob@example.com", "carol@example.com"}, testMessage); err != nil {
				t.Fatal(err)
			}
			got := s.Messages()
			if len(got) != 1 {
				t.Fatalf("%d messages kept, want 1", len(got))
			}
			m := got[0]
			if m.User != user || m.From != "alice@example.com" || !slices.Equal(m.To, []string{"bob@example.com", "carol@example.com"}) {
				t.Errorf("envelope = %q %q %q", m.User, m.From, m.To)
			}
			if !bytes.Equal(m.Data, testMessage) {
				t.Errorf("data = %q, want %q", m.Data, testMessage)
			}
		})
	}
}

func TestAuthRequired(t *testing.T) {
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	c := dial(t, addr)
	err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage)
	wantReply(t, err, 530, smtp.EnhancedCode{5, 7, 0})
	// Positive control: the same client, once logged in, sends.
	c.Reset()
	login(t, c)
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want only the authenticated one", n)
	}
}

func TestAuthFailed(t *testing.T) {
	_, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	tests := []struct {
		name string
		a    sasl.Client
	}{
		{"wrong password", sasl.NewPlainClient("", user, "wrong")},
		{"unknown user", sasl.NewPlainClient("", "mallory", pass)},
		{"empty password", sasl.NewPlainClient("", user, "")},
		{"other identity", sasl.NewPlainClient("bob", user, pass)},
		{"LOGIN wrong password", sasl.NewLoginClient(user, "wrong")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, addr)
			wantReply(t, c.Auth(tt.a), 535, smtp.EnhancedCode{5, 7, 8})
		})
	}
}

// TestNoAuthInPlainText: by default credentials are not taken over a
// plain connection; the same server with AllowInsecureAuth (positive
// control) takes them.
func TestNoAuthInPlainText(t *testing.T) {
	_, addr := start(t, nil)
	c := dial(t, addr)
	if c.SupportsAuth("PLAIN") {
		t.Error("AUTH offered on a plain connection")
	}
	wantReply(t, c.Auth(sasl.NewPlainClient("", user, pass)), 523, smtp.EnhancedCode{5, 7, 10})

	_, addr = start(t, &submissionserver.Options{AllowInsecureAuth: true})
	c = dial(t, addr)
	if !c.SupportsAuth("PLAIN") || !c.SupportsAuth("LOGIN") {
		t.Error("AUTH PLAIN LOGIN not offered with AllowInsecureAuth")
	}
}

func TestExtensions(t *testing.T) {
	_, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true, MaxMessageBytes: 12345})
	c := dial(t, addr)
	for _, ext := range []string{"PIPELINING", "8BITMIME", "SMTPUTF8", "ENHANCEDSTATUSCODES", "AUTH"} {
		if ok, _ := c.Extension(ext); !ok {
			t.Errorf("%s not offered", ext)
		}
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered without a TLSConfig")
	}
	if n, ok := c.MaxMessageSize(); !ok || n != 12345 {
		t.Errorf("SIZE = %d, %v; want 12345", n, ok)
	}
}

func TestSTARTTLS(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	s, addr := start(t, &submissionserver.Options{TLSConfig: srvCfg})
	c := dial(t, addr)
	if ok, _ := c.Extension("STARTTLS"); !ok {
		t.Fatal("STARTTLS not offered")
	}
	if c.SupportsAuth("PLAIN") {
		t.Fatal("AUTH offered before STARTTLS")
	}
	c.Close()

	c, err := smtp.DialStartTLS(addr, cliCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered again inside TLS")
	}
	login(t, c)
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want 1", n)
	}
}

func TestImplicitTLS(t *testing.T) {
	srvCfg, cliCfg := tlsConfigs(t)
	s := submissionserver.New(&submissionserver.Options{TLSConfig: srvCfg})
	defer s.Close()
	if err := s.AddUser(user, pass); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocalTLS()
	if err != nil {
		t.Fatal(err)
	}
	c, err := smtp.DialTLS(addr, cliCfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, ok := c.TLSConnectionState(); !ok {
		t.Fatal("not TLS")
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		t.Error("STARTTLS offered on implicit TLS")
	}
	login(t, c)
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want 1", n)
	}

	if _, err := submissionserver.New(nil).StartLocalTLS(); !errors.Is(err, submissionserver.ErrNoTLSConfig) {
		t.Errorf("implicit TLS without a config: %v", err)
	}
}

func TestSize(t *testing.T) {
	const limit = 4096
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true, MaxMessageBytes: limit})
	big := append(bytes.Repeat([]byte("0123456789abcdef012345678901234567890123456789abcdef0123456789\r\n"), 2*limit/64), testMessage...)

	// Declared: refused at MAIL, before any byte of the message.
	c := dial(t, addr)
	login(t, c)
	wantReply(t, c.Mail("alice@example.com", &smtp.MailOptions{Size: int64(len(big))}), 552, smtp.EnhancedCode{5, 3, 4})

	// Not declared: refused at the end of DATA.
	c.Reset()
	wantReply(t, send(c, "alice@example.com", []string{"bob@example.com"}, big), 552, smtp.EnhancedCode{5, 3, 4})
	if n := len(s.Messages()); n != 0 {
		t.Fatalf("%d messages kept over the limit", n)
	}
	// Positive control: a message within the limit on the same session.
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	if n := len(s.Messages()); n != 1 {
		t.Errorf("%d messages kept, want 1", n)
	}
}

// TestRecipientRefusal: one recipient of three refused in the callback's
// own words; the message goes to the other two.
func TestRecipientRefusal(t *testing.T) {
	refused := &submissionserver.Refusal{Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "No such mailbox: carol"}
	s, addr := start(t, &submissionserver.Options{
		AllowInsecureAuth: true,
		Recipient: func(u, from, to string) error {
			if u != user || from != "alice@example.com" {
				return fmt.Errorf("callback got user %q from %q", u, from)
			}
			if to == "carol@example.com" {
				return refused
			}
			return nil
		},
	})
	c := dial(t, addr)
	login(t, c)
	if err := c.Mail("alice@example.com", nil); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"bob@example.com", "carol@example.com", "dave@example.com"} {
		err := c.Rcpt(to, nil)
		if to == "carol@example.com" {
			se := wantReply(t, err, 550, smtp.EnhancedCode{5, 1, 1})
			if se.Message != refused.Text {
				t.Errorf("text %q, want %q", se.Message, refused.Text)
			}
		} else if err != nil {
			t.Fatalf("RCPT %s: %v", to, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write(testMessage)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := s.Messages()
	if len(got) != 1 || !slices.Equal(got[0].To, []string{"bob@example.com", "dave@example.com"}) {
		t.Fatalf("kept %+v", got)
	}
}

func TestDeliverRefusal(t *testing.T) {
	var (
		mu        sync.Mutex // the callback runs on the session's goroutine
		delivered [][]byte
		answer    error
	)
	setAnswer := func(err error) { mu.Lock(); answer = err; mu.Unlock() }
	refusal := &submissionserver.Refusal{Code: 554, Enhanced: [3]int{5, 6, 0}, Text: "Content refused"}
	_, addr := start(t, &submissionserver.Options{
		AllowInsecureAuth: true,
		Deliver: func(from string, to []string, msg []byte) error {
			mu.Lock()
			defer mu.Unlock()
			if answer != nil {
				return answer
			}
			delivered = append(delivered, msg)
			return nil
		},
	})
	c := dial(t, addr)
	login(t, c)

	setAnswer(refusal)
	wantReply(t, send(c, "alice@example.com", []string{"bob@example.com"}, testMessage), 554, smtp.EnhancedCode{5, 6, 0})

	// Another error is a temporary failure, and its text stays here.
	setAnswer(errors.New("disk /var/secret full"))
	se := wantReply(t, send(c, "alice@example.com", []string{"bob@example.com"}, testMessage), 451, smtp.EnhancedCode{4, 3, 0})
	if strings.Contains(se.Message, "secret") {
		t.Errorf("reply leaks the callback's error: %q", se.Message)
	}

	setAnswer(nil)
	if err := send(c, "alice@example.com", []string{"bob@example.com"}, testMessage); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(delivered) != 1 || !bytes.Equal(delivered[0], testMessage) {
		t.Errorf("delivered %q", delivered)
	}
}

func TestSMTPUTF8And8Bit(t *testing.T) {
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	c := dial(t, addr)
	login(t, c)
	msg := []byte("From: José <josé@exämple.com>\r\nTo: zoë@exämple.com\r\nSubject: Grüße\r\n\r\nÇa va? 日本語\r\n")
	if err := c.Mail("josé@exämple.com", &smtp.MailOptions{UTF8: true}); err != nil {
		t.Fatal(err)
	}
	if err := c.Rcpt("zoë@exämple.com", nil); err != nil {
		t.Fatal(err)
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	w.Write(msg)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := s.Messages()
	if len(got) != 1 || got[0].From != "josé@exämple.com" || !bytes.Equal(got[0].Data, msg) {
		t.Fatalf("kept %+v", got)
	}
}

// rawClient speaks SMTP line by line, for what go-smtp's client does not
// do: pipelined batches, an initial response to LOGIN.
type rawClient struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

func dialRaw(t *testing.T, addr string) *rawClient {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	rc := &rawClient{t: t, conn: conn, r: bufio.NewReader(conn)}
	rc.want("220")
	rc.send("EHLO test\r\n")
	rc.want("250")
	return rc
}

func (rc *rawClient) send(s string) {
	rc.t.Helper()
	if _, err := rc.conn.Write([]byte(s)); err != nil {
		rc.t.Fatal(err)
	}
}

// want reads one (possibly multi-line) reply and checks its last line
// starts with prefix.
func (rc *rawClient) want(prefix string) string {
	rc.t.Helper()
	for {
		line, err := rc.r.ReadString('\n')
		if err != nil {
			rc.t.Fatalf("reading reply: %v", err)
		}
		if len(line) < 4 || line[3] != '-' {
			line = strings.TrimRight(line, "\r\n")
			if !strings.HasPrefix(line, prefix) {
				rc.t.Fatalf("reply %q, want %s", line, prefix)
			}
			return line
		}
	}
}

// TestPipelining sends a whole transaction in one write after AUTH, as a
// PIPELINING client does (RFC 2920), and reads every reply after.
func TestPipelining(t *testing.T) {
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	rc := dialRaw(t, addr)
	rc.send("AUTH PLAIN " + base64.StdEncoding.EncodeToString([]byte("\x00"+user+"\x00"+pass)) + "\r\n")
	rc.want("235")
	rc.send("MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\nRCPT TO:<carol@example.com>\r\nDATA\r\n")
	for _, code := range []string{"250", "250", "250", "354"} {
		rc.want(code)
	}
	rc.send("Subject: pipelined\r\n\r\nhi\r\n..dot\r\n.\r\nQUIT\r\n")
	rc.want("250")
	rc.want("221")
	got := s.Messages()
	if len(got) != 1 || string(got[0].Data) != "Subject: pipelined\r\n\r\nhi\r\n.dot\r\n" {
		t.Fatalf("kept %+v", got)
	}
}

// TestLoginInitialResponse: a LOGIN client may send the user name with
// the command; the server then asks only for the password.
func TestLoginInitialResponse(t *testing.T) {
	_, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	b64 := base64.StdEncoding.EncodeToString
	rc := dialRaw(t, addr)
	rc.send("AUTH LOGIN " + b64([]byte(user)) + "\r\n")
	if got := rc.want("334"); got != "334 "+b64([]byte("Password:")) {
		t.Fatalf("challenge %q, want Password:", got)
	}
	rc.send(b64([]byte(pass)) + "\r\n")
	rc.want("235")

	rc = dialRaw(t, addr)
	rc.send("AUTH LOGIN\r\n")
	if got := rc.want("334"); got != "334 "+b64([]byte("Username:")) {
		t.Fatalf("challenge %q, want Username:", got)
	}
	rc.send(b64([]byte(user)) + "\r\n")
	rc.want("334")
	rc.send(b64([]byte("wrong")) + "\r\n")
	rc.want("535")
}

func TestAddUserInvalid(t *testing.T) {
	s := submissionserver.New(nil)
	defer s.Close()
	for _, name := range []string{"", "a b", "a\x00", "a\tb", "\x7f"} {
		if err := s.AddUser(name, "x"); !errors.Is(err, submissionserver.ErrInvalidUser) {
			t.Errorf("AddUser(%q) = %v", name, err)
		}
	}
	if err := s.AddUser("bob@example.com", "x"); err != nil {
		t.Errorf("AddUser(an address): %v", err)
	}
}

func TestClose(t *testing.T) {
	s, addr := start(t, &submissionserver.Options{AllowInsecureAuth: true})
	c := dial(t, addr)
	login(t, c)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := c.Noop(); err == nil {
		t.Error("session still answers after Close")
	}
	if _, err := net.Dial("tcp", addr); err == nil {
		t.Error("listener still accepts after Close")
	}
	if _, err := s.StartLocal(); !errors.Is(err, submissionserver.ErrServerClosed) {
		t.Errorf("StartLocal after Close: %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Serve(l); !errors.Is(err, submissionserver.ErrServerClosed) {
		t.Errorf("Serve after Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}
