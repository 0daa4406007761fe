package pop3

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Retr streams message n (RETR). The body is exact: dot-stuffing undone,
// line endings kept, so its length matches the LIST size. The session is
// busy until the body has been read to its end or closed; Close drains
// what is left so the session stays usable. ctx governs the whole read.
func (c *Client) Retr(ctx context.Context, n int) (io.ReadCloser, error) {
	return c.stream(ctx, "RETR", "RETR "+strconv.Itoa(n), n)
}

// Top streams the header section of message n, the blank line, and the
// first lines lines of its body (TOP). Top(ctx, n, 0) gives the header
// alone. On servers that do not announce TOP the command is still tried,
// and a refusal there matches ErrNotSupported.
func (c *Client) Top(ctx context.Context, n, lines int) (io.ReadCloser, error) {
	if lines < 0 {
		return nil, fmt.Errorf("pop3: TOP: negative line count %d", lines)
	}
	return c.stream(ctx, "TOP", "TOP "+strconv.Itoa(n)+" "+strconv.Itoa(lines), n)
}

func (c *Client) stream(ctx context.Context, verb, line string, n int) (io.ReadCloser, error) {
	end, err := c.begin(ctx)
	if err != nil {
		return nil, err
	}
	if err := c.checkKnownSize(verb, n); err != nil {
		end()
		return nil, err
	}
	if err := c.send(verb, line); err != nil {
		end()
		return nil, err
	}
	st, err := c.readStatus(verb)
	if err == nil && st.cont {
		err = protocolErr(verb, "unexpected SASL continuation", nil)
	}
	if err != nil {
		c.fail(err)
		end()
		return nil, err
	}
	if !st.ok {
		end()
		return nil, c.messageErr(verb, st)
	}
	body := c.newBody(request{verb: verb})
	c.trackProgress(body, verb, n, st)
	body.onEnd = func(err error) {
		if err != nil {
			c.fail(err)
		}
		end()
	}
	return &messageReader{body: body}, nil
}

// messageReader is the io.ReadCloser of Retr and Top.
type messageReader struct{ body *bodyReader }

func (m *messageReader) Read(p []byte) (int, error) { return m.body.Read(p) }

// WriteTo lets io.Copy skip a copy (see bodyReader.WriteTo).
func (m *messageReader) WriteTo(w io.Writer) (int64, error) { return m.body.WriteTo(w) }

// Close drains the unread rest of the message. Draining rather than
// dropping the connection keeps the session (and its pending deletions)
// alive at the cost of reading bytes nobody wants.
func (m *messageReader) Close() error {
	if m.body.ended {
		if m.body.err == io.EOF {
			return nil
		}
		return m.body.err
	}
	return m.body.drain()
}

// checkKnownSize refuses before sending when LIST already told us the
// message is over the limit, so that no partial body has to be drained.
func (c *Client) checkKnownSize(verb string, n int) error {
	if verb != "RETR" {
		return nil
	}
	if size, ok := c.sizes[n]; ok && size > c.opts.MaxMessageSize {
		return &LimitError{Command: verb, Limit: limitMessage, Max: c.opts.MaxMessageSize}
	}
	return nil
}

// messageErr explains a refused RETR or TOP; TOP refused by a server that
// did not announce it is most likely missing, not a bad number.
func (c *Client) messageErr(verb string, st status) error {
	e := replyErr(verb, st)
	if verb == "TOP" && c.caps != nil && !c.caps.Top {
		return &notSupported{what: "TOP", err: e}
	}
	return e
}

// trackProgress wires Options.Progress to body.
func (c *Client) trackProgress(body *bodyReader, verb string, n int, st status) {
	if c.opts.Progress == nil {
		return
	}
	total := int64(-1)
	if verb == "RETR" {
		// "+OK 1234 octets" is common (RFC 1939's own example) and
		// fresher than the LIST size.
		if f := strings.Fields(st.text); len(f) > 0 {
			if v, err := strconv.ParseInt(f[0], 10, 64); err == nil && v >= 0 {
				total = v
			}
		}
		if s, ok := c.sizes[n]; ok && total < 0 {
			total = s
		}
	}
	report := c.opts.Progress
	var last int64
	body.onData = func(got int64, done bool) {
		if done || got-last >= progressEvery {
			last = got
			report(Progress{Command: verb, Msg: n, Bytes: got, Total: total, Done: done})
		}
	}
}

// RetrMany retrieves the messages nums in order, pipelined where the
// server allows, and calls fn for each with either the streaming body or
// the server's refusal (an *Error). The body is valid only during the
// call; what fn leaves unread is skipped. If fn returns an error, no more
// commands are sent, the replies already requested are discarded, and
// RetrMany returns that error.
func (c *Client) RetrMany(ctx context.Context, nums []int, fn func(n int, body io.Reader, err error) error) error {
	return c.messageBatch(ctx, "RETR", nums, func(n int) string { return "RETR " + strconv.Itoa(n) }, fn)
}

// TopMany is RetrMany for TOP n lines; TopMany(ctx, nums, 0, fn) fetches
// the headers of an inbox in a few round trips.
func (c *Client) TopMany(ctx context.Context, nums []int, lines int, fn func(n int, body io.Reader, err error) error) error {
	if lines < 0 {
		return fmt.Errorf("pop3: TOP: negative line count %d", lines)
	}
	suffix := " " + strconv.Itoa(lines)
	return c.messageBatch(ctx, "TOP", nums, func(n int) string { return "TOP " + strconv.Itoa(n) + suffix }, fn)
}

func (c *Client) messageBatch(ctx context.Context, verb string, nums []int, line func(int) string, fn func(int, io.Reader, error) error) error {
	reqs := make([]request, len(nums))
	for i, n := range nums {
		reqs[i] = request{verb: verb, line: line(n), multi: true, handle: func(st status, body *bodyReader) error {
			if !st.ok {
				return fn(n, nil, c.messageErr(verb, st))
			}
			c.trackProgress(body, verb, n, st)
			return fn(n, body, nil)
		}}
	}
	return c.locked(ctx, func() error {
		for _, n := range nums {
			if err := c.checkKnownSize(verb, n); err != nil {
				return &ItemError{Msg: n, Err: err}
			}
		}
		return c.batch(reqs)
	})
}
