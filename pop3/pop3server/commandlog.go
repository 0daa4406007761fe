package pop3server

import (
	"strings"
	"sync"
)

// redact returns the command line as CommandLog reports it: verbatim,
// except for the secrets it may carry. keyword is the command as sent,
// verb its upper-case form, rest the text after the first space.
func redact(verb, keyword, rest, line string) string {
	switch verb {
	case "PASS":
		if rest != "" {
			return keyword + " ***"
		}
	case "APOP":
		// The digest is useless after this session, but a log is not the
		// place to decide that.
		if name, digest, ok := strings.Cut(rest, " "); ok && digest != "" {
			return keyword + " " + name + " ***"
		}
	case "AUTH":
		if mech, ir, ok := strings.Cut(rest, " "); ok && ir != "" {
			return keyword + " " + mech + " ***"
		}
	}
	return line
}

// CommandRecorder keeps the command lines of every session, for tests that
// assert what a client sent ("only the new message's header was
// fetched"). Use its Record method as Options.CommandLog. The zero value is
// ready to use and safe for concurrent use.
type CommandRecorder struct {
	mu      sync.Mutex
	entries []RecordedCommand
}

// RecordedCommand is one command line as CommandLog reports it.
type RecordedCommand struct {
	User string // authenticated user, "" before login
	Line string // the line without CRLF, secrets redacted
}

// Record appends a command; its signature is that of Options.CommandLog.
func (r *CommandRecorder) Record(user, line string) {
	r.mu.Lock()
	r.entries = append(r.entries, RecordedCommand{User: user, Line: line})
	r.mu.Unlock()
}

// All returns every command recorded so far, in the order they were run.
func (r *CommandRecorder) All() []RecordedCommand {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]RecordedCommand(nil), r.entries...)
}

// Lines returns the lines sent by user after logging in, in order. The
// commands that logged in are not included: they ran before the session
// had a user.
func (r *CommandRecorder) Lines(user string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.entries {
		if e.User == user {
			out = append(out, e.Line)
		}
	}
	return out
}

// Reset forgets every recorded command, so a test can look at one phase.
func (r *CommandRecorder) Reset() {
	r.mu.Lock()
	r.entries = nil
	r.mu.Unlock()
}
