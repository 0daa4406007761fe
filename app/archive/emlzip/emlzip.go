// Package emlzip writes messages as a zip archive (PKWARE's APPNOTE.TXT)
// of .eml files, one RFC 5322 message per file, as mail clients import
// and export them.
//
// Entries are stored, not compressed (zip's Store method): mail is
// mostly base64 that compresses poorly, and Store costs no CPU in the
// browser tab. The writer streams: each message is written as it is
// added, with its CRC-32 and size known up front (a message is in memory
// anyway), so neither the messages nor the archive are held whole; past
// 4 GB or 65,535 entries the archive gets zip64 records.
//
// # Why not archive/zip
//
// The standard library's writer registers its Deflate compressor at
// init, which links compress/flate's compressor into the app: measured
// on the same branch, the export with archive/zip made app.wasm 37,839
// bytes larger as served (brotli) than with this writer. Names are UTF-8
// (flag bit 11); times are MS-DOS times of the message's Date in UTC.
package emlzip

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
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
	w       *bufio.Writer
	off     int64 // bytes written so far
	central []byte
	n       int
	closed  bool
	err     error
	force64 bool // tests: zip64 records for a small archive
}

// NewWriter returns a Writer that writes the archive to w.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriterSize(w, 64<<10)} }

const (
	sigLocal     = 0x04034b50
	sigCentral   = 0x02014b50
	sigEnd       = 0x06054b50
	sigEnd64     = 0x06064b50
	sigLocator64 = 0x07064b50
	flagUTF8     = 1 << 11
	version20    = 20 // what a stored entry needs
	version45    = 45 // zip64
	max16        = 0xffff
	max32        = 0xffffffff
	zip64ExtraID = 0x0001
	maxEntrySize = max32 - 1 // an entry's own sizes stay 32-bit
)

// Add appends one message, named after its number in the archive, its
// date and its subject (see Name), with date as its modification time.
func (w *Writer) Add(subject string, date time.Time, raw []byte) error {
	if w.closed {
		return ErrClosed
	}
	if w.err != nil {
		return w.err
	}
	if int64(len(raw)) > maxEntrySize {
		return fmt.Errorf("emlzip: message %d is over 4 GB", w.n+1)
	}
	w.n++
	name := Name(w.n, subject, date)
	dt, dd := dosTime(date)
	crc := crc32.ChecksumIEEE(raw)
	size := uint32(len(raw))
	b := binary.LittleEndian
	local := make([]byte, 30, 30+len(name))
	b.PutUint32(local[0:], sigLocal)
	b.PutUint16(local[4:], version20)
	b.PutUint16(local[6:], flagUTF8)
	b.PutUint16(local[8:], 0) // Store
	b.PutUint16(local[10:], dt)
	b.PutUint16(local[12:], dd)
	b.PutUint32(local[14:], crc)
	b.PutUint32(local[18:], size)
	b.PutUint32(local[22:], size)
	b.PutUint16(local[26:], uint16(len(name)))
	local = append(local, name...)

	offset := w.off
	big := w.force64 || offset >= max32
	c := make([]byte, 46, 46+len(name)+12)
	b.PutUint32(c[0:], sigCentral)
	// Made by Unix (3<<8), as archive/zip says too: Info-ZIP's unzip
	// reads an MS-DOS entry's name as code page 437 despite flag 11.
	b.PutUint16(c[4:], 3<<8|version20)
	b.PutUint16(c[6:], version20)
	if big {
		b.PutUint16(c[4:], 3<<8|version45)
		b.PutUint16(c[6:], version45)
	}
	b.PutUint16(c[8:], flagUTF8)
	b.PutUint16(c[12:], dt)
	b.PutUint16(c[14:], dd)
	b.PutUint32(c[16:], crc)
	b.PutUint32(c[20:], size)
	b.PutUint32(c[24:], size)
	b.PutUint16(c[28:], uint16(len(name)))
	b.PutUint32(c[38:], 0o100644<<16) // a regular file, rw-r--r--, for unzip on Unix
	if big {
		b.PutUint16(c[30:], 12)
		b.PutUint32(c[42:], max32)
	} else {
		b.PutUint32(c[42:], uint32(offset))
	}
	c = append(c, name...)
	if big {
		c = b.AppendUint16(c, zip64ExtraID)
		c = b.AppendUint16(c, 8)
		c = b.AppendUint64(c, uint64(offset))
	}
	w.central = append(w.central, c...)
	if err := w.write(local); err != nil {
		return err
	}
	return w.write(raw)
}

func (w *Writer) write(p []byte) error {
	n, err := w.w.Write(p)
	w.off += int64(n)
	if err != nil {
		w.err = fmt.Errorf("emlzip: writing message %d failed: %w", w.n, err)
	}
	return w.err
}

// Close writes the archive's central directory; the archive is not
// valid without it.
func (w *Writer) Close() error {
	if w.closed {
		return w.err
	}
	w.closed = true
	if w.err != nil {
		return w.err
	}
	start, size := w.off, int64(len(w.central))
	if err := w.write(w.central); err != nil {
		return err
	}
	b := binary.LittleEndian
	end := make([]byte, 22)
	b.PutUint32(end[0:], sigEnd)
	if w.force64 || w.n >= max16 || start >= max32 || size >= max32 {
		rec := make([]byte, 56+20)
		b.PutUint32(rec[0:], sigEnd64)
		b.PutUint64(rec[4:], 44) // the record's size after this field
		b.PutUint16(rec[12:], version45)
		b.PutUint16(rec[14:], version45)
		b.PutUint64(rec[24:], uint64(w.n))
		b.PutUint64(rec[32:], uint64(w.n))
		b.PutUint64(rec[40:], uint64(size))
		b.PutUint64(rec[48:], uint64(start))
		b.PutUint32(rec[56:], sigLocator64)
		b.PutUint64(rec[64:], uint64(w.off)) // where the zip64 record starts
		b.PutUint32(rec[72:], 1)
		if err := w.write(rec); err != nil {
			return err
		}
		b.PutUint16(end[8:], max16)
		b.PutUint16(end[10:], max16)
		b.PutUint32(end[12:], max32)
		b.PutUint32(end[16:], max32)
	} else {
		b.PutUint16(end[8:], uint16(w.n))
		b.PutUint16(end[10:], uint16(w.n))
		b.PutUint32(end[12:], uint32(size))
		b.PutUint32(end[16:], uint32(start))
	}
	if err := w.write(end); err != nil {
		return err
	}
	if err := w.w.Flush(); err != nil {
		w.err = fmt.Errorf("emlzip: finishing the archive failed: %w", err)
	}
	return w.err
}

// dosTime is t (UTC) as an MS-DOS time and date; 1980-01-01 for a date
// MS-DOS cannot say (none, or before 1980).
func dosTime(t time.Time) (tm, date uint16) {
	t = t.UTC()
	if t.Year() < 1980 || t.Year() > 2107 {
		return 0, 1<<5 | 1
	}
	return uint16(t.Hour()<<11 | t.Minute()<<5 | t.Second()/2),
		uint16((t.Year()-1980)<<9 | int(t.Month())<<5 | t.Day())
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
