package pop3

import (
	"context"
	"errors"
	"strconv"
)

// StatLast runs STAT and, when the maildrop holds n messages, UIDL n:
// the check that a maildrop listed before with n messages is unchanged
// (the same count and size, and still the same last message; a new
// message is numbered after the others, and a deletion lowers the
// count). On a server that pipelines both go out together, one round
// trip; otherwise UIDL n waits for STAT and is not sent unless the count
// is n. lastUID is "" unless the count is n and the server gave UIDL n
// (a server without UIDL refuses it). err is STAT's refusal, or what
// ended the session.
func (c *Client) StatLast(ctx context.Context, n int) (count int, size int64, lastUID string, err error) {
	if n <= 0 {
		count, size, err = c.Stat(ctx)
		return count, size, "", err
	}
	var uid string
	stat := request{verb: "STAT", line: "STAT", handle: func(st status, _ *bodyReader) error {
		if !st.ok {
			return replyErr("STAT", st)
		}
		var perr error
		if count, size, perr = parseStat(st.text); perr != nil {
			return perr
		}
		if count != n && !c.canPipeline() {
			return errNotNeeded
		}
		return nil
	}}
	last := request{verb: "UIDL", line: "UIDL " + strconv.Itoa(n), handle: func(st status, _ *bodyReader) error {
		if !st.ok {
			return nil // no such message, or no UIDL: lastUID stays ""
		}
		mi, perr := parseUIDLLine([]byte(st.text))
		if perr != nil {
			return perr
		}
		if mi.Number != n {
			return protocolErr("UIDL", "reply names another message", []byte(st.text))
		}
		uid = mi.UID
		return nil
	}}
	if err := c.do(ctx, stat, last); err != nil && !errors.Is(err, errNotNeeded) {
		return 0, 0, "", err
	}
	if count != n {
		uid = ""
	}
	return count, size, uid, nil
}

// errNotNeeded stops StatLast's batch before UIDL n when the count shows
// that its answer could not be used.
var errNotNeeded = errors.New("pop3: not needed")
