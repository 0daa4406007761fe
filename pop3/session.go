package pop3

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
)

// ErrCommitUnknown is matched by the error of a Quit whose reply never
// arrived: the server may or may not have removed the messages marked
// with Dele. Check with a new session (UIDL) before telling the user.
var ErrCommitUnknown = errors.New("pop3: QUIT sent but not confirmed, so it is unknown whether deletions were committed")

// Stat returns the number of messages and their total size (STAT). A
// size the server left out is -1.
func (c *Client) Stat(ctx context.Context) (count int, size int64, err error) {
	st, err := c.simple(ctx, "STAT", "STAT")
	if err != nil {
		return 0, 0, err
	}
	return parseStat(st.text)
}

// parseStat parses the text of STAT's +OK: "count size".
func parseStat(text string) (count int, size int64, err error) {
	f := bytes.Fields([]byte(text))
	if len(f) == 0 {
		return 0, 0, protocolErr("STAT", "missing message count", []byte(text))
	}
	count, err = strconv.Atoi(string(f[0]))
	if err != nil || count < 0 {
		return 0, 0, protocolErr("STAT", "bad message count", []byte(text))
	}
	size = -1
	if len(f) > 1 {
		if v, perr := strconv.ParseInt(string(f[1]), 10, 64); perr == nil && v >= 0 {
			size = v
		}
	}
	return count, size, nil
}

// Dele marks message n for deletion (DELE). Nothing is removed until Quit
// succeeds; Rset or a dropped session undoes the mark.
func (c *Client) Dele(ctx context.Context, n int) error {
	_, err := c.simple(ctx, "DELE", "DELE "+strconv.Itoa(n))
	return err
}

// DeleMany marks each of nums for deletion, pipelined where possible.
// Every number is tried; the error joins an *ItemError for each refusal.
func (c *Client) DeleMany(ctx context.Context, nums []int) error {
	var failed []error
	reqs := make([]request, len(nums))
	for i, n := range nums {
		reqs[i] = request{verb: "DELE", line: "DELE " + strconv.Itoa(n), handle: func(st status, _ *bodyReader) error {
			if !st.ok {
				failed = append(failed, &ItemError{Msg: n, Err: replyErr("DELE", st)})
			}
			return nil
		}}
	}
	if err := c.locked(ctx, func() error { return c.batch(reqs) }); err != nil {
		return err
	}
	return joinItems(failed)
}

// Rset unmarks every message marked for deletion in this session (RSET).
func (c *Client) Rset(ctx context.Context) error {
	_, err := c.simple(ctx, "RSET", "RSET")
	return err
}

// Noop does nothing but keeps the session from timing out (NOOP). Some
// servers (Outlook) drop sessions that stay idle for about a minute.
func (c *Client) Noop(ctx context.Context) error {
	_, err := c.simple(ctx, "NOOP", "NOOP")
	return err
}

// Quit ends the session (QUIT). After login, the server then removes the
// messages marked with Dele (the UPDATE state of RFC 1939): a nil error
// means they are gone. An *Error means the server failed to remove some
// of them; an error matching ErrCommitUnknown means the reply was lost.
// The connection is closed in every case.
func (c *Client) Quit(ctx context.Context) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	defer c.fail(errors.New("pop3: the session ended with QUIT"))
	if err := c.send("QUIT", "QUIT"); err != nil {
		return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
	}
	st, err := c.readStatus("QUIT")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCommitUnknown, err)
	}
	if !st.ok {
		return replyErr("QUIT", st)
	}
	return nil
}

// UTF8 switches the session to UTF-8 mode (RFC 6856), in which the server
// may send UTF-8 headers and accepts UTF-8 credentials.
func (c *Client) UTF8(ctx context.Context) error {
	_, err := c.simple(ctx, "UTF8", "UTF8")
	return err
}
