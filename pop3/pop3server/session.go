package pop3server

import (
	"bufio"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"
)

// state is a session's RFC 1939 state. UPDATE is not represented: it is
// entered and left inside the handling of QUIT.
type state int

const (
	stateAuthorization state = iota
	stateTransaction
)

// session is one POP3 conversation. It is owned by a single goroutine.
type session struct {
	srv   *Server
	opts  *Options
	log   *slog.Logger
	conn  net.Conn // replaced by a *tls.Conn after STLS
	r     *bufio.Reader
	w     *bufio.Writer
	isTLS bool
	done  bool // end the session once the current reply is flushed

	// timestamp is the APOP challenge sent in the greeting.
	timestamp string

	state       state
	pendingUser string // name given by USER, waiting for PASS

	// Set on entering TRANSACTION.
	user     string
	mb       *mailbox
	msgs     []*stored // snapshot: message n is msgs[n-1]
	deleted  []bool
	ndeleted int

	authFailures int
	badCommands  int // unknown or malformed commands in a row
}

// panicHook, when set (by this package's tests), is called with the value
// of a recovered session panic, so that tests fail loudly on a bug that
// production would only log.
var panicHook func(v any)

// timestampSeq makes APOP timestamps unique even when two sessions start
// within the clock's resolution.
var timestampSeq atomic.Uint64

func newSession(s *Server, c net.Conn, isTLS bool) *session {
	return &session{
		srv:   s,
		opts:  &s.opts,
		log:   s.opts.Logger.With("remote", c.RemoteAddr().String()),
		conn:  c,
		r:     bufio.NewReader(c),
		w:     bufio.NewWriter(c),
		isTLS: isTLS,
		timestamp: fmt.Sprintf("<%d.%d.%d@%s>", os.Getpid(), time.Now().UnixNano(),
			timestampSeq.Add(1), s.opts.Hostname),
	}
}

// run serves the session until QUIT, an error, a limit or the idle timer.
func (ss *session) run() {
	defer func() { ss.conn.Close() }()
	defer func() { ss.srv.unlock(ss.mb) }()
	defer func() {
		// A bug must cost one session, not the bridge that hosts the demo
		// mailbox; nothing is committed, as for a dropped connection.
		if v := recover(); v != nil {
			ss.log.Error("pop3server: panic in session", "panic", v, "stack", string(debug.Stack()))
			if panicHook != nil {
				panicHook(v)
			}
		}
	}()

	ss.log.Debug("pop3server: session start")
	ss.ok("poppy-pop3server ready " + ss.timestamp)
	for !ss.done {
		line, refused, err := ss.readCommand()
		switch {
		case errors.Is(err, errLineTooLong):
			ss.bad("line too long")
			continue
		case err != nil:
			ss.log.Debug("pop3server: session end", "user", ss.user, "err", err)
			return
		case refused:
			ss.logCommand(line)
			ss.err("pipelining not supported; wait for each reply")
			continue
		}
		ss.handle(line)
	}
	if err := ss.w.Flush(); err != nil {
		ss.log.Debug("pop3server: final flush", "err", err)
	}
	ss.log.Debug("pop3server: session end", "user", ss.user)
}

// command describes a POP3 command: the states it is valid in and its
// handler, which gets the arguments split on spaces and the raw text after
// the keyword (PASS needs the latter: a password may contain spaces).
type command struct {
	auth, txn bool
	run       func(ss *session, args []string, rest string)
}

var commands = map[string]command{
	"USER": {auth: true, run: (*session).cmdUser},
	"PASS": {auth: true, run: (*session).cmdPass},
	"APOP": {auth: true, run: (*session).cmdApop},
	"AUTH": {auth: true, run: (*session).cmdAuth},
	"STLS": {auth: true, run: (*session).cmdStls},
	"CAPA": {auth: true, txn: true, run: (*session).cmdCapa},
	"QUIT": {auth: true, txn: true, run: (*session).cmdQuit},
	"STAT": {txn: true, run: (*session).cmdStat},
	"LIST": {txn: true, run: (*session).cmdList},
	"UIDL": {txn: true, run: (*session).cmdUidl},
	"RETR": {txn: true, run: (*session).cmdRetr},
	"TOP":  {txn: true, run: (*session).cmdTop},
	"DELE": {txn: true, run: (*session).cmdDele},
	"NOOP": {txn: true, run: (*session).cmdNoop},
	"RSET": {txn: true, run: (*session).cmdRset},
}

// handle runs one command line (without its line break).
func (ss *session) handle(line string) {
	ss.logCommand(line)
	keyword, rest, _ := strings.Cut(line, " ")
	verb := strings.ToUpper(keyword)
	cmd, ok := commands[verb]
	if !ok || ss.disabled(verb) {
		ss.bad("unknown command")
		return
	}
	if (ss.state == stateAuthorization && !cmd.auth) || (ss.state == stateTransaction && !cmd.txn) {
		ss.bad("command not valid in this state")
		return
	}
	cmd.run(ss, strings.Fields(rest), rest)
}

// disabled reports whether Options turned the command off.
func (ss *session) disabled(verb string) bool {
	switch verb {
	case "UIDL":
		return ss.opts.DisableUIDL
	case "TOP":
		return ss.opts.DisableTOP
	case "CAPA":
		return ss.opts.DisableCAPA
	case "USER", "PASS":
		return ss.opts.DisableUSER
	}
	return false
}

// logCommand reports a command line to Options.CommandLog, secrets
// redacted. Refused pipelined commands are reported too: a test may want
// to see that its client pipelined where it should not have.
func (ss *session) logCommand(line string) {
	if ss.opts.CommandLog == nil {
		return
	}
	keyword, rest, _ := strings.Cut(line, " ")
	ss.opts.CommandLog(ss.user, redact(strings.ToUpper(keyword), keyword, rest, line))
}
