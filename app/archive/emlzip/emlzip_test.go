package emlzip

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestName(t *testing.T) {
	d := time.Date(2025, 3, 3, 23, 30, 0, 0, time.FixedZone("", -5*3600))
	for _, tt := range []struct {
		n       int
		subject string
		date    time.Time
		want    string
	}{
		{1, "Hello", d, "00001 2025-03-04 Hello.eml"},
		{2, "", time.Time{}, "00002.eml"},
		{3, "../../etc/passwd", d, "00003 2025-03-04 .._.._etc_passwd.eml"},
		{4, `a\b:c*d?e"f<g>h|i`, time.Time{}, "00004 a_b_c_d_e_f_g_h_i.eml"},
		{5, "tab\tand\r\nnewline  ", time.Time{}, "00005 tab and newline.eml"},
		{6, "Résumé für Anna ✓", time.Time{}, "00006 Résumé für Anna ✓.eml"},
		{7, strings.Repeat("é", 100), time.Time{}, "00007 " + strings.Repeat("é", 60) + ".eml"},
		{8, "ends with dots...", time.Time{}, "00008 ends with dots.eml"},
		{9, "bad \xff utf-8", time.Time{}, "00009 bad _ utf-8.eml"},
	} {
		if got := Name(tt.n, tt.subject, tt.date); got != tt.want {
			t.Errorf("Name(%d, %q) = %q, want %q", tt.n, tt.subject, got, tt.want)
		}
	}
}

// The archive opens with archive/zip's reader, its entries stored (not
// compressed), in order, byte for byte.
func TestWriter(t *testing.T) {
	for _, force64 := range []bool{false, true} {
		testWriter(t, force64)
	}
}

func testWriter(t *testing.T, force64 bool) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	w.force64 = force64
	msgs := []struct {
		subject string
		raw     string
	}{
		{"One", "Subject: One\r\n\r\nfirst\r\n"},
		{"One", "Subject: One\r\n\r\nsame subject, other message\r\n"},
		{"", "no header at all"},
	}
	date := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	for _, m := range msgs {
		if err := w.Add(m.subject, date, []byte(m.raw)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Add("late", date, nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Add after Close: %v, want ErrClosed", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(msgs) {
		t.Fatalf("%d entries, want %d", len(zr.File), len(msgs))
	}
	for i, f := range zr.File {
		if f.Method != zip.Store {
			t.Errorf("%s: method %d, want Store", f.Name, f.Method)
		}
		if want := Name(i+1, msgs[i].subject, date); f.Name != want {
			t.Errorf("entry %d is %q, want %q", i, f.Name, want)
		}
		if !f.Modified.Equal(date) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, date)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil || string(b) != msgs[i].raw {
			t.Errorf("%s holds %q (%v), want %q", f.Name, b, err, msgs[i].raw)
		}
	}
}
