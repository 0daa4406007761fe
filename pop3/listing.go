package pop3

import (
	"bytes"
	"context"
	"strconv"
)

// MessageInfo describes one message of the session's snapshot.
type MessageInfo struct {
	// Number is the message number, valid for this session only.
	Number int
	// Size in octets as the server reports it; -1 when the server gave
	// none or a negative one. Servers count CRLF line endings, so Size
	// matches the bytes Retr delivers on a well-behaved server.
	Size int64
	// UID is the unique-id listing (UIDL) entry, stable across sessions;
	// "" when it was not asked for or the server has no UIDL.
	UID string
}

// parseNumber parses a message number: a positive decimal integer.
func parseNumber(cmd string, field, line []byte) (int, error) {
	n, err := strconv.Atoi(string(field))
	if err != nil || n <= 0 || field[0] == '+' {
		return 0, protocolErr(cmd, "bad message number", line)
	}
	return n, nil
}

// parseSize parses a size field. A missing or negative size becomes -1
// (seen on real servers, and harmless); one that is not a number, or too
// large for int64, is a protocol error.
func parseSize(cmd string, field, line []byte) (int64, error) {
	if field == nil {
		return -1, nil
	}
	n, err := strconv.ParseInt(string(field), 10, 64)
	if err != nil {
		return 0, protocolErr(cmd, "bad size", line)
	}
	if n < 0 {
		return -1, nil
	}
	return n, nil
}

// parseListLine parses "n size" from a LIST reply (RFC 1939 scan listing).
func parseListLine(line []byte) (MessageInfo, error) {
	f := bytes.Fields(line)
	if len(f) == 0 {
		return MessageInfo{}, protocolErr("LIST", "empty scan listing", line)
	}
	n, err := parseNumber("LIST", f[0], line)
	if err != nil {
		return MessageInfo{}, err
	}
	var sizeField []byte
	if len(f) > 1 {
		sizeField = f[1]
	}
	size, err := parseSize("LIST", sizeField, line)
	if err != nil {
		return MessageInfo{}, err
	}
	return MessageInfo{Number: n, Size: size}, nil
}

// parseUIDLLine parses "n uid" from a UIDL reply. Runs of spaces are
// tolerated; a missing uid is an error, since a message without one
// cannot be told apart from the others across sessions.
func parseUIDLLine(line []byte) (MessageInfo, error) {
	f := bytes.Fields(line)
	if len(f) < 2 {
		return MessageInfo{}, protocolErr("UIDL", "missing unique-id", line)
	}
	n, err := parseNumber("UIDL", f[0], line)
	if err != nil {
		return MessageInfo{}, err
	}
	return MessageInfo{Number: n, Size: -1, UID: string(f[1])}, nil
}

// parseListing parses a multi-line LIST or UIDL reply. Numbers must rise
// (gaps are normal: deleted messages are left out).
func parseListing(cmd string, lines [][]byte, parse func([]byte) (MessageInfo, error)) ([]MessageInfo, error) {
	out := make([]MessageInfo, 0, len(lines))
	for _, l := range lines {
		mi, err := parse(l)
		if err != nil {
			return nil, err
		}
		if len(out) > 0 && mi.Number <= out[len(out)-1].Number {
			return nil, protocolErr(cmd, "message numbers out of order", l)
		}
		out = append(out, mi)
	}
	return out, nil
}

// listingRequest builds a request for a multi-line LIST or UIDL whose
// parsed result goes to *dst.
func listingRequest(verb string, dst *[]MessageInfo, parse func([]byte) (MessageInfo, error), onErr func(status) error) request {
	return request{verb: verb, line: verb, multi: true, listing: true, handle: func(st status, body *bodyReader) error {
		if !st.ok {
			return onErr(st)
		}
		lines, err := body.lines()
		if err != nil {
			return err
		}
		*dst, err = parseListing(verb, lines, parse)
		return err
	}}
}

func uidlUnsupported(st status) error {
	return &notSupported{what: "UIDL", err: replyErr("UIDL", st)}
}

