// Package emlzip writes messages as a zip archive (PKWARE APPNOTE.TXT,
// through the standard library's archive/zip) of .eml files, one RFC
// 5322 message per file, as mail clients import and export them.
//
// Entries are stored, not compressed (zip's Store method): mail is
// mostly base64 that compresses poorly, Store costs no CPU in the
// browser tab, and archive/zip's Deflate is linked into the app anyway.
// The writer streams: each message is written as it is added, with a
// data descriptor after it, so neither the messages nor the archive are
// held whole; archive/zip switches to zip64 records past 4 GB.
package emlzip

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrClosed: Add after Close.
var ErrClosed = errors.New("emlzip: the archive is already closed")

// Writer writes a zip of .eml files. It is not safe for concurrent use.
type Writer struct {
	z      *zip.Writer
	n      int
	closed bool
}

// NewWriter returns a Writer that writes the archive to w.
func NewWriter(w io.Writer) *Writer { return &Writer{z: zip.NewWriter(w)} }

// Add appends one message, named after its number in the archive, its
// date and its subject (see Name), with date as its modification time.
func (w *Writer) Add(subject string, date time.Time, raw []byte) error {
	if w.closed {
		return ErrClosed
	}
	w.n++
	h := &zip.FileHeader{Name: Name(w.n, subject, date), Method: zip.Store}
	if !date.IsZero() {
		h.Modified = date
	}
	f, err := w.z.CreateHeader(h)
	if err != nil {
		return fmt.Errorf("emlzip: writing message %d failed: %w", w.n, err)
	}
	if _, err := f.Write(raw); err != nil {
		return fmt.Errorf("emlzip: writing message %d failed: %w", w.n, err)
	}
	return nil
}

// Close writes the archive's central directory; the archive is not
// valid without it.
func (w *Writer) Close() error {
	if w.closed {
		return nil
	}
	w.closed = true
	if err := w.z.Close(); err != nil {
		return fmt.Errorf("emlzip: finishing the archive failed: %w", err)
	}
	return nil
}

// maxSubject bounds the subject part of a name, in runes: file systems
// cap names at 255 bytes.
const maxSubject = 60

// Name is the file name of message n: "00001 2025-03-03 Subject.eml".
// The number keeps names unique and in order; the subject is cut to 60
// runes, and characters that a file system (Windows' is the strictest)
// or a zip tool would take as a path or refuse become '_', so that no
// entry can escape the folder it is extracted into. A zero date is left
// out.
func Name(n int, subject string, date time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%05d", n)
	if !date.IsZero() {
		b.WriteString(" " + date.UTC().Format("2006-01-02"))
	}
	s := strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r), strings.ContainsRune(`/\:*?"<>|`, r):
			return '_'
		}
		return r
	}, subject)
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > maxSubject {
		s = string([]rune(s)[:maxSubject])
	}
	s = strings.TrimRight(s, ". ") // Windows drops trailing dots and spaces
	if s != "" {
		b.WriteString(" " + s)
	}
	return b.String() + ".eml"
}
