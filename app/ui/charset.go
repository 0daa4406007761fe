package ui

import (
	"io"
	"strings"
)

// charsetReader adapts decodeCharset (the browser's TextDecoder) to the
// reader form that mailbox's header decoding takes.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(io.LimitReader(input, 1<<20))
	if err != nil {
		return nil, err
	}
	s, err := decodeCharset(charset, b)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(s), nil
}
