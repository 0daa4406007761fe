package submission

import (
	"context"
	"io"
	"strconv"
	"strings"
)

// AddressError reports an envelope address that cannot be put in a
// command. Nothing was sent.
type AddressError struct {
	Address string
	Reason  string
}

func (e *AddressError) Error() string {
	return "submission: the address " + strconv.Quote(e.Address) + " cannot be used: " + e.Reason + "; nothing was sent"
}

// Send submits one message: MAIL FROM, one RCPT TO per recipient, DATA
// and the message (RFC 5321 §3.3). msg holds the whole message (header
// and body, lines ending in CRLF; bare LFs are made CRLF and leading
// dots doubled here). size is its length in bytes, checked against the
// server's SIZE limit before anything is sent and declared in MAIL FROM
// (RFC 1870); a negative size means unknown and skips both. progress, if
// not nil, is called on the calling goroutine with the count of message
// bytes written so far, at most every 32 KiB, last with the total just
// before the final dot; it must not call the Client, which is busy (in
// the browser it hands the count to the UI goroutine and returns).
//
// With PIPELINING (RFC 2920), MAIL, every RCPT and DATA go out in one
// write, so a message costs two round trips (envelope, then content).
// BODY=8BITMIME is declared when offered (RFC 6152); SMTPUTF8 when an
// address needs it (RFC 6531), and ErrSMTPUTF8NotOffered is returned,
// before anything is sent, when the server lacks it.
//
// If the server refuses any recipient, nothing is sent to anyone, and
// the *RecipientsError lists each refusal. The transaction is reset with
// RSET; but when pipelining made the server accept DATA (354) already,
// the only way to send nothing is to end the session without the final
// dot, which RFC 5321 §3.8 obliges the server to treat as RSET, so the
// Client is closed then.
//
// Use Outcome to classify the error. In particular, once the final dot
// may have left, a lost connection, timeout, cancelled ctx or garbled
// reply is a *ConnError at StageAfterData matching ErrOutcomeUnknown:
// the message may have been sent.
func (c *Client) Send(ctx context.Context, env Envelope, msg io.Reader, size int64, progress func(sent int64)) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	utf8, err := c.checkSend(env, size)
	if err != nil {
		return err
	}
	lines := make([]string, 0, len(env.To)+2)
	lines = append(lines, c.mailLine(env.From, size, utf8))
	for _, to := range env.To {
		lines = append(lines, "RCPT TO:<"+to+">")
	}
	lines = append(lines, "DATA")
	if c.ext.Pipelining {
		err = c.envelopePipelined(env, lines)
	} else {
		err = c.envelopeInTurn(env, lines)
	}
	if err != nil {
		return err
	}
	return c.content(msg, progress)
}

// checkSend refuses, before a byte is sent, what the server would refuse
// or what must not go out, and says whether SMTPUTF8 is needed.
func (c *Client) checkSend(env Envelope, size int64) (utf8 bool, err error) {
	if !c.encrypted && !c.opts.AllowInsecureAuth {
		if !c.ext.StartTLS {
			return false, ErrStartTLSNotOffered
		}
		return false, ErrInsecureAuth
	}
	if len(env.To) == 0 {
		return false, &AddressError{Reason: "a message needs at least one recipient"}
	}
	utf8 = !isASCII(env.From)
	if err := checkAddress(env.From, true); err != nil {
		return false, err
	}
	for _, to := range env.To {
		if err := checkAddress(to, false); err != nil {
			return false, err
		}
		utf8 = utf8 || !isASCII(to)
	}
	if utf8 && !c.ext.SMTPUTF8 {
		return false, ErrSMTPUTF8NotOffered
	}
	if c.ext.Size > 0 && size > c.ext.Size {
		return false, &SizeError{Size: size, Limit: c.ext.Size}
	}
	return utf8, nil
}

// checkAddress refuses what would break out of the angle brackets of a
// path or inject a command. An empty From is the null reverse-path.
func checkAddress(a string, from bool) error {
	switch {
	case a == "" && from:
		return nil
	case a == "":
		return &AddressError{Address: a, Reason: "it is empty"}
	case !validArg(a):
		return &AddressError{Address: a, Reason: "it holds a control character"}
	case strings.ContainsAny(a, "<>"):
		return &AddressError{Address: a, Reason: "it holds an angle bracket; give the bare address, without a name"}
	}
	return nil
}

func (c *Client) mailLine(from string, size int64, utf8 bool) string {
	line := "MAIL FROM:<" + from + ">"
	if c.ext.EightBitMIME {
		line += " BODY=8BITMIME"
	}
	if c.ext.SizeOffered && size >= 0 {
		line += " SIZE=" + strconv.FormatInt(size, 10)
	}
	if utf8 {
		line += " SMTPUTF8"
	}
	return line
}

