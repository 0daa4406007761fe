package mailbox

import (
	"context"
	"errors"
	"io"
	"net"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// Warm runs a sign-in's sync (log in, UIDL and LIST, TOP n 0 pipelined,
// the headers parsed into rows) on a made-up mailbox of n messages that
// a connection answers from memory (warmConn, warmReplies), and returns how many rows
// it made from a parsed header (a subject read). Nothing leaves the
// process and nothing is kept: the rows go to a Store of its own,
// dropped on return.
//
// It is for the browser. There a wasm function is compiled the first
// time it runs (V8's lazy compilation) and optimized only after many
// calls, so a tab's first sign-in used to compile and run unoptimized
// the code that reads and parses every header, on the page's only
// thread, while the headers waited. Warm, run while the person is still
// typing, does that work before the click (app/warm_js.go).
//
// pause, if not nil, is called before each reply: it may block, to let
// the page handle what waits (the warm-up then runs in slices, in the
// browser's idle time), and returns false to end the warm-up, whose
// session then fails.
func Warm(ctx context.Context, n int, pause func() bool) (int, error) {
	if pause == nil {
		pause = func() bool { return true }
	}
	// An ended ctx stops the warm-up at its next read, as a pause that
	// says stop does: Sync alone sees it only through the connection,
	// which canned replies can outrun (TestWarmCancelled was flaky).
	keepOn := func() bool { return ctx.Err() == nil && pause() }
	conn := &warmConn{pause: keepOn, out: warmReplies(n)}
	dialed := false
	dial := func(context.Context) (*pop3.Client, error) {
		if dialed {
			return nil, errWarmRedial
		}
		dialed = true
		return pop3.NewClient(conn, &pop3.Options{AllowInsecureAuth: true})
	}
	m := New(dial, Account{Server: "warm", Username: "warm", Password: "warm"}, &Options{Store: store.NewMem(nil)})
	defer m.Close()
	if err := m.Sync(ctx, nil); err != nil {
		return 0, err
	}
	parsed := 0
	for _, r := range m.Messages() {
		if !r.NoHeaders && r.Subject != "" {
			parsed++
		}
	}
	return parsed, nil
}

// errWarmRedial: the warm-up's Mailbox asked for a second session, which
// Warm does not give.
var errWarmRedial = errors.New("mailbox: the warm-up dials once")

// warmReplies is what a POP3 server with PIPELINING sends a sign-in's
// sync of n messages, in the order of its commands: the greeting, CAPA,
// USER, PASS, then CAPA, UIDL and LIST together, then TOP n 0 for each
// message. A canned stream is far less code than a server that reads
// the commands (each byte of app.wasm is fetched and compiled at every
// cold start); TestWarm fails if the sync's commands change.
func warmReplies(n int) []byte {
	const capa = "+OK\r\nUSER\r\nUIDL\r\nTOP\r\nPIPELINING\r\n.\r\n"
	b := []byte("+OK warm\r\n" + capa + "+OK\r\n+OK\r\n" + capa)
	for _, sep := range []string{" warm-", " "} { // UIDL, LIST
		b = append(b, "+OK\r\n"...)
		for i := 1; i <= n; i++ {
			b = strconv.AppendInt(b, int64(i), 10)
			b = append(b, sep...)
			b = strconv.AppendInt(b, int64(i+len(warmHeader)), 10)
			b = append(b, "\r\n"...)
		}
		b = append(b, ".\r\n"...)
	}
	for range n {
		b = append(b, "+OK\r\n"+warmHeader+"\r\n.\r\n"...)
	}
	return b
}

// warmConn is the warm-up's server as a net.Conn: Read returns the
// canned replies, at most warmChunk bytes at a time and each after
// asking pause (see Warm); what is written is dropped.
type warmConn struct {
	pause  func() bool
	out    []byte
	closed atomic.Bool // Close may come from another goroutine
}

// warmChunk bounds one Read: a few headers, so that the warm-up's
// slices of work are short.
const warmChunk = 4 << 10

func (c *warmConn) Read(p []byte) (int, error) {
	if c.closed.Load() || len(c.out) == 0 || !c.pause() {
		c.closed.Store(true)
		return 0, io.EOF
	}
	k := copy(p[:min(len(p), warmChunk)], c.out)
	c.out = c.out[k:]
	return k, nil
}

func (c *warmConn) Write(p []byte) (int, error) {
	if c.closed.Load() {
		return 0, net.ErrClosed
	}
	return len(p), nil
}

func (c *warmConn) Close() error                     { c.closed.Store(true); return nil }
func (c *warmConn) LocalAddr() net.Addr              { return warmAddr{} }
func (c *warmConn) RemoteAddr() net.Addr             { return warmAddr{} }
func (c *warmConn) SetDeadline(time.Time) error      { return nil }
func (c *warmConn) SetReadDeadline(time.Time) error  { return nil }
func (c *warmConn) SetWriteDeadline(time.Time) error { return nil }

type warmAddr struct{}

func (warmAddr) Network() string { return "warm" }
func (warmAddr) String() string  { return "warm" }

// warmHeader is an inbox message's header as TOP n 0 returns it, with
// the fields that take the parser's longer paths: folded trace fields, a
// DKIM signature, an encoded word, a name with an address, references.
const warmHeader = "Return-Path: <person@mail.example.org>\r\n" +
	"Received: from out.example.org (out.example.org [198.51.100.17])\r\n\tby mx.example.net with ESMTPS id Zm9vYmFy\r\n\tfor <warm@example.net>; Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=k3;\r\n\th=from:to:subject:date:message-id; bh=YWJjZGVmZ2hpamtsbW5vcHFy;\r\n\tb=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGlqa2xtbm9w\r\n" +
	"From: Invoice Team <person@mail.example.org>\r\n" +
	"To: Warm User <warm@example.net>\r\n" +
	"Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9?= notes\r\n" +
	"Date: Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"Message-ID: <1.warm@example.org>\r\n" +
	"References: <root.warm@example.org>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: multipart/mixed; boundary=\"b\"\r\n"
