package submission

import (
	"bufio"
	"strconv"
	"strings"
)

// reply is one SMTP reply (RFC 5321 §4.2): a code and one or more lines
// of text, with the RFC 3463 enhanced code taken off each line (RFC 2034
// repeats it on every line of a multiline reply).
type reply struct {
	code     int
	enhanced [3]int
	lines    []string
}

func (r reply) text() string { return strings.Join(r.lines, "\n") }

func (r reply) positive() bool { return r.code >= 200 && r.code < 400 }

// err turns a refusal into an *Error at stage.
func (r reply) err(stage Stage) *Error {
	return &Error{Stage: stage, Code: r.code, Enhanced: r.enhanced, Text: r.text()}
}

// ProtocolError reports a reply that does not follow RFC 5321. The
// session ends with it, since replies can no longer be matched with the
// commands they answer.
type ProtocolError struct {
	Reason string
	Line   string // the offending line, shortened
}

func (e *ProtocolError) Error() string {
	s := "submission: malformed reply from the server: " + e.Reason
	if e.Line != "" {
		s += ": " + strconv.Quote(e.Line)
	}
	return s
}

func protocolErr(reason string, line []byte) *ProtocolError {
	const max = 80
	if len(line) > max {
		line = line[:max]
	}
	return &ProtocolError{Reason: reason, Line: string(line)}
}

// readReply reads one reply. maxLine bounds each line and maxReplyLines
// the count of lines, so a hostile server cannot exhaust memory.
func readReply(br *bufio.Reader, maxLine int) (reply, error) {
	var r reply
	for n := 0; ; n++ {
		if n == maxReplyLines {
			return reply{}, protocolErr("more than "+strconv.Itoa(maxReplyLines)+" lines in one reply", nil)
		}
		line, err := readLine(br, maxLine)
		if err != nil {
			return reply{}, err
		}
		code, more, text, err := parseReplyLine(line)
		if err != nil {
			return reply{}, err
		}
		if n == 0 {
			r.code = code
			r.enhanced, text = cutEnhanced(code, text)
		} else if code != r.code {
			return reply{}, protocolErr("the reply code changed within a multiline reply", line)
		} else if r.enhanced != ([3]int{}) {
			_, text = cutEnhanced(code, text)
		}
		r.lines = append(r.lines, text)
		if !more {
			return r, nil
		}
	}
}

// readLine reads one line of at most max bytes without its line ending
// (CRLF, or the bare LF some servers send).
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var acc []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(acc)+len(frag) > max+2 {
			return nil, protocolErr("a reply line is longer than "+strconv.Itoa(max)+" bytes", frag)
		}
		switch err {
		case nil:
			line := append(acc, frag...)
			line = line[:len(line)-1]
			if len(line) > 0 && line[len(line)-1] == '\r' {
				line = line[:len(line)-1]
			}
			return line, nil
		case bufio.ErrBufferFull:
			acc = append(acc, frag...)
		default:
			return nil, err
		}
	}
}

// parseReplyLine splits "250-text", "250 text" or "250" into its code,
// whether more lines follow, and the text.
func parseReplyLine(line []byte) (code int, more bool, text string, err error) {
	if len(line) < 3 {
		return 0, false, "", protocolErr("a reply line shorter than its 3-digit code", line)
	}
	for _, d := range line[:3] {
		if d < '0' || d > '9' {
			return 0, false, "", protocolErr("a reply line without a 3-digit code", line)
		}
	}
	code = int(line[0]-'0')*100 + int(line[1]-'0')*10 + int(line[2]-'0')
	if code < 200 || code > 599 {
		return 0, false, "", protocolErr("a reply code outside 2xx to 5xx", line)
	}
	if len(line) == 3 {
		return code, false, "", nil
	}
	switch line[3] {
	case '-':
		more = true
	case ' ':
	default:
		return 0, false, "", protocolErr("a reply code followed by neither space nor hyphen", line)
	}
	return code, more, string(line[4:]), nil
}

// cutEnhanced takes an RFC 3463 code ("5.1.1 ") off the start of text. A
// code whose class differs from the reply's first digit is left as text:
// RFC 2034 §4 requires them to agree.
func cutEnhanced(code int, text string) ([3]int, string) {
	head, rest, _ := strings.Cut(text, " ")
	var e [3]int
	parts := strings.Split(head, ".")
	if len(parts) != 3 {
		return [3]int{}, text
	}
	for i, p := range parts {
		max := 3
		if i == 0 {
			max = 1
		}
		if len(p) == 0 || len(p) > max {
			return [3]int{}, text
		}
		for _, d := range []byte(p) {
			if d < '0' || d > '9' {
				return [3]int{}, text
			}
		}
		e[i], _ = strconv.Atoi(p)
	}
	if e[0] != code/100 {
		return [3]int{}, text
	}
	return e, rest
}

// validArg reports whether s may go into a command line: no CR or LF (a
// second command smuggled in) and no other control character.
func validArg(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
