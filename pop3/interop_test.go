//go:build !js

package pop3

// Interop tests against a real Dovecot 2.3 (internal/dovecottest). Each
// test starts its own server, so they run in parallel; without Dovecot
// they skip, or fail when CI is set. Run them with
//
//	CI=true go test -race -run Interop ./pop3/

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// TestInteropUserPass logs in with USER/PASS on the plain port, which the
// client allows on loopback with AllowInsecureAuth. Login prefers SASL,
// so the test hides Dovecot's SASL capability line from the client.
func TestInteropUserPass(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	ctx := interopContext(t)
	c, tap := tapped(t, ctx, s.Addr, &Options{AllowInsecureAuth: true}, hideSASL)

	caps, err := c.Capabilities(ctx)
	if err != nil {
		t.Fatalf("Capabilities: %v", err)
	}
	if !caps.User || len(caps.SASL) != 0 {
		t.Fatalf("capabilities User=%v SASL=%q, want USER and no SASL (hidden)", caps.User, caps.SASL)
	}
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	sent := tap.sent()
	if want := "USER " + s.User + "\r\nPASS " + s.Password + "\r\n"; !strings.Contains(sent, want) {
		t.Errorf("the client sent %q, want it to contain %q", sent, want)
	}
	if strings.Contains(sent, "AUTH") {
		t.Errorf("the client sent AUTH to a server without SASL: %q", sent)
	}
	// Dovecot runs USER/PASS through its PLAIN mechanism.
	waitLog(t, s, "Login: user=<"+s.User+">", "method=PLAIN")
	if n, size, err := c.Stat(ctx); err != nil || n != 0 || size != 0 {
		t.Errorf("Stat = %d, %d, %v; want 0, 0 on an empty maildir", n, size, err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}
}

// TestInteropInsecureAuthRefused checks that, on the plain port and
// without AllowInsecureAuth, Login and Authenticate refuse before sending
// anything, and that the session is still good for STLS.
func TestInteropInsecureAuthRefused(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	for _, tc := range []struct {
		name string
		auth func(context.Context, *Client) error
	}{
		{"Login", func(ctx context.Context, c *Client) error { return c.Login(ctx, s.User, s.Password) }},
		{"Authenticate", func(ctx context.Context, c *Client) error {
			return c.Authenticate(ctx, sasl.NewPlainClient("", s.User, s.Password))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			c, tap := tapped(t, ctx, s.Addr, &Options{SASLInitialResponse: true}, nil)
			if err := tc.auth(ctx, c); !errors.Is(err, ErrInsecureAuth) {
				t.Fatalf("%s without TLS = %v, want ErrInsecureAuth", tc.name, err)
			}
			if sent := tap.sent(); sent != "" {
				t.Fatalf("%s sent %q before refusing, want nothing", tc.name, sent)
			}
			// The refusal cost nothing: upgrade and log in.
			if err := c.StartTLS(ctx, s.TLSConfig()); err != nil {
				t.Fatalf("StartTLS after the refusal: %v", err)
			}
			if err := tc.auth(ctx, c); err != nil {
				t.Fatalf("%s after StartTLS: %v", tc.name, err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
}

// TestInteropSTLS upgrades the plain port with STLS and logs in without
// AllowInsecureAuth, checking that capabilities are asked again after the
// upgrade (no more STLS) and after login (the transaction-state list).
func TestInteropSTLS(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	for _, tc := range []struct {
		name   string
		opts   *Options
		config *tls.Config // given to StartTLS
		sni    string      // the server name sent, if any
	}{
		{"config to StartTLS", nil, s.TLSConfig(), "localhost"},
		// A nil config falls back to Options.TLSConfig, with the
		// ServerName taken from the address given to Dial: the
		// certificate is checked for 127.0.0.1, which crypto/tls does
		// not send as SNI.
		{"Options.TLSConfig", &Options{TLSConfig: &tls.Config{RootCAs: s.RootCAs}}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			c := interopDial(t, ctx, s.Addr, tc.opts)
			before, err := c.Capabilities(ctx)
			if err != nil {
				t.Fatalf("Capabilities: %v", err)
			}
			if !before.STLS {
				t.Fatalf("Dovecot does not announce STLS: %q", before.Raw)
			}
			if _, ok := c.TLSConnectionState(); ok {
				t.Error("TLSConnectionState reports TLS before StartTLS")
			}
			if err := c.StartTLS(ctx, tc.config); err != nil {
				t.Fatalf("StartTLS: %v", err)
			}
			st, ok := c.TLSConnectionState()
			if !ok || !st.HandshakeComplete || len(st.VerifiedChains) == 0 || st.ServerName != tc.sni {
				t.Errorf("after StartTLS: state ok=%v complete=%v verified chains=%d SNI=%q, want a verified handshake with SNI %q",
					ok, st.HandshakeComplete, len(st.VerifiedChains), st.ServerName, tc.sni)
			}
			afterTLS, err := c.Capabilities(ctx)
			if err != nil {
				t.Fatalf("Capabilities after StartTLS: %v", err)
			}
			if afterTLS.STLS || !afterTLS.HasSASL("PLAIN") || !afterTLS.User {
				t.Errorf("capabilities after STLS = %q, want USER and SASL PLAIN without STLS", afterTLS.Raw)
			}
			if err := c.StartTLS(ctx, s.TLSConfig()); err == nil {
				t.Error("a second StartTLS succeeded")
			}
			if err := c.Login(ctx, s.User, s.Password); err != nil {
				t.Fatalf("Login over STLS without AllowInsecureAuth: %v", err)
			}
			afterLogin, err := c.Capabilities(ctx)
			if err != nil {
				t.Fatalf("Capabilities after Login: %v", err)
			}
			if afterLogin.STLS || len(afterLogin.SASL) != 0 || !afterLogin.Pipelining || !afterLogin.UIDL || !afterLogin.Top {
				t.Errorf("capabilities after login = %q, want TOP, UIDL and PIPELINING, no STLS or SASL", afterLogin.Raw)
			}
			if _, _, err := c.Stat(ctx); err != nil {
				t.Errorf("Stat: %v", err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
}

// TestInteropImplicitTLS connects to the implicit-TLS port (the role of
// 995) trusting the harness CA, and logs in without AllowInsecureAuth.
func TestInteropImplicitTLS(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	s.Deliver(s.User, interopMessage(1))
	for _, tc := range []struct {
		name   string
		config *tls.Config
		sni    string // the server name sent, if any
	}{
		{"harness config", s.TLSConfig(), "localhost"},
		// No ServerName: the certificate is checked for the host of
		// the address, 127.0.0.1, which crypto/tls does not send as SNI.
		{"ServerName from the address", &tls.Config{RootCAs: s.RootCAs}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			c, err := DialTLS(ctx, s.TLSAddr, &Options{TLSConfig: tc.config})
			if err != nil {
				t.Fatalf("DialTLS: %v", err)
			}
			defer c.Close()
			st, ok := c.TLSConnectionState()
			if !ok || !st.HandshakeComplete || len(st.VerifiedChains) == 0 || st.ServerName != tc.sni || st.Version < tls.VersionTLS12 {
				t.Errorf("TLS state ok=%v complete=%v verified chains=%d SNI=%q version=%x, want a verified TLS 1.2+ handshake with SNI %q",
					ok, st.HandshakeComplete, len(st.VerifiedChains), st.ServerName, st.Version, tc.sni)
			}
			caps, err := c.Capabilities(ctx)
			if err != nil {
				t.Fatalf("Capabilities: %v", err)
			}
			if caps.STLS {
				t.Errorf("STLS announced on an implicit-TLS connection: %q", caps.Raw)
			}
			if err := c.Login(ctx, s.User, s.Password); err != nil {
				t.Fatalf("Login over implicit TLS without AllowInsecureAuth: %v", err)
			}
			want := int64(len(dovecottest.Wire(interopMessage(1))))
			if n, size, err := c.Stat(ctx); err != nil || n != 1 || size != want {
				t.Errorf("Stat = %d, %d, %v; want 1, %d", n, size, err, want)
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
}

// TestInteropUntrustedCA checks that a client trusting another CA fails
// the handshake, on both TLS paths, with an error that says so.
func TestInteropUntrustedCA(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	stranger, err := testca.New("Stranger CA")
	if err != nil {
		t.Fatal(err)
	}
	untrusted := &tls.Config{RootCAs: stranger.Pool(), ServerName: "localhost"}
	for _, tc := range []struct {
		name    string
		connect func(t *testing.T, ctx context.Context) (*Client, error)
	}{
		{"DialTLS", func(t *testing.T, ctx context.Context) (*Client, error) {
			return DialTLS(ctx, s.TLSAddr, &Options{TLSConfig: untrusted})
		}},
		{"StartTLS", func(t *testing.T, ctx context.Context) (*Client, error) {
			c := interopDial(t, ctx, s.Addr, nil)
			return c, c.StartTLS(ctx, untrusted)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			c, err := tc.connect(t, ctx)
			var unknown x509.UnknownAuthorityError
			if !errors.As(err, &unknown) {
				t.Fatalf("%s trusting another CA = %v, want an x509.UnknownAuthorityError", tc.name, err)
			}
			msg := err.Error()
			for _, want := range []string{"pop3:", "TLS handshake", "certificate signed by unknown authority"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not say %q", msg, want)
				}
			}
			if c == nil {
				return
			}
			// A failed STLS leaves the stream in an unknown state.
			if err := c.Noop(ctx); !errors.Is(err, ErrClosed) {
				t.Errorf("Noop after a failed StartTLS = %v, want ErrClosed", err)
			}
			if err := c.Login(ctx, s.User, s.Password); !errors.Is(err, ErrClosed) {
				t.Errorf("Login after a failed StartTLS = %v, want ErrClosed", err)
			}
		})
	}
}

// TestInteropSASLPlain authenticates with SASL PLAIN, with the credentials
// on the AUTH line (RFC 5034 initial response) and after a continuation.
func TestInteropSASLPlain(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	creds := base64.StdEncoding.EncodeToString([]byte("\x00" + s.User + "\x00" + s.Password))
	for _, tc := range []struct {
		initial bool
		first   string // the first line the client sends
	}{
		{false, "AUTH PLAIN\r\n"},
		{true, "AUTH PLAIN " + creds + "\r\n"},
	} {
		t.Run(fmt.Sprintf("SASLInitialResponse=%v", tc.initial), func(t *testing.T) {
			ctx := interopContext(t)
			c, tap := tapped(t, ctx, s.Addr, &Options{AllowInsecureAuth: true, SASLInitialResponse: tc.initial}, nil)
			if err := c.Authenticate(ctx, sasl.NewPlainClient("", s.User, s.Password)); err != nil {
				t.Fatalf("Authenticate(PLAIN): %v", err)
			}
			sent := tap.sent()
			if !strings.HasPrefix(sent, tc.first) {
				t.Errorf("the client sent %q, want it to start with %q", sent, tc.first)
			}
			if strings.Count(sent, creds) != 1 {
				t.Errorf("the client sent %q, want the credentials once", sent)
			}
			if _, _, err := c.Stat(ctx); err != nil {
				t.Errorf("Stat after Authenticate: %v", err)
			}
			if err := c.Authenticate(ctx, sasl.NewPlainClient("", s.User, s.Password)); err == nil {
				t.Error("a second Authenticate succeeded")
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
	waitLog(t, s, "Login: user=<"+s.User+">", "method=PLAIN")
}

// TestInteropCRAMMD5 checks that Login picks CRAM-MD5, the strongest
// mechanism Dovecot offers here, and that the password stays off the wire.
func TestInteropCRAMMD5(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	ctx := interopContext(t)
	c, tap := tapped(t, ctx, s.Addr, &Options{AllowInsecureAuth: true}, nil)
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	sent := tap.sent()
	if !strings.Contains(sent, "AUTH CRAM-MD5\r\n") {
		t.Errorf("the client sent %q, want AUTH CRAM-MD5", sent)
	}
	if strings.Contains(sent, s.Password) || strings.Contains(sent, base64.StdEncoding.EncodeToString([]byte(s.Password))) {
		t.Errorf("the password crossed the wire with CRAM-MD5: %q", sent)
	}
	waitLog(t, s, "Login: user=<"+s.User+">", "method=CRAM-MD5")
	if err := c.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}
}

// TestInteropWrongPassword checks every way of logging in with a wrong
// password: IsAuthFailure holds, the error does not carry the password,
// and the session stays usable for another try.
func TestInteropWrongPassword(t *testing.T) {
	t.Parallel()
	// Dovecot's anvil delays each login from an address after a failure
	// from it (2 s, doubling up to 15 s; auth_failure_delay is another
	// knob). Every case here fails once, then logs in: turn that off.
	s := dovecottest.Start(t, &dovecottest.Config{Extra: noAuthPenalty})
	wrong := "not-" + s.Password + "-Xyzzy42"
	for _, tc := range []struct {
		name    string
		opts    Options
		hide    func([]byte) bool
		auth    func(ctx context.Context, c *Client, password string) error
		command string // the verb the *Error names
	}{
		{"Login CRAM-MD5", Options{}, nil, func(ctx context.Context, c *Client, p string) error { return c.Login(ctx, s.User, p) }, "AUTH"},
		{"Login USER/PASS", Options{}, hideSASL, func(ctx context.Context, c *Client, p string) error { return c.Login(ctx, s.User, p) }, "PASS"},
		{"PLAIN", Options{}, nil, func(ctx context.Context, c *Client, p string) error {
			return c.Authenticate(ctx, sasl.NewPlainClient("", s.User, p))
		}, "AUTH"},
		{"PLAIN initial response", Options{SASLInitialResponse: true}, nil, func(ctx context.Context, c *Client, p string) error {
			return c.Authenticate(ctx, sasl.NewPlainClient("", s.User, p))
		}, "AUTH"},
		{"LOGIN", Options{}, nil, func(ctx context.Context, c *Client, p string) error {
			return c.Authenticate(ctx, sasl.NewLoginClient(s.User, p))
		}, "AUTH"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			tc.opts.AllowInsecureAuth = true
			c, _ := tapped(t, ctx, s.Addr, &tc.opts, tc.hide)
			err := tc.auth(ctx, c, wrong)
			if !IsAuthFailure(err) {
				t.Fatalf("wrong password: %v, want IsAuthFailure", err)
			}
			if IsInUse(err) || IsTemporary(err) || errors.Is(err, ErrClosed) {
				t.Errorf("wrong password: %v, want no other condition", err)
			}
			var reply *Error
			if !errors.As(err, &reply) || reply.Command != tc.command {
				t.Errorf("wrong password: %#v, want an *Error for %s", err, tc.command)
			}
			msg := fmt.Sprintf("%v %+v %#v", err, err, reply)
			for _, secret := range []string{wrong, base64.StdEncoding.EncodeToString([]byte("\x00" + s.User + "\x00" + wrong)), base64.StdEncoding.EncodeToString([]byte(wrong))} {
				if strings.Contains(msg, secret) {
					t.Errorf("the error carries the password (%q): %s", secret, msg)
				}
			}
			if err := tc.auth(ctx, c, s.Password); err != nil {
				t.Fatalf("second try with the right password: %v", err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
		})
	}
}

// batchResult is everything one run of the pipelined batch sequence
// observed; runs with and without pipelining must observe the same.
type batchResult struct {
	Inventory   []MessageInfo
	Index       map[int]int // message number -> index of the delivered message
	Bodies      map[int][sha256.Size]byte
	AfterDele   [2]int64 // Stat: count, size
	Lists       []MessageInfo
	ListErrs    []int
	UIDLs       []MessageInfo
	SecondDele  []int // numbers the second DeleMany reported as refused
	AfterRset   [2]int64
	LinesPerOut int // most commands in one write: not compared
}

// TestInteropBatches runs batches of 1,000 commands (LIST, UIDL, TOP,
// RETR, DELE) with and without pipelining, checks each against what was
// delivered, and requires both ways to see the same.
func TestInteropBatches(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	const count = 1000
	msgs := make([][]byte, count)
	for i := range msgs {
		msgs[i] = interopMessage(i)
	}
	s.DeliverMany(s.User, msgs)
	ctx := interopContext(t)

	pipelined := runBatches(t, s, msgs, false)
	sequential := runBatches(t, s, msgs, true)
	if pipelined.LinesPerOut < 100 {
		t.Errorf("with PIPELINING, at most %d commands went out in one write; want batches", pipelined.LinesPerOut)
	}
	if sequential.LinesPerOut != 1 {
		t.Errorf("with DisablePipelining, %d commands went out in one write; want 1", sequential.LinesPerOut)
	}
	pipelined.LinesPerOut, sequential.LinesPerOut = 0, 0
	if !reflect.DeepEqual(pipelined, sequential) {
		t.Errorf("pipelined and sequential runs differ:\npipelined:  %+v\nsequential: %+v", pipelined, sequential)
	}
	if got := interopUIDs(t, ctx, s); len(got) != count {
		t.Errorf("after RSET and QUIT a new session lists %d messages, want %d", len(got), count)
	}
}

// runBatches is one session of TestInteropBatches.
func runBatches(t *testing.T, s *dovecottest.Server, msgs [][]byte, disablePipelining bool) batchResult {
	t.Helper()
	ctx := interopContext(t)
	var r batchResult
	c, tap := tapped(t, ctx, s.Addr, &Options{AllowInsecureAuth: true, DisablePipelining: disablePipelining}, nil)
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	caps, err := c.Capabilities(ctx)
	if err != nil || !caps.Pipelining {
		t.Fatalf("Capabilities = %q, %v; want PIPELINING", caps.Raw, err)
	}

	var hasUIDs bool
	r.Inventory, hasUIDs, err = c.Inventory(ctx)
	if err != nil || !hasUIDs {
		t.Fatalf("Inventory: hasUIDs=%v, %v", hasUIDs, err)
	}
	if len(r.Inventory) != len(msgs) {
		t.Fatalf("Inventory lists %d messages, want %d", len(r.Inventory), len(msgs))
	}
	nums := make([]int, len(msgs))
	uids := make(map[string]bool, len(msgs))
	var total int64
	for i, mi := range r.Inventory {
		nums[i] = i + 1
		if mi.Number != i+1 || mi.UID == "" || uids[mi.UID] {
			t.Fatalf("Inventory entry %d = %+v: want number %d with a unique UID", i, mi, i+1)
		}
		uids[mi.UID] = true
		total += mi.Size
	}

	// TOP n 0 for every message identifies it; see numbering.
	r.Index = numbering(t, ctx, c, msgs)
	for _, mi := range r.Inventory {
		if want := int64(len(dovecottest.Wire(msgs[r.Index[mi.Number]]))); mi.Size != want {
			t.Errorf("message %d: size %d, want %d", mi.Number, mi.Size, want)
		}
	}

	r.Bodies = make(map[int][sha256.Size]byte, len(msgs))
	err = c.RetrMany(ctx, nums, func(n int, body io.Reader, err error) error {
		if err != nil {
			return err
		}
		got, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		if want := dovecottest.Wire(msgs[r.Index[n]]); !bytes.Equal(got, want) {
			return fmt.Errorf("RETR %d:\n got %q\nwant %q", n, got, want)
		}
		r.Bodies[n] = sha256.Sum256(got)
		return nil
	})
	if err != nil {
		t.Fatalf("RetrMany: %v", err)
	}
	if len(r.Bodies) != len(msgs) {
		t.Fatalf("RetrMany called back for %d messages, want %d", len(r.Bodies), len(msgs))
	}

	var del []int
	var delSize int64
	for n := 7; n <= len(msgs); n += 7 {
		del = append(del, n)
		delSize += r.Inventory[n-1].Size
	}
	if err := c.DeleMany(ctx, del); err != nil {
		t.Fatalf("DeleMany(%d messages): %v", len(del), err)
	}
	n, size, err := c.Stat(ctx)
	if err != nil {
		t.Fatalf("Stat after DeleMany: %v", err)
	}
	r.AfterDele = [2]int64{int64(n), size}
	if want := [2]int64{int64(len(msgs) - len(del)), total - delSize}; r.AfterDele != want {
		t.Errorf("Stat after DeleMany = %v, want %v", r.AfterDele, want)
	}

	// Single-message forms over the whole range: deleted ones are refused
	// one by one, and the batch goes on.
	r.Lists, err = c.ListMany(ctx, nums)
	refused := itemErrors(t, err)
	if len(r.Lists) != len(msgs)-len(del) || len(refused) != len(del) {
		t.Errorf("ListMany after DeleMany: %d results, %d refusals; want %d and %d", len(r.Lists), len(refused), len(msgs)-len(del), len(del))
	}
	for _, d := range del {
		if refused[d] == nil {
			t.Errorf("ListMany: deleted message %d was not refused", d)
		}
	}
	r.ListErrs = sortedKeys(refused)
	for _, mi := range r.Lists {
		if mi != (MessageInfo{Number: mi.Number, Size: r.Inventory[mi.Number-1].Size}) {
			t.Errorf("LIST %d = %+v, want size %d", mi.Number, mi, r.Inventory[mi.Number-1].Size)
		}
	}
	r.UIDLs, err = c.UIDLMany(ctx, []int{1, 2, 3, 500, 1000})
	if err != nil {
		t.Errorf("UIDLMany: %v", err)
	}
	for _, mi := range r.UIDLs {
		if want := r.Inventory[mi.Number-1]; mi != want {
			t.Errorf("UIDL %d = %+v, want %+v", mi.Number, mi, want)
		}
	}

	// A deleted message and one that does not exist are refused, the
	// others are marked.
	second := itemErrors(t, c.DeleMany(ctx, []int{1, del[0], len(msgs) + 1}))
	r.SecondDele = sortedKeys(second)
	if want := []int{del[0], len(msgs) + 1}; !slices.Equal(r.SecondDele, want) {
		t.Errorf("second DeleMany refused %v, want %v", r.SecondDele, want)
	}

	if err := c.Rset(ctx); err != nil {
		t.Fatalf("Rset: %v", err)
	}
	n, size, err = c.Stat(ctx)
	if err != nil {
		t.Fatalf("Stat after Rset: %v", err)
	}
	r.AfterRset = [2]int64{int64(n), size}
	if want := [2]int64{int64(len(msgs)), total}; r.AfterRset != want {
		t.Errorf("Stat after Rset = %v, want %v", r.AfterRset, want)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("Quit: %v", err)
	}
	if got := s.Count(s.User); got != len(msgs) {
		t.Errorf("after RSET and QUIT the maildir holds %d messages, want %d", got, len(msgs))
	}
	r.LinesPerOut = tap.maxLinesPerWrite()
	writes, lines := tap.writeStats()
	t.Logf("DisablePipelining=%v: %d command lines in %d writes, at most %d in one", disablePipelining, lines, writes, r.LinesPerOut)
	return r
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestInteropLargeRetr retrieves a 20 MB message byte for byte, with
// progress reports, and checks that the LIST size guards MaxMessageSize.
func TestInteropLargeRetr(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	msg := largeMessage(20 << 20)
	wire := dovecottest.Wire(msg)
	if bytes.Count(wire, []byte("\r\n.")) < 10 {
		t.Fatal("the large message has no lines to dot-stuff")
	}
	s.Deliver(s.User, msg)
	ctx := interopContext(t)

	var events []Progress
	c := interopSession(t, ctx, s, &Options{Progress: func(p Progress) { events = append(events, p) }})
	list, err := c.List(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v; want one message", list, err)
	}
	if list[0].Size != int64(len(wire)) {
		t.Fatalf("LIST size %d, want len(Wire) = %d", list[0].Size, len(wire))
	}

	start := time.Now()
	body, err := c.Retr(ctx, 1)
	if err != nil {
		t.Fatalf("Retr: %v", err)
	}
	h := sha256.New()
	got, err := io.Copy(h, body)
	if err != nil {
		t.Fatalf("reading the body after %d bytes: %v", got, err)
	}
	if err := body.Close(); err != nil {
		t.Errorf("closing the body: %v", err)
	}
	t.Logf("RETR of %d bytes took %v", got, time.Since(start).Round(time.Millisecond))
	if sum, want := h.Sum(nil), sha256.Sum256(wire); got != int64(len(wire)) || !bytes.Equal(sum, want[:]) {
		t.Errorf("RETR gave %d bytes with SHA-256 %x, want %d bytes with %x", got, sum, len(wire), want)
	}

	if len(events) < 2 {
		t.Fatalf("Progress was called %d times, want reports along the way and at the end", len(events))
	}
	if most := len(wire)/progressEvery + 1; len(events) > most {
		t.Errorf("Progress was called %d times, want at most %d (about every %d bytes)", len(events), most, progressEvery)
	}
	for i, p := range events {
		if p.Command != "RETR" || p.Msg != 1 || p.Total != list[0].Size || p.Done != (i == len(events)-1) {
			t.Fatalf("progress report %d = %+v, want RETR of 1 with Total %d, Done only last", i, p, list[0].Size)
		}
		if i > 0 && p.Bytes < events[i-1].Bytes {
			t.Fatalf("progress went back: %+v after %+v", p, events[i-1])
		}
	}
	if last := events[len(events)-1]; last.Bytes != int64(len(wire)) {
		t.Errorf("the final progress report = %+v, want Bytes %d", last, len(wire))
	}
	if n, size, err := c.Stat(ctx); err != nil || n != 1 || size != int64(len(wire)) {
		t.Errorf("Stat after RETR = %d, %d, %v; want 1, %d", n, size, err, len(wire))
	}
	if err := c.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}

	// Once LIST has told the size, a RETR over MaxMessageSize is refused
	// before it is sent, and the session goes on.
	small := interopSession(t, ctx, s, &Options{MaxMessageSize: 1 << 20})
	if _, err := small.List(ctx); err != nil {
		t.Fatalf("List: %v", err)
	}
	var limit *LimitError
	if _, err := small.Retr(ctx, 1); !errors.As(err, &limit) || limit.Limit != limitMessage {
		t.Fatalf("Retr over MaxMessageSize = %v, want a *LimitError for the message size", err)
	}
	if err := small.Noop(ctx); err != nil {
		t.Errorf("Noop after the refused Retr: %v", err)
	}
	if err := small.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}
}

// TestInteropDeleQuit checks that DELE followed by QUIT removes the
// message: from the maildir and from a new session's UIDL.
func TestInteropDeleQuit(t *testing.T) {
	t.Parallel()
	s, msgs := startWithMessages(t, 3)
	ctx := interopContext(t)
	before := interopUIDs(t, ctx, s)

	c := interopSession(t, ctx, s, nil)
	index := numbering(t, ctx, c, msgs)
	if err := c.Dele(ctx, 2); err != nil {
		t.Fatalf("Dele(2): %v", err)
	}
	if _, err := c.ListMsg(ctx, 2); err == nil {
		t.Error("LIST 2 after DELE 2 succeeded")
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("Quit: %v", err)
	}
	if got := s.Count(s.User); got != len(msgs)-1 {
		t.Errorf("after DELE and QUIT the maildir holds %d messages, want %d", got, len(msgs)-1)
	}
	want := slices.Delete(slices.Clone(before), 1, 2)
	if got := interopUIDs(t, ctx, s); !slices.Equal(got, want) {
		t.Errorf("a new session's UIDL = %q, want %q (without message 2, %q)", got, want, before[1])
	}

	// What is left is what was not deleted.
	c = interopSession(t, ctx, s, nil)
	left := numbering(t, ctx, c, slices.Delete(slices.Clone(msgs), index[2], index[2]+1))
	if len(left) != len(msgs)-1 {
		t.Errorf("a new session holds %d of the undeleted messages, want %d", len(left), len(msgs)-1)
	}
}

// TestInteropDeleDropped checks that DELE followed by a dropped connection
// (Close, no QUIT) removes nothing.
func TestInteropDeleDropped(t *testing.T) {
	t.Parallel()
	s, msgs := startWithMessages(t, 3)
	ctx := interopContext(t)
	before := interopUIDs(t, ctx, s)

	c := interopSession(t, ctx, s, nil)
	if err := c.DeleMany(ctx, []int{1, 2, 3}); err != nil {
		t.Fatalf("DeleMany: %v", err)
	}
	if n, _, err := c.Stat(ctx); err != nil || n != 0 {
		t.Fatalf("Stat after deleting all = %d, %v; want 0", n, err)
	}
	if err := c.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := c.Noop(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("Noop after Close = %v, want ErrClosed", err)
	}
	// Wait until Dovecot has seen the connection go, so that the checks
	// below are about a finished session. Its log line counts the marks.
	line := waitLog(t, s, "pop3("+s.User+")", "Disconnected: Connection closed")
	if !strings.Contains(line, "del=0/") {
		t.Errorf("Dovecot logged %q, want del=0 (nothing removed)", line)
	}
	if got := s.Count(s.User); got != len(msgs) {
		t.Errorf("after DELE and a dropped connection the maildir holds %d messages, want %d", got, len(msgs))
	}
	if got := interopUIDs(t, ctx, s); !slices.Equal(got, before) {
		t.Errorf("a new session's UIDL = %q, want all of %q", got, before)
	}
}

// startWithMessages starts a Dovecot holding n small messages.
func startWithMessages(t *testing.T, n int) (*dovecottest.Server, [][]byte) {
	t.Helper()
	s := dovecottest.Start(t, nil)
	msgs := make([][]byte, n)
	for i := range msgs {
		msgs[i] = interopMessage(i + 1)
	}
	s.DeliverMany(s.User, msgs)
	return s, msgs
}

// TestInteropInUse checks [IN-USE] (RFC 2449): with pop3_lock_session, a
// second login while a session is open is refused, after Dovecot has
// waited about 10 seconds for the lock.
func TestInteropInUse(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, &dovecottest.Config{LockSession: true})
	s.Deliver(s.User, interopMessage(1))
	ctx := interopContext(t)
	first := interopSession(t, ctx, s, nil)
	if n, _, err := first.Stat(ctx); err != nil || n != 1 {
		t.Fatalf("Stat = %d, %v; want 1", n, err)
	}

	second := interopDial(t, ctx, s.Addr, &Options{AllowInsecureAuth: true})
	start := time.Now()
	err := second.Login(ctx, s.User, s.Password)
	t.Logf("the second Login ended after %v: %v", time.Since(start).Round(time.Millisecond), err)
	if !IsInUse(err) {
		t.Fatalf("second Login = %v, want IsInUse", err)
	}
	if !IsTemporary(err) || IsAuthFailure(err) || IsLoginDelay(err) {
		t.Errorf("second Login = %v: want temporary, not an auth failure nor a login delay", err)
	}
	var reply *Error
	if !errors.As(err, &reply) || reply.Code != CodeInUse {
		t.Errorf("second Login = %#v, want an *Error with code %s", err, CodeInUse)
	}

	// The first session is unharmed, and once it has quit the lock is free.
	if err := first.Noop(ctx); err != nil {
		t.Errorf("Noop in the first session: %v", err)
	}
	if err := first.Quit(ctx); err != nil {
		t.Fatalf("Quit: %v", err)
	}
	third := interopSession(t, ctx, s, nil)
	if err := third.Quit(ctx); err != nil {
		t.Errorf("Quit of the third session: %v", err)
	}
}

// TestInteropMessageCommands covers TOP with body lines, STAT, and the
// single-message forms of LIST and UIDL.
func TestInteropMessageCommands(t *testing.T) {
	t.Parallel()
	s, msgs := startWithMessages(t, 4)
	ctx := interopContext(t)
	c := interopSession(t, ctx, s, nil)
	index := numbering(t, ctx, c, msgs)

	var total int64
	for _, m := range msgs {
		total += int64(len(dovecottest.Wire(m)))
	}
	n, size, err := c.Stat(ctx)
	if err != nil || n != s.Count(s.User) || n != len(msgs) || size != total {
		t.Errorf("Stat = %d, %d, %v; want %d (Count %d), %d", n, size, err, len(msgs), s.Count(s.User), total)
	}

	list, err := c.List(ctx)
	if err != nil || len(list) != len(msgs) {
		t.Fatalf("List = %+v, %v", list, err)
	}
	uidl, err := c.UIDL(ctx)
	if err != nil || len(uidl) != len(msgs) {
		t.Fatalf("UIDL = %+v, %v", uidl, err)
	}
	for num := 1; num <= len(msgs); num++ {
		wire := dovecottest.Wire(msgs[index[num]])
		t.Run(fmt.Sprintf("message %d", num), func(t *testing.T) {
			for _, lines := range []int{0, 1, 5, 1000} {
				want := firstBodyLines(wire, lines)
				if got := readAllTop(t, c, num, lines); !bytes.Equal(got, want) {
					t.Errorf("Top(%d, %d) =\n%q\nwant\n%q", num, lines, got, want)
				}
			}
			mi, err := c.ListMsg(ctx, num)
			if want := (MessageInfo{Number: num, Size: int64(len(wire))}); err != nil || mi != want || list[num-1] != want {
				t.Errorf("ListMsg(%d) = %+v, %v, List gave %+v; want %+v", num, mi, err, list[num-1], want)
			}
			u, err := c.UIDLMsg(ctx, num)
			if want := (MessageInfo{Number: num, Size: int64(len(wire)), UID: uidl[num-1].UID}); err != nil || u != want || uidl[num-1] != want {
				t.Errorf("UIDLMsg(%d) = %+v, %v, UIDL gave %+v; want %+v", num, u, err, uidl[num-1], want)
			}
		})
	}

	// Numbers the server does not have are refused with -ERR, and the
	// session goes on.
	for _, tc := range []struct {
		name string
		call func() error
	}{
		{"ListMsg", func() error { _, err := c.ListMsg(ctx, len(msgs)+1); return err }},
		{"UIDLMsg", func() error { _, err := c.UIDLMsg(ctx, len(msgs)+1); return err }},
		{"Top", func() error { _, err := c.Top(ctx, len(msgs)+1, 5); return err }},
		{"Retr", func() error { _, err := c.Retr(ctx, len(msgs)+1); return err }},
		{"Dele", func() error { return c.Dele(ctx, len(msgs)+1) }},
	} {
		var reply *Error
		if err := tc.call(); !errors.As(err, &reply) || errors.Is(err, ErrClosed) {
			t.Errorf("%s of a missing message = %v, want a server -ERR", tc.name, err)
		}
	}
	if err := c.Noop(ctx); err != nil {
		t.Errorf("Noop: %v", err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Errorf("Quit: %v", err)
	}
}

// readAllTop reads Top(n, lines) to its end.
func readAllTop(t *testing.T, c *Client, n, lines int) []byte {
	t.Helper()
	ctx := interopContext(t)
	body, err := c.Top(ctx, n, lines)
	if err != nil {
		t.Fatalf("Top(%d, %d): %v", n, lines, err)
	}
	defer body.Close()
	b, err := io.ReadAll(body)
	if err != nil {
		t.Fatalf("reading Top(%d, %d): %v", n, lines, err)
	}
	return b
}

// TestInteropHashedPasswordsOverTLS: Dovecot announces CRAM-MD5 whatever
// its password store can do. With hashed passwords CRAM-MD5 cannot
// succeed, so over TLS Login must use PLAIN and log in with the right
// password instead of calling it wrong.
func TestInteropHashedPasswordsOverTLS(t *testing.T) {
	t.Parallel()
	s := dovecottest.Start(t, nil)
	sum := sha256.Sum256([]byte(s.Password))
	entry := s.User + ":{SHA256.b64}" + base64.StdEncoding.EncodeToString(sum[:]) + "::::::\n"
	if err := os.WriteFile(filepath.Join(s.Dir, "passwd"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := interopContext(t)
	c := interopDial(t, ctx, s.Addr, &Options{TLSConfig: s.TLSConfig()})
	if err := c.StartTLS(ctx, nil); err != nil {
		t.Fatal(err)
	}
	caps, err := c.Capabilities(ctx)
	if err != nil || !caps.HasSASL("CRAM-MD5") {
		t.Fatalf("Dovecot should still announce CRAM-MD5: %+v, %v", caps, err)
	}
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("Login over TLS with hashed passwords: %v", err)
	}
	waitLog(t, s, "Login: user=<"+s.User+">", "method=PLAIN")
}
