package submission

import (
	"bufio"
	"bytes"
)

// dotWriter writes a message as DATA content (RFC 5321 §4.5.2): a line
// starting with "." gets another one, and a bare LF becomes CRLF, since
// SMTP lines end in CRLF and a bare LF is refused or mangled by servers.
// It writes into bw, so a large message goes out in full buffers.
type dotWriter struct {
	bw     *bufio.Writer
	bol    bool // at the beginning of a line
	lastCR bool // the last byte written was CR
}

func newDotWriter(bw *bufio.Writer) *dotWriter { return &dotWriter{bw: bw, bol: true} }

func (d *dotWriter) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		if d.bol && p[0] == '.' {
			if err := d.bw.WriteByte('.'); err != nil {
				return n, err
			}
		}
		i := bytes.IndexByte(p, '\n')
		seg := p
		if i >= 0 {
			seg = p[:i]
		}
		if len(seg) > 0 {
			if _, err := d.bw.Write(seg); err != nil {
				return n, err
			}
			d.lastCR = seg[len(seg)-1] == '\r'
			d.bol = false
		}
		if i < 0 {
			return n + len(seg), nil
		}
		if !d.lastCR {
			if err := d.bw.WriteByte('\r'); err != nil {
				return n, err
			}
		}
		if err := d.bw.WriteByte('\n'); err != nil {
			return n, err
		}
		d.bol, d.lastCR = true, false
		n += i + 1
		p = p[i+1:]
	}
	return n, nil
}

// finish ends the last line if the message did not. The final dot is the
// caller's, written apart so that the moment it leaves is known.
func (d *dotWriter) finish() error {
	if d.bol {
		return nil
	}
	d.bol = true
	if d.lastCR {
		return d.bw.WriteByte('\n')
	}
	_, err := d.bw.WriteString("\r\n")
	return err
}
