package mailhdr

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// raceEnabled is set under -race, whose tenfold slowdown makes absolute
// times meaningless.
var raceEnabled bool

// pathological are header shapes that once cost the most per byte, or
// that make a naive parser rescan (issue 9: no message may freeze the
// tab). Each makes about n bytes.
var pathological = map[string]func(n int) string{
	"commas":        func(n int) string { return "From: " + strings.Repeat("a,", n/2) + "\r\n\r\n" },
	"name-commas":   func(n int) string { return "From: " + strings.Repeat("a, b <c@d>, ", n/12) + "\r\n\r\n" },
	"quotes":        func(n int) string { return "From: " + strings.Repeat(`"`, n) + "\r\n\r\n" },
	"angles":        func(n int) string { return "From: x " + strings.Repeat("<a>", n/3) + "\r\n\r\n" },
	"open-angles":   func(n int) string { return "From: " + strings.Repeat("<", n) + "\r\n\r\n" },
	"comments":      func(n int) string { return "From: " + strings.Repeat("(", n) + "\r\n\r\n" },
	"encoded-words": func(n int) string { return "Subject: " + strings.Repeat("=?utf-8?q?a?= ", n/14) + "\r\n\r\n" },
	"folds":         func(n int) string { return "Subject: a" + strings.Repeat("\r\n b", n/4) + "\r\n\r\n" },
	"fields":        func(n int) string { return strings.Repeat("From: y\r\n", n/9) + "\r\n" },
	"bidi":          func(n int) string { return "From: <" + strings.Repeat("\u202e", n/3) + ">\r\n\r\n" },
	"continuations": func(n int) string { return "A: x;\r\n" + strings.Repeat("b=c\r\n", n/5) + "\r\n" },
	"received":      func(n int) string { return "Received: " + strings.Repeat(";", n) + "\r\n\r\n" },
}

// TestLinearTime reads each pathological header at 1 MiB and at 8 MiB.
// The bytes allocated per input byte may not grow by more than 1.5
// times (a parser that rebuilds a string per step grows eightfold), and
// the time per byte not by more than 4 times (a parser that rescans its
// input grows eightfold; this machine's neighbours add up to about 3.5
// times to the best of five runs). Outside -race, no 8 MiB header may take
// two seconds.
func TestLinearTime(t *testing.T) {
	read := func(raw []byte) (time.Duration, uint64) {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		h, _, _ := Read(raw)
		(&Decoder{}).Fields(h)
		d := time.Since(start)
		runtime.ReadMemStats(&after)
		return d, after.TotalAlloc - before.TotalAlloc
	}
	for name, gen := range pathological {
		t.Run(name, func(t *testing.T) {
			small, large := []byte(gen(1<<20)), []byte(gen(8<<20))
			ds, dl := time.Duration(1<<62), time.Duration(1<<62)
			var as, al uint64
			runs := 5
			if raceEnabled {
				runs = 1 // only the allocations count there
			}
			for range runs {
				d, a := read(small)
				ds, as = min(ds, d), a
				d, a = read(large)
				dl, al = min(dl, d), a
			}
			ns, nl := float64(len(small)), float64(len(large))
			t.Logf("%s: %.1f ns/B and %.2f allocated B/B at 1 MiB, %.1f ns/B and %.2f B/B at 8 MiB",
				name, float64(ds)/ns, float64(as)/ns, float64(dl)/nl, float64(al)/nl)
			if float64(al)/nl > 1.5*float64(as)/ns+0.01 {
				t.Errorf("bytes allocated per byte grew %.1f times from 1 MiB to 8 MiB", float64(al)/nl/(float64(as)/ns))
			}
			// Below some milliseconds the ratio is noise, not growth.
			if !raceEnabled && float64(dl)/nl > 4*float64(ds)/ns && dl > 80*time.Millisecond {
				t.Errorf("time per byte grew %.1f times from 1 MiB to 8 MiB (%v, %v)", float64(dl)/nl/(float64(ds)/ns), ds, dl)
			}
			if !raceEnabled && dl > 2*time.Second {
				t.Errorf("8 MiB took %v", dl)
			}
		})
	}
}

// A field past the bounds is read as far as they allow, and says so.
func TestAddressBounds(t *testing.T) {
	h, _, _ := Read([]byte("To: " + strings.Repeat("a@b.example, ", 2000) + "\r\n\r\n"))
	list, problem := (&Decoder{}).AddressField(h, "To")
	if len(list) != MaxAddresses || !strings.Contains(problem, "too long") {
		t.Errorf("%d mailboxes, problem %q; want %d and a note", len(list), problem, MaxAddresses)
	}
	h, _, _ = Read([]byte("To: " + strings.Repeat("a,", 1<<20) + "\r\n\r\n"))
	list, problem = (&Decoder{}).AddressField(h, "To")
	if len(list) != MaxAddresses || !strings.Contains(problem, "too long") {
		t.Errorf("%d mailboxes, problem %q; want %d and a note", len(list), problem, MaxAddresses)
	}
}
