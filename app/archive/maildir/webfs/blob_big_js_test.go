//go:build js && wasm

package webfs_test

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"syscall/js"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/archive/maildir/webfs"
	"github.com/poppymail/poppy/app/archive/mbox"
)

// An mbox Blob of 256 MiB (a File of a file input is a Blob) streams
// through BlobReader and the mbox Reader with the Go heap staying small:
// the import reads a file of any size a slice at a time. The browser
// holds the Blob (Chromium pages large ones to disk); the mbox Reader's
// own test streams 2 GiB natively.
func TestBlobReaderLargeMbox(t *testing.T) {
	var part bytes.Buffer
	w := mbox.NewWriter(&part)
	body := bytes.Repeat([]byte("a line of mail text, 40 bytes or so....\r\n"), 400)
	n := 0
	for part.Len() < 1<<20 {
		n++
		msg := fmt.Appendf(nil, "Message-ID: <%d@big>\r\nSubject: %d\r\n\r\n%s", n, n, body)
		if err := w.WriteMessage("big@example.org", time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC), bytes.NewReader(msg)); err != nil {
			t.Fatal(err)
		}
	}
	const parts = 256
	u := js.Global().Get("Uint8Array").New(part.Len())
	js.CopyBytesToJS(u, part.Bytes())
	arr := js.Global().Get("Array").New()
	for range parts {
		arr.Call("push", u)
	}
	blob := js.Global().Get("Blob").New(arr)
	part.Reset()
	runtime.GC()

	// Positive control: the same sampling sees 32 MiB held live.
	var ms runtime.MemStats
	held := make([]byte, 32<<20)
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc < 32<<20 {
		t.Fatalf("the heap sample saw %d bytes with 32 MiB live", ms.HeapAlloc)
	}
	runtime.KeepAlive(held)
	held = nil
	runtime.GC()

	r := mbox.NewReader(webfs.NewBlobReader(blob), nil)
	var maxHeap uint64
	msgs := 0
	for {
		m, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, m); err != nil {
			t.Fatal(err)
		}
		msgs++
		if msgs%256 == 0 {
			runtime.ReadMemStats(&ms)
			maxHeap = max(maxHeap, ms.HeapAlloc)
		}
	}
	if msgs != n*parts {
		t.Errorf("read %d messages, want %d", msgs, n*parts)
	}
	if rep := r.Report(); len(rep.Skipped)+len(rep.Warnings) != 0 {
		t.Errorf("report: %s", rep)
	}
	if maxHeap == 0 || maxHeap > 16<<20 {
		t.Errorf("the Go heap reached %d bytes streaming %d MiB; want under 16 MiB", maxHeap, parts)
	}
	t.Logf("%d MiB, %d messages, Go heap at most %d KiB", parts, msgs, maxHeap>>10)
}
