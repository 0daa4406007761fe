package pop3server

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// runSession is a whole session without the testing.T helpers, so that it
// can run on many goroutines: log in, list, fetch everything, delete the
// first message if del is set, and quit.
func runSession(addr, user string, del bool) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	status := func(cmd string) (string, error) {
		if cmd != "" {
			if _, err := fmt.Fprintf(c, "%s\r\n", cmd); err != nil {
				return "", err
			}
		}
		l, err := r.ReadString('\n')
		if err != nil {
			return "", fmt.Errorf("%s: %w", cmd, err)
		}
		if !strings.HasPrefix(l, "+OK") {
			return "", fmt.Errorf("%s: %q", cmd, l)
		}
		return l, nil
	}
	skipBody := func() error {
		for {
			l, err := r.ReadString('\n')
			if err != nil {
				return err
			}
			if l == ".\r\n" {
				return nil
			}
		}
	}
	if _, err := status(""); err != nil {
		return err
	}
	for _, cmd := range []string{"USER " + user, "PASS pw"} {
		if _, err := status(cmd); err != nil {
			return err
		}
	}
	var n, size int
	l, err := status("STAT")
	if err != nil {
		return err
	}
	fmt.Sscanf(l, "+OK %d %d", &n, &size)
	for _, cmd := range []string{"LIST", "UIDL"} {
		if _, err := status(cmd); err != nil {
			return err
		}
		if err := skipBody(); err != nil {
			return err
		}
	}
	for i := 1; i <= n; i++ {
		if _, err := status(fmt.Sprintf("RETR %d", i)); err != nil {
			return err
		}
		if err := skipBody(); err != nil {
			return err
		}
	}
	if del {
		if _, err := status("DELE 1"); err != nil {
			return err
		}
	}
	_, err = status("QUIT")
	return err
}

func TestConcurrentSessions(t *testing.T) {
	const sessions = 200
	s := New(nil)
	defer s.Close()
	for i := range sessions {
		if err := s.AddUser(fmt.Sprintf("u%d", i), "pw", msg1, msg2, msg3); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AddUser("shared", "pw", msg1, msg2, msg3); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}

	// Every user deletes its first message; half of the sessions also
	// read the shared mailbox at the same time without deleting.
	var wg sync.WaitGroup
	errs := make(chan error, 2*sessions)
	for i := range sessions {
		wg.Go(func() {
			if err := runSession(addr, fmt.Sprintf("u%d", i), true); err != nil {
				errs <- fmt.Errorf("u%d: %w", i, err)
			}
		})
		if i%2 == 0 {
			wg.Go(func() {
				if err := runSession(addr, "shared", false); err != nil {
					errs <- fmt.Errorf("shared: %w", err)
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for i := range sessions {
		if got := uids(s.Messages(fmt.Sprintf("u%d", i))); len(got) != 2 || got[0] != "uid-2" {
			t.Fatalf("u%d mailbox = %v", i, got)
		}
	}
	if got := s.Messages("shared"); len(got) != 3 {
		t.Fatalf("shared mailbox = %v", uids(got))
	}
}
