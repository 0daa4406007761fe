//go:build !js

package pop3

// Helpers for the interop tests in interop_test.go, which talk to a real
// Dovecot started by internal/dovecottest.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// interopTimeout bounds one test's conversation with its Dovecot. It is
// far above what a test needs (the slowest, [IN-USE], waits about 10 s),
// so that a loaded CI machine does not turn into a flaky failure, while a
// hang still ends with an error that names the call.
const interopTimeout = 60 * time.Second

// interopContext returns a context for one test, cancelled when it ends.
func interopContext(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), interopTimeout)
	t.Cleanup(cancel)
	return ctx
}

// noAuthPenalty is a Config.Extra that turns off Dovecot's authentication
// penalty: the anvil process would otherwise delay every login from
// 127.0.0.1 after a failed one by 2 seconds or more.
const noAuthPenalty = `service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}`

// interopDial opens a plain session to s, closed when t ends. opts may be
// nil; it is used as given, so AllowInsecureAuth is whatever the caller
// chose.
func interopDial(t *testing.T, ctx context.Context, addr string, opts *Options) *Client {
	t.Helper()
	c, err := Dial(ctx, addr, opts)
	if err != nil {
		t.Fatalf("Dial(%s): %v", addr, err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// interopSession opens a plain session to s and logs in as s.User. The
// server is on loopback, so AllowInsecureAuth is set on a copy of opts.
func interopSession(t *testing.T, ctx context.Context, s *dovecottest.Server, opts *Options) *Client {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.AllowInsecureAuth = true
	c := interopDial(t, ctx, s.Addr, &o)
	if err := c.Login(ctx, s.User, s.Password); err != nil {
		t.Fatalf("Login: %v", err)
	}
	return c
}

// interopUIDs lists the unique-ids that a new session sees, and ends that
// session with QUIT (which deletes nothing, since it marked nothing).
func interopUIDs(t *testing.T, ctx context.Context, s *dovecottest.Server) []string {
	t.Helper()
	c := interopSession(t, ctx, s, nil)
	infos, err := c.UIDL(ctx)
	if err != nil {
		t.Fatalf("UIDL: %v", err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatalf("Quit: %v", err)
	}
	uids := make([]string, len(infos))
	for i, mi := range infos {
		uids[i] = mi.UID
	}
	return uids
}

// waitLog waits until a line of s's log contains every one of parts, and
// returns that line. Dovecot's log process writes asynchronously, so a
// line about something that just happened may take a moment to appear.
func waitLog(t *testing.T, s *dovecottest.Server, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		for line := range strings.SplitSeq(s.LogText(), "\n") {
			if containsAll(line, parts) {
				return line
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no line of Dovecot's log contains all of %q; log:\n%s", parts, s.LogText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// wireTap is a plain connection that records what the client writes, one
// entry per Write, and can hide lines of what the server sends. It sits
// under the Client (through Options.Dialer), so the tests can check what
// actually crossed the wire: which SASL mechanism Login chose, that a
// refused Login sent nothing, that a batch went out pipelined.
type wireTap struct {
	net.Conn

	// hide, when set, drops whole lines sent by the server for which it
	// returns true, as a middlebox would.
	hide    func(line []byte) bool
	r       *bufio.Reader
	pending []byte

	mu     sync.Mutex
	writes [][]byte
}

func (w *wireTap) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.writes = append(w.writes, bytes.Clone(p))
	w.mu.Unlock()
	return w.Conn.Write(p)
}

func (w *wireTap) Read(p []byte) (int, error) {
	if w.hide == nil {
		return w.Conn.Read(p)
	}
	for len(w.pending) == 0 {
		line, err := w.r.ReadBytes('\n')
		if err != nil {
			if len(line) == 0 {
				return 0, err
			}
			w.pending = line // a partial line; the error comes again next time
			break
		}
		if !w.hide(line) {
			w.pending = line
		}
	}
	n := copy(p, w.pending)
	w.pending = w.pending[n:]
	return n, nil
}

// sent returns everything the client wrote so far.
func (w *wireTap) sent() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return string(bytes.Join(w.writes, nil))
}

// writeStats returns the number of Write calls and of command lines sent.
func (w *wireTap) writeStats() (writes, lines int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, b := range w.writes {
		lines += bytes.Count(b, []byte("\r\n"))
	}
	return len(w.writes), lines
}

// maxLinesPerWrite returns the largest number of command lines the client
// put into one Write: 1 when every command waited for its reply.
func (w *wireTap) maxLinesPerWrite() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	most := 0
	for _, b := range w.writes {
		most = max(most, bytes.Count(b, []byte("\r\n")))
	}
	return most
}

// tapDialer is an Options.Dialer that puts a wireTap under each
// connection it opens.
type tapDialer struct {
	hide func(line []byte) bool

	mu   sync.Mutex
	taps []*wireTap
}

func (d *tapDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	c, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	w := &wireTap{Conn: c, hide: d.hide, r: bufio.NewReader(c)}
	d.mu.Lock()
	d.taps = append(d.taps, w)
	d.mu.Unlock()
	return w, nil
}

// tapped opens a plain session to addr over a wireTap and returns both.
// opts may be nil; its Dialer is replaced.
func tapped(t *testing.T, ctx context.Context, addr string, opts *Options, hide func([]byte) bool) (*Client, *wireTap) {
	t.Helper()
	var o Options
	if opts != nil {
		o = *opts
	}
	d := &tapDialer{hide: hide}
	o.Dialer = d
	c := interopDial(t, ctx, addr, &o)
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.taps) != 1 {
		t.Fatalf("Dial opened %d connections, want 1", len(d.taps))
	}
	return c, d.taps[0]
}

// hideSASL hides the SASL capability line, so that a server offering
// PLAIN, LOGIN and CRAM-MD5 looks like one that offers only USER/PASS (as
// many ISP servers do). Dovecot itself cannot be configured that way: it
// runs USER/PASS through its PLAIN mechanism, and advertises that.
func hideSASL(line []byte) bool {
	return bytes.HasPrefix(line, []byte("SASL"))
}

// interopMessage is message i of a batch: small, distinct in its headers
// (so TOP n 0 identifies it) and in its body, of varying length, and with
// lines that need dot-stuffing.
func interopMessage(i int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "Return-Path: <sender%d@example.org>\r\n", i%13)
	fmt.Fprintf(&b, "From: Sender %d <sender%d@example.org>\r\n", i%13, i%13)
	b.WriteString("To: Alice <alice@example.org>\r\n")
	fmt.Fprintf(&b, "Subject: interop message %d\r\n", i)
	fmt.Fprintf(&b, "Message-ID: <%d.interop@poppy.test>\r\n", i)
	fmt.Fprintf(&b, "Date: Mon, 2 Jun 2025 %02d:%02d:%02d +0000\r\n", i/3600%24, i/60%60, i%60)
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	fmt.Fprintf(&b, "Hello Alice,\r\n\r\nthis is message %d.\r\n", i)
	for j := range i % 7 {
		fmt.Fprintf(&b, "line %d of %d\r\n", j+1, i%7)
	}
	b.WriteString(".a line that starts with a dot\r\n.\r\n..\r\n-- \r\nSender\r\n")
	return b.Bytes()
}

// headerOf returns the header section of a message in wire form,
// including the empty line that ends it: what TOP n 0 returns.
func headerOf(wire []byte) []byte {
	i := bytes.Index(wire, []byte("\r\n\r\n"))
	if i < 0 {
		return wire
	}
	return wire[:i+4]
}

// firstBodyLines returns the header section of wire and the first n lines
// of its body: what TOP m n returns.
func firstBodyLines(wire []byte, n int) []byte {
	h := headerOf(wire)
	end := len(h)
	for range n {
		i := bytes.Index(wire[end:], []byte("\r\n"))
		if i < 0 {
			return wire
		}
		end += i + 2
	}
	return wire[:end]
}

// numbering maps the message numbers of a session to indexes in msgs, by
// the header section each message has on the wire. Dovecot numbers new
// maildir files by their delivery time, which the harness sets, but the
// tests do not lean on that: they identify each message by its content.
func numbering(t *testing.T, ctx context.Context, c *Client, msgs [][]byte) map[int]int {
	t.Helper()
	byHeader := make(map[string]int, len(msgs))
	for i, m := range msgs {
		byHeader[string(headerOf(dovecottest.Wire(m)))] = i
	}
	if len(byHeader) != len(msgs) {
		t.Fatalf("the %d test messages share headers; numbering needs distinct ones", len(msgs))
	}
	nums := make([]int, len(msgs))
	for i := range nums {
		nums[i] = i + 1
	}
	index := make(map[int]int, len(msgs))
	seen := make(map[int]bool, len(msgs))
	err := c.TopMany(ctx, nums, 0, func(n int, body io.Reader, err error) error {
		if err != nil {
			return err
		}
		h, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		i, ok := byHeader[string(h)]
		if !ok {
			return fmt.Errorf("TOP %d 0 returned headers that were never delivered:\n%q", n, h)
		}
		if seen[i] {
			return fmt.Errorf("TOP %d 0 returned the headers of message %d twice", n, i)
		}
		seen[i] = true
		index[n] = i
		return nil
	})
	if err != nil {
		t.Fatalf("TopMany(all, 0): %v", err)
	}
	return index
}

// largeMessage returns a realistic message of size bytes, give or take a
// line and the closing boundary: a
// multipart/mixed mail whose text parts hold lines that need dot-stuffing
// ("." alone, "..", ".x") and whose attachments are base64 in lines of 76
// characters, as MIME encoders write them. The content is pseudo-random
// but the same on every run.
func largeMessage(size int) []byte {
	const boundary = "=_poppy_interop_boundary_7f3a"
	rng := rand.New(rand.NewPCG(20, 26))
	var b bytes.Buffer
	b.Grow(size + 64<<10)
	b.WriteString("Return-Path: <bulk@example.org>\r\n" +
		"Received: from mx.example.org (mx.example.org [192.0.2.25])\r\n" +
		"\tby mail.poppy.test with ESMTPS id 4Xyz; Mon, 2 Jun 2025 10:00:00 +0000\r\n" +
		"From: Bulk Sender <bulk@example.org>\r\n" +
		"To: Alice <alice@example.org>\r\n" +
		"Subject: =?utf-8?q?Quarterly_report_=E2=80=94_attachments?=\r\n" +
		"Message-ID: <large.interop@poppy.test>\r\n" +
		"Date: Mon, 2 Jun 2025 10:00:00 +0000\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n" +
		"\r\n" +
		"This is a multi-part message in MIME format.\r\n")
	raw := make([]byte, 57) // 57 bytes encode to one 76-character line
	line := make([]byte, base64.StdEncoding.EncodedLen(len(raw)))
	for part := 0; b.Len() < size; part++ {
		fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n", boundary)
		fmt.Fprintf(&b, "Part %d.\r\n.\r\n..\r\n...\r\n.starts with a dot\r\n. dot and space\r\nnot a dot.\r\n.\r\n", part)
		fmt.Fprintf(&b, "--%s\r\nContent-Type: application/octet-stream; name=\"part%d.bin\"\r\n"+
			"Content-Disposition: attachment; filename=\"part%d.bin\"\r\n"+
			"Content-Transfer-Encoding: base64\r\n\r\n", boundary, part, part)
		for n := 0; n < 60000 && b.Len() < size; n++ { // up to 4.7 MB per attachment
			for i := 0; i < len(raw); i += 8 {
				v := rng.Uint64()
				for j := i; j < min(i+8, len(raw)); j++ {
					raw[j] = byte(v)
					v >>= 8
				}
			}
			base64.StdEncoding.Encode(line, raw)
			b.Write(line)
			b.WriteString("\r\n")
		}
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes()
}

// itemErrors returns the *ItemError values joined in err, by message
// number; err must be nil or made only of *ItemError values.
func itemErrors(t *testing.T, err error) map[int]*Error {
	t.Helper()
	out := map[int]*Error{}
	if err == nil {
		return out
	}
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var item *ItemError
		var reply *Error
		if !errors.As(e, &item) || !errors.As(item.Err, &reply) {
			t.Fatalf("batch error %v is not an *ItemError holding an *Error", e)
		}
		out[item.Msg] = reply
	}
	return out
}
