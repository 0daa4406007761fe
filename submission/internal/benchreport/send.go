//go:build !js

package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net"
	"time"

	"github.com/coder/websocket"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
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

// sent is one timed send: from dialing to the 250 after DATA, and the
// round trips counted from the greeting to that 250.
type sent struct {
	took  time.Duration
	turns int
}

// rig is what a send needs: the bridge's WebSocket URL and target as the
// tab gets them, the server's own address, and the dial hook that counts.
type rig struct {
	pageURL string // the bridge's URL, where the tab's page comes from
	target  bridgeapi.Target
	addr    string
	hook    *pageTransport
}

var errNoCounter = errors.New("the WebSocket was opened without the counting transport")

// sendOurs sends msg as the tab does: transport.DialSubmission opens a
// WebSocket to the bridge with service=submission (greeting and EHLO),
// then the engine authenticates with PLAIN and sends.
func (r *rig) sendOurs(msg []byte) (sent, error) {
	ctx := context.Background()
	wsURL, err := transport.WebSocketURL(r.pageURL, benchTarget) // DialSubmission adds the service
	if err != nil {
		return sent{}, err
	}
	start := time.Now()
	c, err := transport.DialSubmission(ctx, wsURL, r.target, nil)
	if err != nil {
		return sent{}, err
	}
	defer c.Close()
	t := r.hook.next()
	if t == nil {
		return sent{}, errNoCounter
	}
	if err := c.Auth(ctx, sasl.NewPlainClient("", benchUser, benchPass)); err != nil {
		return sent{}, err
	}
	if err := c.Send(ctx, env, bytes.NewReader(msg), int64(len(msg)), nil); err != nil {
		return sent{}, err
	}
	s := sent{took: time.Since(start), turns: t.count()}
	return s, c.Quit()
}

// sendNative does the same with go-smtp's client over TCP straight to the
// server: the baseline.
func (r *rig) sendNative(msg []byte) (sent, error) {
	start := time.Now()
	conn, err := net.Dial("tcp", r.addr)
	if err != nil {
		return sent{}, err
	}
	t := &turns{}
	return goSMTP(newCountConn(conn, t), t, msg, start)
}

// sendNativeBridged is the control of the round-trip count: go-smtp's
// client, which sends one command per round trip, on the engine's path
// (a WebSocket to the bridge, counted by the same hook).
func (r *rig) sendNativeBridged(msg []byte) (sent, error) {
	ctx := context.Background()
	u, err := transport.WebSocketURL(r.pageURL, benchTarget, bridgeapi.ServiceSubmission)
	if err != nil {
		return sent{}, err
	}
	start := time.Now()
	ws, _, err := websocket.Dial(ctx, u, nil)
	if err != nil {
		return sent{}, err
	}
	t := r.hook.next()
	if t == nil {
		ws.CloseNow()
		return sent{}, errNoCounter
	}
	return goSMTP(websocket.NetConn(context.Background(), ws, websocket.MessageBinary), t, msg, start)
}

func goSMTP(conn net.Conn, t *turns, msg []byte, start time.Time) (sent, error) {
	c := smtp.NewClient(conn)
	defer c.Close()
	if err := c.Hello("localhost"); err != nil {
		return sent{}, err
	}
	if err := c.Auth(sasl.NewPlainClient("", benchUser, benchPass)); err != nil {
		return sent{}, err
	}
	if err := c.SendMail(env.From, env.To, bytes.NewReader(msg)); err != nil {
		return sent{}, err
	}
	s := sent{took: time.Since(start), turns: t.count()}
	return s, c.Quit()
}
