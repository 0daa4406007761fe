package maildir

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// Message is one message a reader found.
type Message struct {
	// Path is where it is inside the maildir: "new/NAME" or "cur/NAME".
	Path string
	// Folder is "new" or "cur".
	Folder string
	Name
}

// Skipped is a file List did not take as a message, and why.
type Skipped struct {
	Path   string
	Reason error
}

// List returns the messages in new/ and then cur/, each folder in name
// order, with what their names say (flags, sizes). A folder that is
// missing counts as empty. Foreign files do not stop it: hidden files,
// folders and names that are not message names are returned in skipped
// with the reason, so that a caller can say what it left alone. The error
// is an *Error when a folder cannot be read, or ctx's error.
func List(ctx context.Context, fsys FS) (msgs []Message, skipped []Skipped, err error) {
	for _, folder := range []string{"new", "cur"} {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		entries, err := fsys.ReadDir(folder)
		if err != nil {
			if isNotExist(err) {
				continue
			}
			return nil, nil, &Error{Op: "list", Path: folder, Err: err}
		}
		for _, e := range entries {
			p := join(folder, e.Name)
			if e.IsDir {
				skipped = append(skipped, Skipped{Path: p, Reason: fmt.Errorf("%w: %q is a folder", ErrBadName, e.Name)})
				continue
			}
			n, err := ParseName(e.Name)
			if err != nil {
				skipped = append(skipped, Skipped{Path: p, Reason: err})
				continue
			}
			msgs = append(msgs, Message{Path: p, Folder: folder, Name: n})
		}
	}
	return msgs, skipped, nil
}

// Open opens a message List returned. A reader (Dovecot, mutt) may have
// moved it from new/ to cur/ or changed its flags since; Open then finds
// it by its key and opens it there.
func Open(fsys FS, m Message) (io.ReadCloser, error) {
	r, err := fsys.Open(m.Path)
	if err == nil {
		return r, nil
	}
	if !isNotExist(err) {
		return nil, &Error{Op: "open", Path: m.Path, Err: err}
	}
	for _, folder := range []string{"cur", "new"} {
		entries, lerr := fsys.ReadDir(folder)
		if lerr != nil {
			continue
		}
		for _, e := range entries {
			n, perr := ParseName(e.Name)
			if perr == nil && n.Key == m.Key && !e.IsDir {
				p := join(folder, e.Name)
				if r, oerr := fsys.Open(p); oerr == nil {
					return r, nil
				}
			}
		}
	}
	return nil, &Error{Op: "open", Path: m.Path, Err: err}
}

func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
