package pop3server

import "fmt"

// DELE msg (RFC 1939 §5) only marks the message. The mailbox changes at
// QUIT, and only then.
func (ss *session) cmdDele(args []string, _ string) {
	if len(args) != 1 {
		ss.bad("syntax: DELE msg")
		return
	}
	n, _, ok := ss.message(args[0])
	if !ok {
		return
	}
	ss.deleted[n-1] = true
	ss.ndeleted++
	ss.okf("message %d deleted", n)
}

// RSET (RFC 1939 §5) unmarks every message marked by DELE.
func (ss *session) cmdRset(args []string, _ string) {
	if len(args) != 0 {
		ss.bad("syntax: RSET")
		return
	}
	clear(ss.deleted)
	ss.ndeleted = 0
	count, size := ss.totals()
	ss.okf("maildrop has %d messages (%d octets)", count, size)
}

// NOOP (RFC 1939 §5).
func (ss *session) cmdNoop(args []string, _ string) {
	if len(args) != 0 {
		ss.bad("syntax: NOOP")
		return
	}
	ss.ok("")
}

// QUIT (RFC 1939 §§4, 6). In the TRANSACTION state it enters UPDATE: the
// marked messages are removed from the shared mailbox, then the session
// ends. In AUTHORIZATION it just ends.
func (ss *session) cmdQuit(args []string, _ string) {
	if len(args) != 0 {
		ss.bad("syntax: QUIT")
		return
	}
	ss.done = true
	if ss.state != stateTransaction {
		ss.ok(Implementation + " signing off")
		return
	}
	gone := make(map[*stored]bool, ss.ndeleted)
	for i, m := range ss.msgs {
		if ss.deleted[i] {
			gone[m] = true
		}
	}
	left := ss.srv.commit(ss.mb, gone)
	ss.mb = nil // commit released the lock
	ss.log.Debug("pop3server: update", "user", ss.user, "deleted", len(gone), "left", left)
	ss.ok(fmt.Sprintf("%s signing off (%d messages left)", Implementation, left))
}
