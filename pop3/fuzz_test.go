package pop3

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"unicode"
)

// The targets below also run their seeds (f.Add and testdata/fuzz/<name>)
// as ordinary tests. To fuzz one:
//
//	go test ./pop3/ -run XXX -fuzz FuzzBodyReader -fuzztime 30s

func FuzzParseStatus(f *testing.F) {
	for _, s := range []string{
		"+OK", "+ok 2 320", "-ERR", "-err [IN-USE] locked", "-ERR [SYS/TEMP/QUOTA] over quota",
		"-ERR [] [x]", "-ERR [unterminated", "+", "+ ", "+ dGVzdA==", "+OKAY", "-ERROR",
		"", "HTTP/1.1 200 OK", "+OK\t[auth]\ttext ", "-ERR [\xff] \xfe",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		st, err := parseStatus("FUZZ", line)
		if err != nil {
			var pe *ProtocolError
			if !errors.As(err, &pe) || pe.Command != "FUZZ" {
				t.Fatalf("error %#v is not a *ProtocolError for FUZZ", err)
			}
			if st != (status{}) {
				t.Fatalf("status %+v returned with the error", st)
			}
			return
		}
		switch {
		case st.ok && st.cont:
			t.Fatalf("%+v is both +OK and a continuation", st)
		case st.ok && !hasPrefixFold(line, "+OK"):
			t.Fatalf("%q parsed as +OK", line)
		case st.cont && (line[0] != '+' || hasPrefixFold(line, "+OK") || st.code != ""):
			t.Fatalf("%q parsed as continuation %+v", line, st)
		case !st.ok && !st.cont && !hasPrefixFold(line, "-ERR"):
			t.Fatalf("%q parsed as -ERR", line)
		}
		if strings.TrimSpace(st.text) != st.text {
			t.Fatalf("text %q is not trimmed", st.text)
		}
		if strings.Contains(st.code, "]") || strings.ToUpper(st.code) != st.code {
			t.Fatalf("code %q is not an upper-case bracket content", st.code)
		}

		// The canonical form of the parsed status parses to the same.
		var canon string
		switch {
		case st.cont:
			canon = "+ " + st.text
		case st.ok:
			canon = "+OK"
		default:
			canon = "-err"
		}
		if !st.cont && (st.code != "" || strings.HasPrefix(st.text, "[")) {
			canon += " [" + st.code + "]"
		}
		if !st.cont && st.text != "" {
			canon += " " + st.text
		}
		again, err := parseStatus("FUZZ", []byte(canon))
		if err != nil || again != st {
			t.Fatalf("%q parsed as %+v; its canonical form %q parses as %+v, %v", line, st, canon, again, err)
		}
	})
}

