//go:build js && wasm

package webfs

import (
	"io"
	"syscall/js"
)

// readChunk is the slice of a Blob read at a time.
const readChunk = 1 << 20

// BlobReader reads a Blob (a File from a file input or a file handle) a
// slice at a time with Blob.slice and arrayBuffer, so that a file of any
// size (a 2 GB mbox) streams in constant memory.
type BlobReader struct {
	blob      js.Value
	size, off int64
	buf       []byte
}

// NewBlobReader returns a reader of blob, from its start.
func NewBlobReader(blob js.Value) *BlobReader {
	return &BlobReader{blob: blob, size: int64(blob.Get("size").Float())}
}

// Size is the Blob's size in bytes.
func (r *BlobReader) Size() int64 { return r.size }

// Offset is how many bytes Read has given out.
func (r *BlobReader) Offset() int64 { return r.off - int64(len(r.buf)) }

func (r *BlobReader) Read(p []byte) (int, error) {
	if len(r.buf) == 0 {
		if r.off >= r.size {
			return 0, io.EOF
		}
		end := min(r.off+readChunk, r.size)
		var part js.Value
		if err := catch("read", "", func() { part = r.blob.Call("slice", float64(r.off), float64(end)) }); err != nil {
			return 0, err
		}
		ab, err := call("read", "", part, "arrayBuffer")
		if err != nil {
			return 0, err
		}
		u := js.Global().Get("Uint8Array").New(ab)
		n := u.Get("length").Int()
		if n == 0 {
			return 0, io.ErrUnexpectedEOF // the file shrank under us
		}
		if cap(r.buf) < n {
			r.buf = make([]byte, n)
		}
		r.buf = r.buf[:n]
		js.CopyBytesToGo(r.buf, u)
		r.off += int64(n)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// Close implements io.Closer; there is nothing to release.
func (r *BlobReader) Close() error { return nil }
