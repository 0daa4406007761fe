//go:build !js

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission"
)

var env = submission.Envelope{From: benchUser, To: []string{"bob@example.org"}}

// buildMessage returns a message with an attachment of n random bytes,
// base64 in 76-character lines as a mail client writes it.
func buildMessage(n int) []byte {
	data := make([]byte, n)
	rand.Read(data)
	enc := base64.StdEncoding.EncodeToString(data)
	var b bytes.Buffer
	b.WriteString("From: Bench <" + benchUser + ">\r\nTo: bob@example.org\r\nSubject: attachment\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n" +
		"--b\r\nContent-Type: text/plain\r\n\r\nAttached.\r\n" +
		"--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n" +
		"Content-Disposition: attachment; filename=data.bin\r\n\r\n")
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b--\r\n")
	return b.Bytes()
}

// turns counts round trips on a client's connection: a read that follows
// a write is the client waiting for the server. It counts from the first
// write, so the greeting is not one.
type turns struct {
	net.Conn
	mu      sync.Mutex
	wrote   bool
	n       int
	started time.Time // when the greeting had been read
}

func (t *turns) Read(p []byte) (int, error) {
	t.mu.Lock()
	if t.wrote {
		t.n++
		t.wrote = false
	}
	t.mu.Unlock()
	n, err := t.Conn.Read(p)
	t.mu.Lock()
	if t.started.IsZero() && n > 0 {
		t.started = time.Now()
	}
	t.mu.Unlock()
	return n, err
}

func (t *turns) Write(p []byte) (int, error) {
	t.mu.Lock()
	t.wrote = true
	t.mu.Unlock()
	return t.Conn.Write(p)
}

func (t *turns) count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// sendOurs sends msg with the engine and returns the time from connecting
// to the 250 after DATA, and the round trips after the greeting.
func sendOurs(addr string, msg []byte) (time.Duration, int, error) {
	ctx := context.Background()
	start := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, 0, err
	}
	tc := &turns{Conn: conn}
	c, err := submission.NewClient(tc, &submission.Options{AllowInsecureAuth: true})
	if err != nil {
		return 0, 0, err
	}
	defer c.Close()
	if err := c.Auth(ctx, sasl.NewPlainClient("", benchUser, benchPass)); err != nil {
		return 0, 0, err
	}
	if err := c.Send(ctx, env, bytes.NewReader(msg), int64(len(msg)), nil); err != nil {
		return 0, 0, err
	}
	took, n := time.Since(start), tc.count()
	return took, n, c.Quit()
}

// sendNative does the same with go-smtp's client.
func sendNative(addr string, msg []byte) (time.Duration, int, error) {
	start := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, 0, err
	}
	tc := &turns{Conn: conn}
	c := smtp.NewClient(tc)
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return 0, 0, err
	}
	if err := c.Auth(sasl.NewPlainClient("", benchUser, benchPass)); err != nil {
		return 0, 0, err
	}
	if err := c.SendMail(env.From, env.To, bytes.NewReader(msg)); err != nil {
		return 0, 0, err
	}
	took, n := time.Since(start), tc.count()
	return took, n, c.Quit()
}
