package relay

import (
	"io"

	"github.com/poppymail/poppy/bridge/internal/metrics"
)

// copyMessage copies one message from the browser to the mail server. It
// gathers the message in a chunk buffer and writes it in one piece: the
// WebSocket reader hands a message over in parts (what its 4 KiB read
// buffer held with the frame header, then the rest straight from the
// socket), and a TCP write per part cost a system call here and a wake-up
// at the mail server each, which made uploads through the bridge slower
// than the WebSocket alone. A message larger than the buffer goes out in
// buffer-sized writes; a message is never held back once it is complete,
// so commands reach the server as soon as they did before.
func (s *session) copyMessage(r io.Reader) (ending, bool) {
	bp := bufPool.Get().(*[]byte)
	defer bufPool.Put(bp)
	buf := *bp
	for {
		n, err := fill(r, buf, s.touch)
		if n > 0 {
			if _, werr := s.tcp.Write(buf[:n]); werr != nil {
				return endTargetError, false
			}
			s.toTarget.Add(int64(n))
			s.h.metrics.Bytes(metrics.ToTarget, n)
		}
		if err == io.EOF {
			return ending{}, true
		}
		if err != nil {
			return wsReadEnding(err), false
		}
	}
}

// fill reads from r until buf is full, r ends (io.EOF) or fails, and
// returns what it read with that error (nil when buf is full). It calls
// arrived after every read that returned bytes, so activity counts as
// soon as it arrives.
func fill(r io.Reader, buf []byte, arrived func()) (int, error) {
	n := 0
	for n < len(buf) {
		k, err := r.Read(buf[n:])
		if k > 0 {
			n += k
			arrived()
		}
		if err != nil {
			return n, err
		}
	}
	return n, nil
}
