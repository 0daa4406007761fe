package maildir

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestListForeignFiles puts files other tools leave in a maildir next to
// Poppy's and checks that List returns the messages and reports the rest.
func TestListForeignFiles(t *testing.T) {
	fsys := newDir(t)
	ctx := context.Background()
	mine, err := Deliver(ctx, fsys, strings.NewReader("mine\r\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"new/1700000000.123_4.qmail":       "qmail's\n",
		"cur/1700000000.M1P2.dovecot:2,RS": "dovecot's\n",
		"cur/.DS_Store":                    "junk",
		"new/1.2.h,S=big":                  "bad size",
		"cur/1.2.h:2,S!":                   "bad flag",
		"tmp/1700000000.M9P9.half-written": "never listed",
	}
	for p, body := range files {
		if err := os.WriteFile(filepath.Join(fsys.Dir, filepath.FromSlash(p)), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(fsys.Dir, "cur", "sub"), 0o700); err != nil {
		t.Fatal(err)
	}

	msgs, skipped := listAll(t, fsys)
	got := map[string]string{}
	for _, m := range msgs {
		got[m.Path] = readMsg(t, fsys, m) + "|" + m.Flags
	}
	want := map[string]string{
		mine:                               "mine\r\n|",
		"new/1700000000.123_4.qmail":       "qmail's\n|",
		"cur/1700000000.M1P2.dovecot:2,RS": "dovecot's\n|RS",
	}
	if len(got) != len(want) {
		t.Fatalf("List = %v; want %v", got, want)
	}
	for p, w := range want {
		if got[p] != w {
			t.Errorf("%s: %q; want %q", p, got[p], w)
		}
	}
	wantSkipped := []string{"new/1.2.h,S=big", "cur/.DS_Store", "cur/1.2.h:2,S!", "cur/sub"}
	var skippedPaths []string
	for _, s := range skipped {
		if !errors.Is(s.Reason, ErrBadName) {
			t.Errorf("%s skipped for %v; want ErrBadName", s.Path, s.Reason)
		}
		skippedPaths = append(skippedPaths, s.Path)
	}
	if strings.Join(skippedPaths, " ") != strings.Join(wantSkipped, " ") {
		t.Errorf("skipped %v; want %v", skippedPaths, wantSkipped)
	}
}

func TestListEmptyAndMissing(t *testing.T) {
	msgs, skipped := listAll(t, newDir(t))
	if len(msgs) != 0 || len(skipped) != 0 {
		t.Fatalf("List of an empty folder = %v, %v", msgs, skipped)
	}
	// A folder that cannot be read is an error, not an empty maildir:
	// new/ is a file here.
	fsys := newDir(t)
	if err := os.WriteFile(filepath.Join(fsys.Dir, "new"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := List(context.Background(), fsys)
	var me *Error
	if !errors.As(err, &me) || me.Op != "list" {
		t.Fatalf("err = %v; want *Error{Op: list}", err)
	}
}

// TestOpenAfterMove moves a message as a mail reader does (new/ to cur/,
// flags added) and checks that Open still finds it by its key.
func TestOpenAfterMove(t *testing.T) {
	fsys := newDir(t)
	if _, err := Deliver(context.Background(), fsys, strings.NewReader("moved\r\n"), nil); err != nil {
		t.Fatal(err)
	}
	msgs, _ := listAll(t, fsys)
	m := msgs[0]
	if err := os.Rename(filepath.Join(fsys.Dir, "new", m.Key), filepath.Join(fsys.Dir, "cur", m.Key+":2,S")); err != nil {
		t.Fatal(err)
	}
	if got := readMsg(t, fsys, m); got != "moved\r\n" {
		t.Fatalf("Open after move read %q", got)
	}
	if err := os.Remove(filepath.Join(fsys.Dir, "cur", m.Key+":2,S")); err != nil {
		t.Fatal(err)
	}
	_, err := Open(fsys, m)
	var me *Error
	if !errors.As(err, &me) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open of a removed message: %v; want *Error wrapping fs.ErrNotExist", err)
	}
}
