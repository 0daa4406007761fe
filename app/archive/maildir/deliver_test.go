package maildir

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"time"
)

func TestDeliver(t *testing.T) {
	const crlf = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n"
	const lf = "From: a@example.org\nSubject: hi\n\nbody\n"
	tests := []struct {
		name        string
		msg         string
		opts        *DeliverOptions
		folder      string
		flags, info string
		vsize       int64
	}{
		{name: "nil options", msg: crlf, folder: "new", vsize: int64(len(crlf))},
		{name: "LF endings", msg: lf, opts: &DeliverOptions{}, folder: "new", vsize: int64(len(lf) + 4)},
		{name: "seen", msg: crlf, opts: &DeliverOptions{Seen: true}, folder: "cur", flags: "S", info: "2,S", vsize: int64(len(crlf))},
		{name: "flags", msg: crlf, opts: &DeliverOptions{Seen: true, Flags: "FRS"}, folder: "cur", flags: "FRS", info: "2,FRS", vsize: int64(len(crlf))},
		{name: "empty", msg: "", folder: "new"},
		{name: "bare CR", msg: "a\rb\n", folder: "new", vsize: 5},
		{name: "big", msg: strings.Repeat("x", 100000) + "\r\n", folder: "new", vsize: 100002},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := newDir(t)
			path, err := Deliver(context.Background(), fsys, strings.NewReader(tt.msg), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			msgs, skipped := listAll(t, fsys)
			if len(msgs) != 1 || len(skipped) != 0 {
				t.Fatalf("List = %+v, skipped %+v; want one message", msgs, skipped)
			}
			m := msgs[0]
			if m.Path != path || m.Folder != tt.folder || m.Flags != tt.flags || m.Info != tt.info {
				t.Errorf("got %+v from %q; want folder %s, flags %q, info %q", m, path, tt.folder, tt.flags, tt.info)
			}
			if m.Size != int64(len(tt.msg)) || m.VSize != tt.vsize {
				t.Errorf("S=%d W=%d; want %d, %d", m.Size, m.VSize, len(tt.msg), tt.vsize)
			}
			if got := readMsg(t, fsys, m); got != tt.msg {
				t.Errorf("content differs: %d bytes, want %d", len(got), len(tt.msg))
			}
			if tmp := names(t, fsys, "tmp"); len(tmp) != 0 {
				t.Errorf("tmp/ holds %v after delivery", tmp)
			}
		})
	}
}

func TestDeliverNames(t *testing.T) {
	fsys := newDir(t)
	at := time.Unix(1700000000, 123456000)
	opts := &DeliverOptions{Host: "box/1:2", Now: func() time.Time { return at }}
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		path, err := Deliver(context.Background(), fsys, strings.NewReader("m\r\n"), opts)
		if err != nil {
			t.Fatal(err)
		}
		n, err := ParseName(strings.TrimPrefix(path, "new/"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(n.Key, "1700000000.M123456P") || !strings.HasSuffix(n.Key, `.box\0571\0722,S=3,W=3`) {
			t.Errorf("name %q: want 1700000000.M123456P<pid>Q<n>R<hex>.box\\0571\\0722,S=3,W=3", n.Key)
		}
		if seen[n.Key] {
			t.Fatalf("name %q given twice", n.Key)
		}
		seen[n.Key] = true
	}
}

func TestDeliverBadFlags(t *testing.T) {
	fsys := newDir(t)
	_, err := Deliver(context.Background(), fsys, strings.NewReader("m"), &DeliverOptions{Flags: "S:"})
	var me *Error
	if !errors.As(err, &me) || !errors.Is(err, ErrBadName) {
		t.Fatalf("err = %v; want *Error wrapping ErrBadName", err)
	}
	if msgs, _ := listAll(t, fsys); len(msgs) != 0 {
		t.Fatalf("delivered %+v", msgs)
	}
}

// clashFS reports that a name exists for the first clashes calls of the
// step it names ("create" or "rename").
type clashFS struct {
	FS
	step    string
	clashes int
}

func (c *clashFS) CreateExclusive(name string) (File, error) {
	if c.step == "create" && c.clashes > 0 {
		c.clashes--
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrExist}
	}
	return c.FS.CreateExclusive(name)
}

func (c *clashFS) Rename(oldname, newname string) error {
	if c.step == "rename" && c.clashes > 0 {
		c.clashes--
		return &fs.PathError{Op: "rename", Path: newname, Err: fs.ErrExist}
	}
	return c.FS.Rename(oldname, newname)
}

func TestDeliverNameClash(t *testing.T) {
	tests := []struct {
		step    string
		clashes int
		want    error
	}{
		{"create", 3, nil},
		{"rename", 3, nil},
		{"create", nameTries, ErrNameClash},
		{"rename", nameTries, ErrNameClash},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %d", tt.step, tt.clashes), func(t *testing.T) {
			disk := newDir(t)
			fsys := &clashFS{FS: disk, step: tt.step, clashes: tt.clashes}
			_, err := Deliver(context.Background(), fsys, strings.NewReader("m\r\n"), nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v; want %v", err, tt.want)
			}
			msgs, _ := listAll(t, disk)
			if want := map[bool]int{true: 1, false: 0}[tt.want == nil]; len(msgs) != want {
				t.Fatalf("%d messages; want %d", len(msgs), want)
			}
			if fsys.clashes != 0 {
				t.Fatalf("%d clashes left unused", fsys.clashes)
			}
			if tmp := names(t, disk, "tmp"); len(tmp) != 0 {
				t.Errorf("tmp/ holds %v", tmp)
			}
		})
	}
}
