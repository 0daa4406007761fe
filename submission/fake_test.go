package submission

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a scripted SMTP submission server for tests. It speaks over
// net.Pipe, so the tests also run under js/wasm, where there is no
// loopback network. It records every byte the client wrote, counts the
// round trips (each time it sends replies and then has to wait for the
// client), and can drop the connection at any stage.
type fake struct {
	// Configuration, set before start.
	ext           []string          // EHLO extension lines, such as "PIPELINING" or "SIZE 1000"
	rcptReply     map[string]string // reply to RCPT TO:<addr>, without CRLF
	authReply     string            // reply to the last AUTH step; default 235
	authChallenge string            // if set, AUTH is answered with "334 " + this (an OAUTHBEARER error challenge)
	verdict       string            // reply to the final dot; default 250
	dropAt        string            // "greeting", a verb ("EHLO", "AUTH", "MAIL", "RCPT", "DATA"), "body", "dot", or "silent" (no reply to the dot)
	dropAfter     int               // with "body": bytes of content read before dropping
	tlsConfig     *tls.Config       // enables STARTTLS when ext lists it
	noEHLO        bool              // answer EHLO with 502, as a HELO-only server
	greeting      string            // the greeting line; default a 220
	bodyReads     chan int          // if set, receives the content bytes read so far, per read
	sawDot        chan struct{}     // if set, closed when the final dot was read
	client        *Client           // the client of the test, if it keeps one here

	mu        sync.Mutex
	received  bytes.Buffer // every byte the client wrote
	messages  [][]byte     // contents accepted (final dot answered with 2xx)
	turns     int          // reply flushes after the greeting
	verdictAt int          // turns when the reply to the final dot went out
	errs      []string
	done      chan struct{}
}

func (f *fake) errorf(format string, args ...any) {
	f.mu.Lock()
	f.errs = append(f.errs, fmt.Sprintf(format, args...))
	f.mu.Unlock()
}

func (f *fake) has(ext string) bool {
	for _, e := range f.ext {
		if strings.EqualFold(strings.Fields(e)[0], ext) {
			return true
		}
	}
	return false
}

// recorder keeps a copy of every byte read.
type recorder struct {
	r io.Reader
	f *fake
}

func (r recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.f.mu.Lock()
	r.f.received.Write(p[:n])
	r.f.mu.Unlock()
	return n, err
}