func FuzzBodyReader(f *testing.F) {
	type seed struct {
		in              string
		bufSel, readSel byte
		limits          uint16
	}
	for _, s := range []seed{
		{".\r\n", 0, 0, 0},
		{"a\r\nb\r\n.\r\n+OK\r\n", 0, 1, 0x0a0a},
		{"..foo\r\n..\r\n.\n-ERR\r\n", 3, 2, 0xffff},
		{"0123456789abcdef.\r\n..x\r\n.\r\n+OK\r\n", 0, 3, 0x0a10},
		{".0123456789abcde.ghijklmnopqrstu.vwxyz\r\n.\r\n", 0, 7, 0x2410},
		{"0123456789a\r\n.\r\n", 0, 0, 0x0a03},
		{"a\r\nb", 0, 0, 0},
		{"\r\n.\r\r\n. \r\n.\r", 5, 1, 0x0101},
	} {
		f.Add([]byte(s.in), s.bufSel, s.readSel, s.limits)
	}
	f.Fuzz(func(t *testing.T, data []byte, bufSel, readSel byte, limits uint16) {
		// Bodies longer than a few buffers add nothing but time (the
		// engine minimises every new input byte by byte).
		if len(data) > 512 {
			return
		}
		bufSize := 16 + int(bufSel%48)
		chunk := int(readSel % 20) // 0: io.ReadAll
		want, wantRest, terminated := unstuffReference(data)

		// Without limits: the reference's output, never more bytes than
		// came in, and the stream positioned after the terminator.
		checkAgainstReference(t, data, bufSize, chunk)

		// drain after a partial read leaves the same position.
		r, br := bodyOver(string(data), bufSize, 0, 0)
		io.ReadFull(r, make([]byte, int(readSel)))
		err := r.drain()
		if terminated {
			if err != nil {
				t.Fatalf("drain: %v", err)
			}
			if got := leftInReader(t, br); got != string(wantRest) {
				t.Fatalf("after drain: %q, want %q", got, wantRest)
			}
		} else if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("drain of an unterminated body: %v", err)
		}

		// With limits: success only within them, and a *LimitError only
		// when the reference body breaks one.
		maxLine := 1 + int(limits>>8)
		maxSize := 1 + int64(limits&0xff)*2
		r, _ = bodyOver(string(data), bufSize, maxLine, maxSize)
		got, err := readInChunks(r, chunk)
		if !bytes.HasPrefix(want, got) {
			t.Fatalf("output %q is not a prefix of the reference %q", got, want)
		}
		var le *LimitError
		switch {
		case err == nil:
			if !terminated || !bytes.Equal(got, want) {
				t.Fatalf("with limits: got %q, want %q (terminated %v)", got, want, terminated)
			}
			if int64(len(got)) > maxSize {
				t.Fatalf("%d bytes passed MaxMessageSize %d", len(got), maxSize)
			}
			// Bare-LF lines are left out: they get one byte of slack
			// (see TestBodyReaderLineLimitBareLF).
			for _, l := range bytes.SplitAfter(got, []byte("\r\n")) {
				if bytes.HasSuffix(l, []byte("\r\n")) {
					if i := bytes.LastIndexByte(l[:len(l)-2], '\n'); i >= 0 {
						l = l[i+1:]
					}
					if len(l)-2 > maxLine {
						t.Fatalf("line %q passed MaxLineLength %d", l, maxLine)
					}
				}
			}
		case errors.As(err, &le) && le.Limit == limitMessage:
			if le.Max != maxSize || int64(len(want)) <= maxSize {
				t.Fatalf("size limit %+v, but the reference body has %d bytes", le, len(want))
			}
		case errors.As(err, &le) && le.Limit == limitLine:
			if le.Max != int64(maxLine) || longestLine(want) <= maxLine {
				t.Fatalf("line limit %+v, but the longest reference line has %d bytes", le, longestLine(want))
			}
		case errors.Is(err, io.ErrUnexpectedEOF):
			if terminated {
				t.Fatalf("unexpected EOF on a terminated body")
			}
		default:
			t.Fatalf("unexpected error %v", err)
		}
	})
}

// longestLine returns the length of the longest line of b without its
// line ending.
func longestLine(b []byte) int {
	longest := 0
	for _, l := range bytes.SplitAfter(b, []byte("\n")) {
		l = trimEOL(l)
		longest = max(longest, len(l))
	}
	return longest
}

func FuzzParseCapabilities(f *testing.F) {
	for _, s := range []string{
		"USER\nRESP-CODES\nEXPIRE 0\nLOGIN-DELAY 300\nTOP\nUIDL\nX-GOOGLE-RICO\nSASL PLAIN XOAUTH2\n",
		"TOP\r\nUSER\r\nUIDL\r\nSTLS\r\nSASL PLAIN X-ZIMBRA\r\nEXPIRE NEVER\r\nXOIP\r\nIMPLEMENTATION ZimbraInc\r\n",
		"EXPIRE 31 USER\nLOGIN-DELAY 900 USER\nUTF8 USER\nLANG\n",
		"expire\nlogin-delay x\nsasl\n\n  \nIMPLEMENTATION\n",
		"  IMPLEMENTATION x\n\xff\xfe SASL \xc3\xa9\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		var lines []string
		for _, l := range strings.SplitAfter(string(data), "\n") {
			lines = append(lines, string(trimEOL([]byte(l))))
		}
		checkCapabilities(t, lines)

		// The same bytes as a CAPA body on the wire.
		br := bufio.NewReaderSize(bytes.NewReader(append(bytes.Clone(data), "\r\n.\r\n"...)), 16)
		body, err := newBodyReader(br, "CAPA", 256, 1<<20, limitListing).lines()
		if err != nil {
			return // a line over the limit
		}
		wire := make([]string, len(body))
		for i, l := range body {
			wire[i] = string(l)
		}
		checkCapabilities(t, wire)
	})
}

