package measure

import (
	"bytes"
	"io"
	"testing"
	"time"
)

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []int64
		want int64
	}{{[]int64{5}, 5}, {[]int64{3, 1, 2}, 2}, {[]int64{4, 1, 3, 2}, 2}, {[]int64{10, 30}, 20}} {
		in := append([]int64(nil), tc.in...)
		if got := Median(in); got != tc.want {
			t.Errorf("Median(%v) = %d, want %d", tc.in, got, tc.want)
		}
		for i := range in {
			if in[i] != tc.in[i] {
				t.Fatalf("Median reordered its input: %v", in)
			}
		}
	}
	if got := Median([]time.Duration{3 * time.Second, time.Second}); got != 2*time.Second {
		t.Errorf("Median of durations = %v", got)
	}
}

// readSizes records the size of every Read it is asked for.
type readSizes struct {
	r     io.Reader
	sizes []int
}

func (rs *readSizes) Read(p []byte) (int, error) {
	rs.sizes = append(rs.sizes, len(p))
	return rs.r.Read(p)
}

func TestCopyReadsWithTheGivenBuffer(t *testing.T) {
	data := bytes.Repeat([]byte("0123456789abcdef"), 10000) // 160,000 bytes
	// Control: io.Copy into io.Discard reads 8 KiB at a time, which is
	// why the baselines do not use it.
	ctl := &readSizes{r: bytes.NewReader(data)}
	if _, err := io.Copy(io.Discard, ctl); err != nil || ctl.sizes[0] == ReadSize {
		t.Fatalf("io.Copy to io.Discard read %d bytes at first (%v); the control no longer shows the difference", ctl.sizes[0], err)
	}
	rs := &readSizes{r: bytes.NewReader(data)}
	var out bytes.Buffer // has ReadFrom, which Copy must not use
	n, err := Copy(&out, rs, make([]byte, ReadSize))
	if err != nil || n != int64(len(data)) || !bytes.Equal(out.Bytes(), data) {
		t.Fatalf("Copy = %d, %v; copied bytes equal: %v", n, err, bytes.Equal(out.Bytes(), data))
	}
	for _, s := range rs.sizes {
		if s != ReadSize {
			t.Fatalf("Copy asked for reads of %v bytes, want %d each", rs.sizes, ReadSize)
		}
	}
}