// start runs the server and returns the client's end of the connection.
func (f *fake) start(t testing.TB) net.Conn {
	t.Helper()
	cli, srv := net.Pipe()
	f.done = make(chan struct{})
	go func() {
		defer close(f.done)
		defer srv.Close()
		f.serve(pump(srv))
	}()
	t.Cleanup(func() {
		cli.Close()
		select {
		case <-f.done:
		case <-time.After(10 * time.Second):
			t.Error("the fake server did not finish")
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		for _, e := range f.errs {
			t.Error("fake server: " + e)
		}
	})
	return cli
}

// startTLS is start for implicit TLS: the server side speaks TLS from
// the first byte.
func (f *fake) startTLS(t testing.TB, cfg *tls.Config) (net.Conn, net.Conn) {
	t.Helper()
	cli, srv := net.Pipe()
	f.done = make(chan struct{})
	go func() {
		defer close(f.done)
		tc := tls.Server(pump(srv), cfg)
		defer tc.Close()
		f.serve(tc)
	}()
	t.Cleanup(func() {
		cli.Close()
		<-f.done
	})
	return cli, srv
}

func (f *fake) serve(conn net.Conn) {
	if f.dropAt == "greeting" {
		return
	}
	br := bufio.NewReader(recorder{conn, f})
	bw := bufio.NewWriter(conn)
	bw.WriteString(or(f.greeting, "220 fake.example ESMTP ready") + "\r\n")
	if bw.Flush() != nil {
		return
	}
	pipelining := f.has("PIPELINING")
	rcpts := 0
	// flush sends the pending replies unless more commands are already
	// waiting and the server pipelines: as a real pipelining server does,
	// it answers a group in one write. Each flush is one round trip.
	flush := func() bool {
		if pipelining && br.Buffered() > 0 {
			return true
		}
		if bw.Buffered() == 0 {
			return true
		}
		f.mu.Lock()
		f.turns++
		f.mu.Unlock()
		return bw.Flush() == nil
	}
	reply := func(s string) bool {
		bw.WriteString(s)
		bw.WriteString("\r\n")
		return flush()
	}
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		if !pipelining && br.Buffered() > 0 {
			f.errorf("the client pipelined %q although PIPELINING was not offered", line)
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		verb = strings.ToUpper(verb)
		if verb == f.dropAt {
			return
		}
		var ok bool
		switch verb {
		case "EHLO":
			if f.noEHLO {
				ok = reply("502 5.5.2 EHLO not understood")
				break
			}
			lines := append([]string{"fake.example greets " + arg}, f.ext...)
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				bw.WriteString("250" + sep + l + "\r\n")
			}
			ok = flush()
		case "HELO":
			ok = reply("250 fake.example")
		case "STARTTLS":
			if f.tlsConfig == nil || !f.has("STARTTLS") {
				ok = reply("502 5.5.1 not offered")
				break
			}
			if !reply("220 2.0.0 ready to start TLS") {
				return
			}
			tc := tls.Server(conn, f.tlsConfig)
			if tc.Handshake() != nil {
				return
			}
			br = bufio.NewReader(recorder{tc, f})
			bw = bufio.NewWriter(tc)
			var after []string // STARTTLS is not offered twice (RFC 3207 §4.2)
			for _, e := range f.ext {
				if e != "STARTTLS" {
					after = append(after, e)
				}
			}
			f.ext = after
			ok = true
		case "AUTH":
			mech, ir, _ := strings.Cut(arg, " ")
			challenge := ""
			switch {
			case f.authChallenge != "":
				challenge = "334 " + f.authChallenge
			case strings.EqualFold(mech, "LOGIN"):
				challenge = "334 UGFzc3dvcmQ6" // "Password:"
			case ir == "":
				challenge = "334 " // asks for the initial response
			}
			if challenge != "" {
				if !reply(challenge) {
					return
				}
				if _, err := br.ReadString('\n'); err != nil {
					return
				}
			}
			ok = reply(or(f.authReply, "235 2.7.0 Authentication successful"))
		case "MAIL":
			rcpts = 0
			ok = reply("250 2.1.0 Sender OK")
		case "RCPT":
			addr := strings.TrimSuffix(strings.TrimPrefix(arg, "TO:<"), ">")
			r := or(f.rcptReply[addr], "250 2.1.5 Recipient OK")
			if r[0] == '2' {
				rcpts++
			}
			ok = reply(r)
		case "DATA":
			if rcpts == 0 {
				ok = reply("554 5.5.1 No valid recipients")
				break
			}
			if !reply("354 End data with <CR><LF>.<CR><LF>") {
				return
			}
			msg, complete := f.readContent(br)
			switch {
			case !complete || f.dropAt == "dot":
				return
			case f.dropAt == "silent":
				io.Copy(io.Discard, br) // until the client gives up
				return
			}
			v := or(f.verdict, "250 2.0.0 Queued as 1")
			if v[0] == '2' {
				f.mu.Lock()
				f.messages = append(f.messages, msg)
				f.mu.Unlock()
			}
			// Set before the reply goes out, since the client may look
			// as soon as it has it. The reply is the only one pending
			// and nothing else can be buffered, so it is the next turn.
			f.mu.Lock()
			f.verdictAt = f.turns + 1
			f.mu.Unlock()
			ok = reply(v)
			rcpts = 0
		case "RSET":
			rcpts = 0
			ok = reply("250 2.0.0 Reset")
		case "NOOP":
			ok = reply("250 2.0.0 OK")
		case "QUIT":
			reply("221 2.0.0 Bye")
			return
		default:
			ok = reply("502 5.5.2 Command not recognised")
		}
		if !ok {
			return
		}
	}
}

// readContent reads DATA content up to the final dot, undoing dot
// stuffing. It reports false if the connection ended first, or was
// dropped on purpose (dropAt "body").
func (f *fake) readContent(br *bufio.Reader) ([]byte, bool) {
	var msg []byte
	read := 0
	bol := true
	for {
		frag, err := br.ReadSlice('\n')
		if err != nil && err != bufio.ErrBufferFull {
			return nil, false
		}
		read += len(frag)
		if f.bodyReads != nil {
			f.bodyReads <- read
		}
		if f.dropAt == "body" && read >= f.dropAfter {
			return nil, false
		}
		if bol && string(frag) == ".\r\n" {
			if f.sawDot != nil {
				close(f.sawDot)
			}
			return msg, true
		}
		if bol && frag[0] == '.' {
			frag = frag[1:]
		}
		msg = append(msg, frag...)
		bol = err == nil
	}
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func (f *fake) receivedString() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.received.String()
}
