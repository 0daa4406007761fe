package measure

import (
	"errors"
	"io"
)

// ReadSize is the size of the reads a baseline and the code it is
// compared with must both make: 32 KiB, the read buffer of the pop3
// client. A baseline that read 8 KiB at a time would pay four times the
// system calls and make the client look faster than it is.
const ReadSize = 32 << 10

// Copy copies src to dst in reads of len(buf), and returns the bytes
// copied. Unlike io.Copy and io.CopyBuffer it never hands the work to
// dst's ReadFrom or src's WriteTo (io.Discard.ReadFrom reads 8 KiB at a
// time whatever buffer is given), so the read size is the one chosen.
func Copy(dst io.Writer, src io.Reader, buf []byte) (int64, error) {
	var n int64
	for {
		k, rerr := src.Read(buf)
		if k > 0 {
			w, werr := dst.Write(buf[:k])
			n += int64(w)
			if werr != nil {
				return n, werr
			}
			if w != k {
				return n, io.ErrShortWrite
			}
		}
		if errors.Is(rerr, io.EOF) {
			return n, nil
		}
		if rerr != nil {
			return n, rerr
		}
	}
}
