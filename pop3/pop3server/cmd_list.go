package pop3server

import "fmt"

// totals counts the messages of the snapshot that are not marked deleted,
// and their size in octets, as STAT and the login reply report them.
func (ss *session) totals() (count, size int) {
	for i, m := range ss.msgs {
		if !ss.deleted[i] {
			count++
			size += len(m.data)
		}
	}
	return count, size
}

// STAT (RFC 1939 §5): "+OK count size", excluding deleted messages.
func (ss *session) cmdStat(args []string, _ string) {
	if len(args) != 0 {
		ss.bad("syntax: STAT")
		return
	}
	count, size := ss.totals()
	ss.okf("%d %d", count, size)
}

// LIST [msg] (RFC 1939 §5). Sizes are those of the stored CRLF message, so
// a client that removes the dot-stuffing of RETR gets exactly this many
// octets.
func (ss *session) cmdList(args []string, _ string) {
	ss.listing(args, "LIST", func(n int, m *stored) string {
		return fmt.Sprintf("%d %d", n, len(m.data))
	}, func() string {
		count, size := ss.totals()
		return fmt.Sprintf("%d messages (%d octets)", count, size)
	})
}

// UIDL [msg] (RFC 1939 §7).
func (ss *session) cmdUidl(args []string, _ string) {
	ss.listing(args, "UIDL", func(n int, m *stored) string {
		return fmt.Sprintf("%d %s", n, m.uid)
	}, func() string { return "unique-id listing follows" })
}

// listing is the shape LIST and UIDL share: with an argument, one line for
// that message (refused if it is deleted); without, a multi-line reply of
// every message not marked deleted, keeping their original numbers.
func (ss *session) listing(args []string, verb string, entry func(int, *stored) string, header func() string) {
	switch len(args) {
	case 0:
		ss.ok(header())
		for i, m := range ss.msgs {
			if !ss.deleted[i] {
				ss.writeLine(entry(i+1, m))
			}
		}
		ss.endMulti()
	case 1:
		if n, m, ok := ss.message(args[0]); ok {
			ss.ok(entry(n, m))
		}
	default:
		ss.bad("syntax: " + verb + " [msg]")
	}
}
