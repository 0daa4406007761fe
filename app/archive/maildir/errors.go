package maildir

import "errors"

// Error is a failed Maildir operation. Err is the cause, so that
// errors.Is(err, syscall.ENOSPC) tells a full disk, and errors.Is(err,
// fs.ErrPermission) a lost permission.
type Error struct {
	// Op is what failed: "deliver" (bad options), "mkdir", "create",
	// "read", "write", "sync",
	// "close", "rename", "list" or "open".
	Op string
	// Path is the slash-separated path inside the maildir, or "".
	Path string
	Err  error
}

func (e *Error) Error() string {
	if e.Path == "" {
		return "maildir: " + e.Op + ": " + e.Err.Error()
	}
	return "maildir: " + e.Op + " " + e.Path + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

var (
	// ErrNameClash means that every unique name Deliver tried was taken:
	// something else is writing names like Poppy's at the same time, or
	// the clock and random source repeat. Nothing was delivered.
	ErrNameClash = errors.New("maildir: every unique name tried is taken; try again")

	// ErrBadName is the cause given for a file whose name is not a
	// Maildir message name (List skips it and reports it).
	ErrBadName = errors.New("maildir: not a Maildir message name")
)
