package webfs

import (
	"errors"
	"fmt"
	"io/fs"
)

var (
	// ErrQuota: the disk, or the quota the browser gives the site, is
	// full. Nothing partial is left under a message name; free space and
	// try again.
	ErrQuota = errors.New("webfs: the disk or the browser's storage quota is full; free some space and try again")
	// ErrPermission: the browser does not (or no longer) let the page
	// write to the folder. It matches fs.ErrPermission too. Ask the
	// person to grant it again (Permission with ask set).
	ErrPermission = fmt.Errorf("webfs: the browser does not let Poppy write to this folder; grant access again: %w", fs.ErrPermission)
	// ErrUnsupported: this browser has no File System Access API (or no
	// origin-private file system), so it cannot keep a folder archive.
	ErrUnsupported = errors.New("webfs: this browser cannot write to a folder on the disk (no File System Access API)")
	// ErrCancelled: the person closed the folder picker without choosing.
	ErrCancelled = errors.New("webfs: no folder was chosen")
)

// Error is a failed file system call: Op is the step ("create",
// "write", "close", "move", "list", "open", "read", "remove", "mkdir",
// "permission", "pick"), Path the slash-separated path it was about, and
// Name and Message the DOMException's.
type Error struct {
	Op, Path      string
	Name, Message string
	err           error // the condition (ErrQuota, fs.ErrNotExist, ...) or nil
}

func (e *Error) Error() string {
	s := "webfs: " + e.Op
	if e.Path != "" {
		s += " " + e.Path
	}
	s += ": " + e.Name
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.err != nil && e.err != fs.ErrNotExist && e.err != fs.ErrExist {
		s += " (" + e.err.Error() + ")"
	}
	return s
}

// Unwrap returns the condition the DOMException stands for, or nil.
func (e *Error) Unwrap() error { return e.err }

// condition maps a DOMException name to what a caller acts on. The names
// are those of WebIDL's DOMException table that the File System standard
// uses.
func condition(name string) error {
	switch name {
	case "NotFoundError":
		return fs.ErrNotExist
	case "NotAllowedError", "SecurityError":
		return ErrPermission
	case "QuotaExceededError":
		return ErrQuota
	case "InvalidModificationError":
		// move() onto a taken name where the browser refuses to replace.
		return fs.ErrExist
	}
	return nil
}

// newError makes the *Error of a DOMException called name.
func newError(op, path, name, message string) *Error {
	return &Error{Op: op, Path: path, Name: name, Message: message, err: condition(name)}
}