func checkCapabilities(t *testing.T, lines []string) {
	t.Helper()
	c := parseCapabilities(lines)
	if !c.Known || len(c.Raw) != len(lines) {
		t.Fatalf("Known %v, %d raw lines for %d", c.Known, len(c.Raw), len(lines))
	}
	for _, m := range c.SASL {
		if m == "" || strings.ToUpper(m) != m || strings.IndexFunc(m, unicode.IsSpace) >= 0 {
			t.Fatalf("SASL mechanism %q", m)
		}
		if !c.HasSASL(m) {
			t.Fatalf("HasSASL(%q) is false", m)
		}
	}
	e := c.Expire
	if e.Days < 0 || (e.Never && e.Days != 0) || (!e.Announced && (e.Never || e.Days != 0 || e.PerUser)) {
		t.Fatalf("inconsistent %+v", e)
	}
	if e.DeletesOnRetrieve() != (e.Announced && !e.Never && e.Days == 0) {
		t.Fatalf("DeletesOnRetrieve wrong for %+v", e)
	}
	if c.UTF8User && !c.UTF8 {
		t.Fatal("UTF8User without UTF8")
	}
	if strings.TrimSpace(c.Implementation) != c.Implementation {
		t.Fatalf("Implementation %q is not trimmed", c.Implementation)
	}
	// LoginDelay is not checked here: huge values overflow
	// (TestParseCapabilitiesLoginDelayOverflow).
}

func FuzzParseListing(f *testing.F) {
	for _, s := range []string{
		"1 1024\n2 1025\n3 1026",
		"1     whqtswO00WBw418f9t5JxYwZ\r\n2\tQhdPYR:00WBw1Ph7x7\r\n",
		"1 1024\n7\n8 -5\n9 ten",
		"2 20\n1 10",
		"1 9223372036854775808\n",
		"0 1\n-1 2\n+3 4\n",
		"",
		"\n\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		var lines [][]byte
		for _, l := range bytes.SplitAfter(data, []byte("\n")) {
			lines = append(lines, trimEOL(l))
		}
		for _, l := range lines {
			if mi, err := parseListLine(l); err == nil {
				if mi.Number <= 0 || mi.Size < -1 || mi.UID != "" {
					t.Fatalf("parseListLine(%q) = %+v", l, mi)
				}
			} else {
				checkListingErr(t, err, "LIST")
			}
			if mi, err := parseUIDLLine(l); err == nil {
				if mi.Number <= 0 || mi.Size != -1 || mi.UID == "" ||
					bytes.IndexFunc([]byte(mi.UID), unicode.IsSpace) >= 0 || !bytes.Contains(l, []byte(mi.UID)) {
					t.Fatalf("parseUIDLLine(%q) = %+v", l, mi)
				}
			} else {
				checkListingErr(t, err, "UIDL")
			}
		}
		for _, p := range []struct {
			cmd   string
			parse func([]byte) (MessageInfo, error)
		}{{"LIST", parseListLine}, {"UIDL", parseUIDLLine}} {
			infos, err := parseListing(p.cmd, lines, p.parse)
			if err != nil {
				checkListingErr(t, err, p.cmd)
				if infos != nil {
					t.Fatalf("%s: result %+v with error %v", p.cmd, infos, err)
				}
				continue
			}
			if len(infos) != len(lines) {
				t.Fatalf("%s: %d entries for %d lines", p.cmd, len(infos), len(lines))
			}
			for i := range infos {
				if i > 0 && infos[i].Number <= infos[i-1].Number {
					t.Fatalf("%s: numbers not rising: %+v", p.cmd, infos)
				}
			}
		}
	})
}

func checkListingErr(t *testing.T, err error, cmd string) {
	t.Helper()
	var pe *ProtocolError
	if !errors.As(err, &pe) || pe.Command != cmd {
		t.Fatalf("error %#v is not a *ProtocolError for %s", err, cmd)
	}
}
