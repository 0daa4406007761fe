package mbox

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// got is one message as a test sees it.
type got struct {
	From      string
	Date      time.Time
	Body      string
	Truncated bool
	TooLarge  bool
}

// readAll reads every message of input, failing the test on a read error.
func readAll(t testing.TB, input string, opts *ReaderOptions) ([]got, *Report) {
	t.Helper()
	msgs, rep, err := readAllErr(strings.NewReader(input), opts)
	if err != nil {
		t.Fatalf("reading %q: %v", input, err)
	}
	return msgs, rep
}

func readAllErr(r io.Reader, opts *ReaderOptions) ([]got, *Report, error) {
	mr := NewReader(r, opts)
	var out []got
	for {
		m, err := mr.Next()
		if err == io.EOF {
			return out, mr.Report(), nil
		}
		if err != nil {
			return out, mr.Report(), err
		}
		var b strings.Builder
		_, err = io.Copy(&b, m)
		g := got{From: m.From, Date: m.Date, Body: b.String()}
		switch {
		case errors.Is(err, ErrTooLarge):
			g.TooLarge, g.Body = true, ""
		case err != nil:
			return out, mr.Report(), err
		}
		g.Truncated = errors.Is(m.Warning(), ErrTruncated)
		out = append(out, g)
	}
}

// date is a UTC time for tables.
func date(s string) time.Time {
	d, err := time.Parse(time.ANSIC, s)
	if err != nil {
		panic(err)
	}
	return d
}