// List returns the size of every message not marked deleted (LIST). UID
// is left empty: see UIDL and Inventory.
func (c *Client) List(ctx context.Context) ([]MessageInfo, error) {
	var out []MessageInfo
	err := c.locked(ctx, func() error {
		err := c.batch([]request{listingRequest("LIST", &out, parseListLine, func(st status) error { return replyErr("LIST", st) })})
		c.rememberSizes(out)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UIDL returns the unique-id of every message not marked deleted. Size is
// taken from the last List of this session, -1 if there was none. A
// server without UIDL gives an error matching ErrNotSupported.
func (c *Client) UIDL(ctx context.Context) ([]MessageInfo, error) {
	var out []MessageInfo
	err := c.locked(ctx, func() error {
		err := c.batch([]request{listingRequest("UIDL", &out, parseUIDLLine, uidlUnsupported)})
		c.fillSizes(out)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Inventory returns number, size and unique-id of every message: UIDL and
// LIST, sent together when the server pipelines. On a server without
// UIDL, UID stays "" and hasUIDs is false; a client must then treat every
// session's messages as new.
func (c *Client) Inventory(ctx context.Context) (infos []MessageInfo, hasUIDs bool, err error) {
	var uids, sizes []MessageInfo
	hasUIDs = true
	err = c.locked(ctx, func() error {
		err := c.batch([]request{
			listingRequest("UIDL", &uids, parseUIDLLine, func(status) error { hasUIDs = false; return nil }),
			listingRequest("LIST", &sizes, parseListLine, func(st status) error { return replyErr("LIST", st) }),
		})
		c.rememberSizes(sizes)
		return err
	})
	if err != nil {
		return nil, false, err
	}
	if hasUIDs {
		byNum := make(map[int]string, len(uids))
		for _, u := range uids {
			byNum[u.Number] = u.UID
		}
		for i := range sizes {
			sizes[i].UID = byNum[sizes[i].Number]
		}
	}
	return sizes, hasUIDs, nil
}

// ListMsg returns the size of message n (LIST n).
func (c *Client) ListMsg(ctx context.Context, n int) (MessageInfo, error) {
	out, err := c.ListMany(ctx, []int{n})
	if err != nil {
		return MessageInfo{}, err
	}
	return out[0], nil
}

// UIDLMsg returns the unique-id of message n (UIDL n).
func (c *Client) UIDLMsg(ctx context.Context, n int) (MessageInfo, error) {
	out, err := c.UIDLMany(ctx, []int{n})
	if err != nil {
		return MessageInfo{}, err
	}
	return out[0], nil
}

// ListMany runs LIST n for each of nums, pipelined where possible. The
// result has one entry per number, in order; on failures the error joins
// an *ItemError for each failed number and the result holds the rest.
func (c *Client) ListMany(ctx context.Context, nums []int) ([]MessageInfo, error) {
	return c.singleListing(ctx, "LIST", nums, parseListLine, c.rememberSizes)
}

// UIDLMany runs UIDL n for each of nums, pipelined where possible, with
// results and errors as for ListMany.
func (c *Client) UIDLMany(ctx context.Context, nums []int) ([]MessageInfo, error) {
	return c.singleListing(ctx, "UIDL", nums, parseUIDLLine, c.fillSizes)
}

// singleListing runs "verb n" for each of nums; after is called with the
// results while the session is still held.
func (c *Client) singleListing(ctx context.Context, verb string, nums []int, parse func([]byte) (MessageInfo, error), after func([]MessageInfo)) ([]MessageInfo, error) {
	out := make([]MessageInfo, 0, len(nums))
	var failed []error
	reqs := make([]request, len(nums))
	for i, n := range nums {
		reqs[i] = request{verb: verb, line: verb + " " + strconv.Itoa(n), handle: func(st status, _ *bodyReader) error {
			if !st.ok {
				failed = append(failed, &ItemError{Msg: n, Err: replyErr(verb, st)})
				return nil
			}
			mi, err := parse([]byte(st.text))
			if err != nil {
				return err
			}
			if mi.Number != n {
				return protocolErr(verb, "reply names another message", []byte(st.text))
			}
			out = append(out, mi)
			return nil
		}}
	}
	err := c.locked(ctx, func() error {
		err := c.batch(reqs)
		after(out)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, joinItems(failed)
}

// rememberSizes and fillSizes keep LIST sizes for progress totals and for
// UIDL results; the lock must be held.
func (c *Client) rememberSizes(infos []MessageInfo) {
	if c.sizes == nil {
		c.sizes = make(map[int]int64, len(infos))
	}
	for _, mi := range infos {
		c.sizes[mi.Number] = mi.Size
	}
}

func (c *Client) fillSizes(infos []MessageInfo) {
	for i := range infos {
		if s, ok := c.sizes[infos[i].Number]; ok {
			infos[i].Size = s
		}
	}
}