// envelopePipelined sends MAIL, the RCPTs and DATA in one write and then
// reads every reply, in order (RFC 2920 §3.1: all of them must be read).
func (c *Client) envelopePipelined(env Envelope, lines []string) error {
	for _, l := range lines {
		c.bw.WriteString(l)
		c.bw.WriteString("\r\n")
	}
	if err := c.bw.Flush(); err != nil {
		return c.connErr(StageMail, err)
	}
	mail, err := c.read(StageMail)
	if err != nil {
		return err
	}
	refused, err := rcptReplies(env, func(int) (reply, error) { return c.read(StageRcpt) })
	if err != nil {
		return err
	}
	data, err := c.read(StageData)
	if err != nil {
		return err
	}
	var why error
	switch {
	case !mail.positive():
		why = mail.err(StageMail)
	case refused != nil:
		why = &RecipientsError{Refused: refused}
	case data.code == 354:
		return nil
	default:
		why = data.err(StageData)
	}
	if data.code == 354 {
		// The server waits for content; only a session ended before the
		// final dot sends nothing (RFC 5321 §3.8).
		c.fail(why)
		return why
	}
	c.reset()
	return why
}

// envelopeInTurn sends MAIL, each RCPT and DATA one at a time, for a
// server without PIPELINING.
func (c *Client) envelopeInTurn(env Envelope, lines []string) error {
	r, err := c.cmd(StageMail, lines[0])
	if err != nil {
		return err
	}
	if !r.positive() {
		return r.err(StageMail)
	}
	refused, err := rcptReplies(env, func(i int) (reply, error) { return c.cmd(StageRcpt, lines[1+i]) })
	if err != nil {
		return err
	}
	if refused != nil {
		c.reset()
		return &RecipientsError{Refused: refused}
	}
	if r, err = c.cmd(StageData, "DATA"); err != nil {
		return err
	}
	if r.code != 354 {
		c.reset()
		return r.err(StageData)
	}
	return nil
}

// rcptReplies collects the refusals among the replies to the RCPTs of
// env, which next returns one by one.
func rcptReplies(env Envelope, next func(i int) (reply, error)) ([]*Error, error) {
	var refused []*Error
	for i, to := range env.To {
		r, err := next(i)
		if err != nil {
			return nil, err
		}
		if !r.positive() {
			e := r.err(StageRcpt)
			e.Recipient = to
			refused = append(refused, e)
		}
	}
	return refused, nil
}

// reset ends a refused transaction with RSET so that the session can send
// the next message. A failure here ends the session, which resets too.
func (c *Client) reset() {
	if r, err := c.cmd(StageMail, "RSET"); err == nil && r.code != 250 {
		c.fail(r.err(StageMail))
	}
}

// content writes the message after the server's 354, then the final dot,
// and reads the verdict.
func (c *Client) content(msg io.Reader, progress func(int64)) error {
	dw := newDotWriter(c.bw)
	buf := make([]byte, bufSize)
	var sent int64
	for {
		n, rerr := msg.Read(buf)
		if n > 0 {
			if _, err := dw.Write(buf[:n]); err != nil {
				return c.connErr(StageData, err)
			}
			sent += int64(n)
			if progress != nil {
				progress(sent)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			// Without the final dot nothing is delivered; the session
			// cannot continue without it, so it ends.
			err := &readError{err: rerr}
			c.fail(err)
			return err
		}
	}
	if err := dw.finish(); err != nil {
		return c.connErr(StageData, err)
	}
	if err := c.bw.Flush(); err != nil {
		return c.connErr(StageData, err)
	}
	// From here on the server may have the whole message: any failure
	// to hear its verdict means the message may have been sent.
	c.bw.WriteString(".\r\n")
	if err := c.bw.Flush(); err != nil {
		return c.connErr(StageAfterData, err)
	}
	c.tc.SetTimeout(c.afterDataTimeout())
	r, err := c.read(StageAfterData)
	c.tc.SetTimeout(c.opts.timeout())
	if err != nil {
		return err
	}
	if r.code/100 != 2 {
		return r.err(StageAfterData)
	}
	return nil
}

// readError is a message that could not be read while it was being
// sent. It was not sent (no final dot), and the session ended.
type readError struct{ err error }

func (e *readError) Error() string {
	return "submission: reading the message failed, so it was not sent: " + e.err.Error()
}
func (e *readError) Unwrap() error { return e.err }
