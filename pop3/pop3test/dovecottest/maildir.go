//go:build unix

package dovecottest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

// deliverySeq makes maildir names unique within the process; with the
// time and the pid it makes them unique, as the maildir convention asks.
var deliverySeq atomic.Uint64

// Deliver puts msg into user's maildir as a new message and returns its
// file name in new/. Dovecot moves the file to cur/ (adding a ":2,"
// suffix) the first time a session sees it, so the name identifies the
// delivery, not a path that stays valid.
//
// The file is written in tmp/ and renamed into new/, so a running session
// never sees half a message. Its name carries S= (size on disk) and W=
// (size with CRLF), the sizes Dovecot's own delivery records, so LIST
// needs no scan of the file. What a client reads back is Wire(msg).
//
// Deliver calls t.Fatal on failure, so call it from the test's goroutine.
func (s *Server) Deliver(user string, msg []byte) (filename string) {
	s.t.Helper()
	name, err := s.deliver(user, msg)
	if err != nil {
		s.t.Fatal(err)
	}
	return name
}

// DeliverMany delivers msgs in order, as Deliver does, and returns their
// file names. A thousand small messages take a few milliseconds: there is
// no fsync, since the files only have to outlive the test.
func (s *Server) DeliverMany(user string, msgs [][]byte) []string {
	s.t.Helper()
	names := make([]string, 0, len(msgs))
	for _, m := range msgs {
		name, err := s.deliver(user, m)
		if err != nil {
			s.t.Fatal(err)
		}
		names = append(names, name)
	}
	return names
}

// Count returns the number of messages in user's maildir, in cur/ and
// new/. Messages that a session deleted are gone only after its QUIT, so
// Count is how a test checks that a deletion was, or was not, committed.
func (s *Server) Count(user string) int {
	s.t.Helper()
	dir, err := s.maildir(user)
	if err != nil {
		s.t.Fatal(err)
	}
	n := 0
	for _, sub := range []string{"cur", "new"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if err != nil {
			s.t.Fatalf("dovecottest: %v", err)
		}
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), ".") {
				n++
			}
		}
	}
	return n
}

func (s *Server) maildir(user string) (string, error) {
	if _, ok := s.users[user]; !ok {
		return "", fmt.Errorf("dovecottest: no user %q in this server", user)
	}
	return filepath.Join(s.mailRoot, user), nil
}

func (s *Server) deliver(user string, msg []byte) (string, error) {
	dir, err := s.maildir(user)
	if err != nil {
		return "", err
	}
	body := stored(msg)
	now := time.Now()
	name := fmt.Sprintf("%d.M%dP%dQ%d.dovecottest,S=%d,W=%d",
		now.Unix(), now.Nanosecond()/1000, os.Getpid(), deliverySeq.Add(1), len(body), len(toCRLF(body)))
	tmp := filepath.Join(dir, "tmp", name)
	if err := os.WriteFile(tmp, body, 0o600); err != nil {
		return "", fmt.Errorf("dovecottest: deliver: %w", err)
	}
	if err := s.id.chown(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, filepath.Join(dir, "new", name)); err != nil {
		return "", fmt.Errorf("dovecottest: deliver: %w", err)
	}
	return name, nil
}

// makeMaildir creates user's maildir, owned by the mail user.
func (s *Server) makeMaildir(user string) error {
	dir := filepath.Join(s.mailRoot, user)
	for _, d := range []string{dir, filepath.Join(dir, "cur"), filepath.Join(dir, "new"), filepath.Join(dir, "tmp")} {
		if err := os.Mkdir(d, 0o700); err != nil {
			return fmt.Errorf("dovecottest: %w", err)
		}
		if err := s.id.chown(d); err != nil {
			return err
		}
	}
	return nil
}
