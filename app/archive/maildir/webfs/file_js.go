//go:build js && wasm

package webfs

import (
	"syscall/js"
)

// writeChunk is how much a file buffers before it hands bytes to the
// browser: each write is a promise, so a message goes in a few calls.
const writeChunk = 1 << 20

// file is a maildir.File over a FileSystemWritableFileStream.
type file struct {
	path   string
	w      js.Value
	buf    []byte
	closed bool
	err    error // sticky: after a failed write the stream is errored
}

func (f *file) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	f.buf = append(f.buf, p...)
	if len(f.buf) >= writeChunk {
		if err := f.flush(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// flush hands the buffer to the stream.
func (f *file) flush() error {
	if f.err != nil || len(f.buf) == 0 {
		return f.err
	}
	u := js.Global().Get("Uint8Array").New(len(f.buf))
	js.CopyBytesToJS(u, f.buf)
	f.buf = f.buf[:0]
	if _, err := call("write", f.path, f.w, "write", u); err != nil {
		f.err = err
	}
	return f.err
}

// Sync sends what is buffered; the API has no fsync (see the package
// doc): Close commits.
func (f *file) Sync() error { return f.flush() }

// Close commits the file, or, after a failed write, aborts it so that no
// swap file is left behind.
func (f *file) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	if err := f.flush(); err != nil {
		_, _ = call("abort", f.path, f.w, "abort")
		return err
	}
	_, err := call("close", f.path, f.w, "close")
	return err
}
