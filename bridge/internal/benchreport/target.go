//go:build unix

package main

import (
	"encoding/binary"
	"hash/crc32"
	"io"
	"net"
	"sync"
	"time"
)

// The TCP target that all three paths reach, on loopback. A connection
// starts with one command byte:
//
//	'U' + 8-byte length: a sink. It reads that many bytes, checks them and
//	    reports the count, the CRC-32C and the time of the last byte.
//	'D' + 8-byte length: a source. It writes that many bytes of data.
//	'E': echo, for the ping-pong.
//
// After U and D it reads (and drops) until the client closes, so that the
// end of a transfer is never a target closing first.
const (
	cmdUpload   = 'U'
	cmdDownload = 'D'
	cmdEcho     = 'E'
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

type sinkResult struct {
	n   int64
	crc uint32
	end time.Time
	err error
}

type target struct {
	l       net.Listener
	data    []byte
	results chan sinkResult
	wg      sync.WaitGroup
}

func startTarget(data []byte) (*target, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	t := &target{l: l, data: data, results: make(chan sinkResult, 1)}
	t.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.wg.Go(func() { t.serve(c) })
		}
	})
	return t, nil
}

func (t *target) Addr() string { return t.l.Addr().String() }

func (t *target) Close() {
	t.l.Close()
	t.wg.Wait()
}

func (t *target) serve(c net.Conn) {
	defer c.Close()
	var hdr [9]byte
	if _, err := io.ReadFull(c, hdr[:1]); err != nil {
		return
	}
	switch hdr[0] {
	case cmdEcho:
		io.CopyBuffer(c, c, make([]byte, 4096))
		return
	case cmdUpload, cmdDownload:
		if _, err := io.ReadFull(c, hdr[1:]); err != nil {
			return
		}
	default:
		return
	}
	n := int64(binary.BigEndian.Uint64(hdr[1:]))
	buf := make([]byte, 256<<10)
	if hdr[0] == cmdUpload {
		var r sinkResult
		for r.n < n {
			k, err := c.Read(buf[:min(int64(len(buf)), n-r.n)])
			r.crc = crc32.Update(r.crc, castagnoli, buf[:k])
			r.n += int64(k)
			if err != nil {
				r.err = err
				break
			}
		}
		r.end = time.Now()
		t.results <- r
	} else {
		for off := int64(0); off < n; {
			k := min(n-off, 1<<20)
			if _, err := c.Write(t.data[off : off+k]); err != nil {
				return
			}
			off += k
		}
	}
	io.CopyBuffer(io.Discard, c, buf)
}
