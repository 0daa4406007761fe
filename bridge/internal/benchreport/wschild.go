//go:build unix

package main

import (
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"os"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/internal/relay"
)

// The WebSocket endpoint is the ceiling of any bridge with this client: a
// Go WebSocket server (github.com/coder/websocket, like the bridge) that is
// itself the sink, source and echo, with no TCP hop behind it. It runs in
// a process of its own, like the bridge, and speaks the target's protocol
// (see target.go) over binary messages; the sink answers with its count
// and CRC-32C in one message. Two run: one sends 32 KiB messages (the
// ceiling issue 14 holds the bridge to), one the bridge's own size.
const wsChildFlag = "-ws-endpoint-child"

// bridgeMsgSize is the largest message the relay sends the browser, which
// is what it sends whenever the mail server's data is there.
const bridgeMsgSize = relay.MaxMessageToBrowser

func runWSChild(args []string) {
	fs := flag.NewFlagSet("ws-endpoint-child", flag.ExitOnError)
	size := fs.Int("size", 0, "bytes of data for the source")
	msg := fs.Int("msg-size", msgSize, "`bytes` per message the source sends")
	fs.Parse(args)
	data := benchData(*size)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ws endpoint:", err)
		os.Exit(1)
	}
	go http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		c.SetReadLimit(-1)
		serveWSEndpoint(c, data, int64(*msg))
	}))
	fmt.Printf("READY endpoint=%s\n", l.Addr())
	io.Copy(io.Discard, os.Stdin)
}

func serveWSEndpoint(c *websocket.Conn, data []byte, msg int64) {
	ctx := context.Background()
	ep := &wsEndpoint{c: c}
	var hdr [9]byte
	if err := readFull(ep, hdr[:1]); err != nil {
		return
	}
	if hdr[0] == cmdEcho {
		buf := make([]byte, 4096)
		for {
			n, err := ep.recv(buf)
			if err != nil {
				return
			}
			if err := c.Write(ctx, websocket.MessageBinary, buf[:n]); err != nil {
				return
			}
		}
	}
	if err := readFull(ep, hdr[1:]); err != nil {
		return
	}
	n := int64(binary.BigEndian.Uint64(hdr[1:]))
	buf := make([]byte, 256<<10)
	switch hdr[0] {
	case cmdUpload:
		var got int64
		var crc uint32
		for got < n {
			k, err := ep.recv(buf[:min(int64(len(buf)), n-got)])
			crc = crc32.Update(crc, castagnoli, buf[:k])
			got += int64(k)
			if err != nil {
				break
			}
		}
		var res [12]byte
		binary.BigEndian.PutUint64(res[:], uint64(got))
		binary.BigEndian.PutUint32(res[8:], crc)
		if err := c.Write(ctx, websocket.MessageBinary, res[:]); err != nil {
			return
		}
	case cmdDownload:
		for off := int64(0); off < n; off += msg {
			if err := c.Write(ctx, websocket.MessageBinary, data[off:min(off+msg, n)]); err != nil {
				return
			}
		}
	default:
		return
	}
	for {
		if _, err := ep.recv(buf); err != nil {
			return
		}
	}
}
