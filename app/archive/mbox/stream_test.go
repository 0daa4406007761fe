package mbox

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
)

// cycleReader produces n bytes by repeating block, without holding more
// than block: a stand-in for a file of any size.
type cycleReader struct {
	block []byte
	pos   int
	left  int64
}

func (c *cycleReader) Read(p []byte) (int, error) {
	if c.left == 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n := copy(p, c.block[c.pos:])
	c.pos = (c.pos + n) % len(c.block)
	c.left -= int64(n)
	return n, nil
}

// heapWatch samples the live heap and keeps the largest value seen.
type heapWatch struct{ max uint64 }

func (h *heapWatch) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > h.max {
		h.max = ms.HeapAlloc
	}
}

// streamBlock builds an mbox block of messages (quoted and unquoted From
// lines, CRLF and LF) and reports what reading it gives per message.
func streamBlock(t *testing.T) (block []byte, msgs int, bodyBytes int64) {
	t.Helper()
	var b bytes.Buffer
	w := NewWriter(&b)
	line := strings.Repeat("0123456789", 7) + "\r\n"
	for i := 0; b.Len() < 1<<20; i++ {
		body := fmt.Sprintf("Message-ID: <%d@gen>\r\nSubject: %d\r\n\r\nFrom the start\r\n>From quoted\r\n%s\r\n", i, i, strings.Repeat(line, 200))
		if err := w.WriteMessage("gen@example.com", dateA, strings.NewReader(body)); err != nil {
			t.Fatal(err)
		}
	}
	got, rep := readAll(t, b.String(), nil)
	for _, m := range got {
		bodyBytes += int64(len(m.Body))
	}
	if len(rep.Skipped)+len(rep.Warnings) != 0 {
		t.Fatalf("block: %s", rep)
	}
	return b.Bytes(), len(got), bodyBytes
}

// TestReaderStreamsLargeInput reads 2 GiB (about 5 s on a loaded 2-core
// machine; 256 MiB with -short, 128 MiB under -race) produced on the fly, and checks that every
// message comes out, whole, while the live heap stays small: nothing
// grows with the input.
func TestReaderStreamsLargeInput(t *testing.T) {
	size := int64(2 << 30)
	switch {
	case raceEnabled:
		// The race detector slows the byte loop about ten times; 128 MiB
		// (5 s) still crosses every buffer boundary many times.
		size = 128 << 20
	case testing.Short():
		size = 256 << 20
	}
	block, perBlock, bytesPerBlock := streamBlock(t)
	blocks := size / int64(len(block))
	in := &cycleReader{block: block, left: blocks * int64(len(block))}

	// Positive control: the watch sees a 32 MiB allocation.
	var w heapWatch
	big := make([]byte, 32<<20)
	w.sample()
	if w.max < 32<<20 {
		t.Fatalf("heap watch saw %d bytes with 32 MiB live", w.max)
	}
	runtime.KeepAlive(big)
	big = nil
	runtime.GC()
	w = heapWatch{}

	start := time.Now()
	r := NewReader(in, nil)
	var msgs int
	var n int64
	for {
		m, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		c, err := io.Copy(io.Discard, m)
		if err != nil {
			t.Fatal(err)
		}
		n += c
		msgs++
		if msgs%512 == 0 {
			w.sample()
		}
	}
	w.sample()
	if want := int(blocks) * perBlock; msgs != want {
		t.Errorf("read %d messages, want %d", msgs, want)
	}
	if want := blocks * bytesPerBlock; n != want {
		t.Errorf("read %d message bytes, want %d", n, want)
	}
	if rep := r.Report(); rep.Messages != msgs || len(rep.Skipped)+len(rep.Warnings) != 0 {
		t.Errorf("report: %s", rep)
	}
	const limit = 8 << 20
	if w.max > limit {
		t.Errorf("live heap reached %d bytes reading %d bytes; want under %d", w.max, size, limit)
	}
	t.Logf("%d MiB, %d messages in %v; live heap at most %d KiB", size>>20, msgs, time.Since(start).Round(time.Millisecond), w.max>>10)
}

// TestReaderSkipsHugeMessage streams one 64 MiB message over a 1 MiB
// limit between two small ones: it is skipped and reported, the next one
// is read, and the heap stays small.
func TestReaderSkipsHugeMessage(t *testing.T) {
	small := []byte(sepA + "\nsmall\n\n")
	line := []byte("huge line of text, over and over\n")
	hugeLen := int64(64<<20) / int64(len(line)) * int64(len(line)) // whole lines
	huge := &cycleReader{block: line, left: hugeLen}
	in := io.MultiReader(bytes.NewReader(small), strings.NewReader(sepB+"\n"), huge, strings.NewReader("\n"), bytes.NewReader(small))

	var w heapWatch
	r := NewReader(in, &ReaderOptions{MaxMessageSize: 1 << 20})
	var bodies []string
	for {
		m, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if _, err := io.Copy(&b, m); errors.Is(err, ErrTooLarge) {
			bodies = append(bodies, "skipped")
		} else if err != nil {
			t.Fatal(err)
		} else {
			bodies = append(bodies, b.String())
		}
		w.sample()
	}
	if want := []string{"small\n", "skipped", "small\n"}; fmt.Sprint(bodies) != fmt.Sprint(want) {
		t.Errorf("bodies = %q, want %q", bodies, want)
	}
	rep := r.Report()
	if rep.Messages != 2 || len(rep.Skipped) != 1 || rep.Skipped[0].Bytes != int64(len(sepB)+1)+hugeLen+1 {
		t.Errorf("report: %s", rep)
	}
	if w.max > 8<<20 {
		t.Errorf("live heap reached %d bytes", w.max)
	}
}
