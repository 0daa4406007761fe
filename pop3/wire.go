package pop3

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
)

// writeCmd buffers one command line. The caller flushes, which lets a
// pipeline put many commands into one write.
func (c *Client) writeCmd(line string) error {
	if _, err := c.bw.WriteString(line); err != nil {
		return err
	}
	_, err := c.bw.WriteString("\r\n")
	return err
}

// readLine reads one line of at most max bytes and returns it without its
// line ending (CRLF, or the bare LF that some servers send).
func readLine(br *bufio.Reader, cmd string, max int) ([]byte, error) {
	var acc []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(acc)+len(frag) > max+2 {
			return nil, &LimitError{Command: cmd, Limit: limitLine, Max: int64(max)}
		}
		switch err {
		case nil:
			if acc == nil {
				return trimEOL(frag), nil
			}
			return trimEOL(append(acc, frag...)), nil
		case bufio.ErrBufferFull:
			acc = append(acc, frag...)
		default:
			return nil, ioFailure(cmd, err)
		}
	}
}

// readStatus reads and parses one status line.
func (c *Client) readStatus(cmd string) (status, error) {
	line, err := readLine(c.br, cmd, statusLineMax)
	if err != nil {
		return status{}, err
	}
	return parseStatus(cmd, line)
}

// ioFailure explains an I/O error in the middle of an exchange.
func ioFailure(cmd string, err error) error {
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed):
		return fmt.Errorf("pop3: %s: the connection was closed before the reply ended: %w", cmd, io.ErrUnexpectedEOF)
	case errors.Is(err, ErrTimeout):
		return fmt.Errorf("pop3: %s: %w", cmd, err)
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("pop3: %s: stopped before the reply ended, so the session was closed: %w", cmd, err)
	}
	return fmt.Errorf("pop3: %s: connection failed: %w", cmd, err)
}

// replyErr turns a -ERR status into an *Error.
func replyErr(verb string, st status) *Error {
	return &Error{Command: verb, Code: st.code, Text: st.text}
}
