package maildir

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sync/atomic"
	"time"
)

// DeliverOptions adjusts Deliver. The zero value and nil both deliver an
// unseen message into new/ under this machine's host name.
type DeliverOptions struct {
	// Seen delivers into cur/ with the S flag, for a message the person
	// has read already.
	Seen bool
	// Flags are more ":2," flags (ASCII letters, such as "F" for
	// flagged). Any flag delivers into cur/.
	Flags string
	// Host is the last part of the name. Empty means os.Hostname, or
	// "poppy" where there is none (the browser).
	Host string
	// Now is the clock for the name's time. Nil means time.Now.
	Now func() time.Time
}

// nameTries bounds the unique names Deliver tries before ErrNameClash.
const nameTries = 8

// deliverySeq makes names unique within the process (Dovecot's Q part).
var deliverySeq atomic.Uint64

// Deliver writes msg into the maildir fsys as one new message and returns
// its path inside the maildir ("new/..." or "cur/...:2,S"). It creates
// tmp/, new/ and cur/ if they are missing.
//
// The message is streamed into a new file in tmp/ (created exclusively,
// so nothing is ever overwritten), synced, and renamed into new/ or cur/
// under a name with its size. If any step fails, or ctx ends, the tmp
// file is removed and the error is an *Error naming the step: nothing
// partial is left where a reader looks.
func Deliver(ctx context.Context, fsys FS, msg io.Reader, opts *DeliverOptions) (name string, err error) {
	if opts == nil {
		opts = &DeliverOptions{}
	}
	folder, info, err := target(opts)
	if err != nil {
		return "", err
	}
	for _, d := range []string{"tmp", "new", "cur"} {
		if err := fsys.MkdirAll(d); err != nil {
			return "", &Error{Op: "mkdir", Path: d, Err: err}
		}
	}
	host := escapeHost(opts.Host)
	if opts.Host == "" {
		host = escapeHost(defaultHost())
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}

	tmp, f, err := createTmp(fsys, now, host)
	if err != nil {
		return "", err
	}
	defer func() {
		if err != nil {
			// The tmp file may already be closed; Remove is what counts.
			_ = fsys.Remove(tmp)
		}
	}()
	size, vsize, err := copyMessage(ctx, f, msg, tmp)
	if err != nil {
		_ = f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return "", &Error{Op: "sync", Path: tmp, Err: err}
	}
	if err := f.Close(); err != nil {
		return "", &Error{Op: "close", Path: tmp, Err: err}
	}
	if err := ctx.Err(); err != nil {
		return "", &Error{Op: "write", Path: tmp, Err: err}
	}

	// The final name is the tmp name with the sizes, unless another
	// file took it; then a fresh unique part.
	base := tmp[len("tmp/"):]
	for try := 0; try < nameTries; try++ {
		if try > 0 {
			base = uniqueName(now, host)
		}
		final := fmt.Sprintf("%s/%s,S=%d,W=%d%s", folder, base, size, vsize, info)
		err := fsys.Rename(tmp, final)
		if err == nil {
			return final, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", &Error{Op: "rename", Path: final, Err: err}
		}
	}
	return "", ErrNameClash
}

// target returns the folder and the info suffix for opts.
func target(opts *DeliverOptions) (folder, info string, err error) {
	flags := opts.Flags
	if opts.Seen {
		flags += "S"
	}
	if flags == "" {
		return "new", "", nil
	}
	f, err := normalFlags(flags)
	if err != nil {
		return "", "", &Error{Op: "deliver", Err: fmt.Errorf("%w: flags %q: %v", ErrBadName, opts.Flags, err)}
	}
	return "cur", ":2," + f, nil
}

// createTmp creates a uniquely named file in tmp/.
func createTmp(fsys FS, now func() time.Time, host string) (string, File, error) {
	for try := 0; try < nameTries; try++ {
		tmp := "tmp/" + uniqueName(now, host)
		f, err := fsys.CreateExclusive(tmp)
		if err == nil {
			return tmp, f, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return "", nil, &Error{Op: "create", Path: tmp, Err: err}
		}
	}
	return "", nil, ErrNameClash
}

// uniqueName is "seconds.M<usec>P<pid>Q<seq>R<random>.host".
func uniqueName(now func() time.Time, host string) string {
	t := now()
	var r [8]byte
	_, _ = rand.Read(r[:]) // crypto/rand.Read never fails (Go 1.24+)
	return fmt.Sprintf("%d.M%dP%dQ%dR%s.%s", t.Unix(), t.Nanosecond()/1000,
		os.Getpid(), deliverySeq.Add(1), hex.EncodeToString(r[:]), host)
}

func defaultHost() string {
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "poppy"
}

// copyMessage streams msg into f and returns its size and its size with
// CRLF line endings (each LF not after a CR counts one more).
func copyMessage(ctx context.Context, f File, msg io.Reader, tmp string) (size, vsize int64, err error) {
	buf := make([]byte, 32*1024)
	prevCR := false
	for {
		if err := ctx.Err(); err != nil {
			return 0, 0, &Error{Op: "write", Path: tmp, Err: err}
		}
		n, rerr := msg.Read(buf)
		if n > 0 {
			for _, c := range buf[:n] {
				if c == '\n' && !prevCR {
					vsize++
				}
				prevCR = c == '\r'
			}
			if _, err := f.Write(buf[:n]); err != nil {
				return 0, 0, &Error{Op: "write", Path: tmp, Err: err}
			}
			size += int64(n)
		}
		if rerr == io.EOF {
			return size, size + vsize, nil
		}
		if rerr != nil {
			return 0, 0, &Error{Op: "read", Path: tmp, Err: rerr}
		}
	}
}
