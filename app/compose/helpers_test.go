package compose

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

// fixedNow is the clock of the tests.
var fixedNow = time.Date(2026, 12, 6, 10, 30, 0, 0, time.FixedZone("CET", 3600))

func testOptions() *BuildOptions {
	return &BuildOptions{Now: func() time.Time { return fixedNow }}
}

// part is one leaf of a parsed message.
type part struct {
	header   mail.PartHeader
	body     []byte
	filename string
	inline   bool
}

// parseBack reads msg with go-message, as a receiving client would, and
// returns its header and its parts with their decoded bodies.
func parseBack(t *testing.T, msg []byte) (mail.Header, []part) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(msg))
	if err != nil {
		t.Fatalf("go-message cannot read the built message: %v\n%s", err, msg)
	}
	var parts []part
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading a part: %v\n%s", err, msg)
		}
		body, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatalf("reading a part's body: %v", err)
		}
		pt := part{header: p.Header, body: body}
		switch h := p.Header.(type) {
		case *mail.AttachmentHeader:
			pt.filename, err = h.Filename()
			if err != nil {
				t.Fatalf("attachment file name: %v", err)
			}
		case *mail.InlineHeader:
			pt.inline = true
		}
		parts = append(parts, pt)
	}
	return r.Header, parts
}

// headerBlock is the raw header of msg, up to the first empty line.
func headerBlock(msg []byte) string {
	h, _, _ := strings.Cut(string(msg), "\r\n\r\n")
	return h
}

func mustBuild(t *testing.T, d Draft) ([]byte, Envelope) {
	t.Helper()
	msg, env, err := Build(d, testOptions())
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	checkLines(t, msg)
	return msg, env
}

// checkLines holds RFC 5322 section 2.1.1 and 2.3 on msg: CRLF line
// breaks only, no line over 998 octets.
func checkLines(t *testing.T, msg []byte) {
	t.Helper()
	for i, line := range bytes.Split(msg, []byte("\r\n")) {
		if len(line) > 998 {
			t.Errorf("line %d has %d octets: %.60q…", i+1, len(line), line)
		}
		if bytes.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %.60q", i+1, line)
		}
	}
}
