package maildir

import (
	"context"
	"errors"
	"io"
	"strings"
	"syscall"
	"testing"
)

// faultFS fails the step it names ("mkdir", "create", "write", "sync",
// "close", "rename") with err; "" fails nothing.
type faultFS struct {
	FS
	step string
	err  error
}

func (f faultFS) MkdirAll(dir string) error {
	if f.step == "mkdir" {
		return f.err
	}
	return f.FS.MkdirAll(dir)
}

func (f faultFS) CreateExclusive(name string) (File, error) {
	if f.step == "create" {
		return nil, f.err
	}
	file, err := f.FS.CreateExclusive(name)
	if err != nil {
		return nil, err
	}
	return faultFile{File: file, step: f.step, err: f.err}, nil
}

func (f faultFS) Rename(oldname, newname string) error {
	if f.step == "rename" {
		return f.err
	}
	return f.FS.Rename(oldname, newname)
}

type faultFile struct {
	File
	step string
	err  error
}

// Write writes half of what it is given before failing, as a disk that
// fills up does, so that a partial file exists to be cleaned up.
func (f faultFile) Write(p []byte) (int, error) {
	if f.step == "write" {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, f.err
	}
	return f.File.Write(p)
}

func (f faultFile) Sync() error {
	if f.step == "sync" {
		return f.err
	}
	return f.File.Sync()
}

func (f faultFile) Close() error {
	err := f.File.Close()
	if f.step == "close" {
		return f.err
	}
	return err
}

// TestDeliverFaults fails each step of a delivery and checks that the
// error is an *Error naming the step and wrapping the cause, and that no
// file is left in new/, cur/ or tmp/. The step "" is the positive
// control: the same wrapper and checks see the message when nothing fails.
func TestDeliverFaults(t *testing.T) {
	full := syscall.ENOSPC
	for _, step := range []string{"", "mkdir", "create", "write", "sync", "close", "rename"} {
		for _, seen := range []bool{false, true} {
			name := step
			if seen {
				name += " seen"
			}
			t.Run(name, func(t *testing.T) {
				disk := newDir(t)
				fsys := faultFS{FS: disk, step: step, err: full}
				msg := strings.Repeat("line of mail\r\n", 5000)
				_, err := Deliver(context.Background(), fsys, strings.NewReader(msg), &DeliverOptions{Seen: seen})
				visible := len(names(t, disk, "new")) + len(names(t, disk, "cur"))
				if step == "" {
					if err != nil || visible != 1 {
						t.Fatalf("no fault: err %v, %d visible; want a delivery", err, visible)
					}
					return
				}
				var me *Error
				if !errors.As(err, &me) || me.Op != step || !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("err = %#v; want *Error{Op: %q} wrapping ENOSPC", err, step)
				}
				if !strings.HasPrefix(err.Error(), "maildir: ") {
					t.Errorf("error %q lacks the package prefix", err)
				}
				if visible != 0 {
					t.Errorf("%d files visible in new/ and cur/ after a failed delivery", visible)
				}
				if tmp := names(t, disk, "tmp"); len(tmp) != 0 {
					t.Errorf("tmp/ holds %v after a failed delivery", tmp)
				}
			})
		}
	}
}

// errReader fails after giving some bytes, as a dropped POP3 session does.
type errReader struct{ n int }

var errDropped = errors.New("connection dropped")

func (r *errReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, errDropped
	}
	n := min(len(p), r.n)
	for i := range p[:n] {
		p[i] = 'x'
	}
	r.n -= n
	return n, nil
}

func TestDeliverSourceFails(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		msg  io.Reader
		op   string
		want error
	}{
		{"read error", context.Background(), &errReader{n: 70000}, "read", errDropped},
		{"cancelled", ctx, strings.NewReader("m"), "write", context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			disk := newDir(t)
			_, err := Deliver(tt.ctx, disk, tt.msg, nil)
			var me *Error
			if !errors.As(err, &me) || me.Op != tt.op || !errors.Is(err, tt.want) {
				t.Fatalf("err = %v; want *Error{Op: %q} wrapping %v", err, tt.op, tt.want)
			}
			for _, dir := range []string{"tmp", "new", "cur"} {
				if n := names(t, disk, dir); len(n) != 0 {
					t.Errorf("%s/ holds %v", dir, n)
				}
			}
		})
	}
}
