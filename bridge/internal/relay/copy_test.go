package relay

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestFill(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789"), 10) // 100 bytes
	broken := errors.New("broken")
	for _, tc := range []struct {
		name    string
		r       io.Reader
		bufSize int
		wantN   int
		wantErr error
	}{
		{"message smaller than the buffer, in parts", iotest.HalfReader(bytes.NewReader(data)), 128, 100, io.EOF},
		{"one byte a read", iotest.OneByteReader(bytes.NewReader(data)), 128, 100, io.EOF},
		{"buffer full before the end", iotest.HalfReader(bytes.NewReader(data)), 64, 64, nil},
		{"exactly the buffer", bytes.NewReader(data), 100, 100, nil},
		{"bytes with the error", iotest.DataErrReader(bytes.NewReader(data)), 128, 100, io.EOF},
		{"failure after some bytes", io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(broken)), 128, 10, broken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			buf := make([]byte, tc.bufSize)
			arrivals := 0
			n, err := fill(tc.r, buf, func() { arrivals++ })
			if n != tc.wantN || !errors.Is(err, tc.wantErr) {
				t.Fatalf("fill = %d, %v; want %d, %v", n, err, tc.wantN, tc.wantErr)
			}
			if !bytes.Equal(buf[:n], data[:n]) {
				t.Errorf("fill read %q, want %q", buf[:n], data[:n])
			}
			if arrivals == 0 {
				t.Errorf("fill read %d bytes without reporting an arrival", n)
			}
		})
	}
}
