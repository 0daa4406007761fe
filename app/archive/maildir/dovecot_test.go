//go:build unix && !js

package maildir

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// TestDovecotReadsDeliveries is the "any tool can read it" proof: Deliver
// writes three messages straight into the maildir a private Dovecot
// serves, and the POP3 engine reads them back byte for byte, with the
// sizes LIST reports. Dovecot skips the test when it is not installed,
// and fails it under CI (dovecottest.Start).
func TestDovecotReadsDeliveries(t *testing.T) {
	srv := dovecottest.Start(t, nil)
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()

	// The harness's layout: Dir/mail/<user> is the user's maildir.
	root := filepath.Join(srv.Dir, "mail", srv.User)
	fsys := OSFS{Dir: root}
	msgs := []struct {
		body string
		opts *DeliverOptions
	}{
		{"From: a@example.org\r\nSubject: one\r\n\r\nfirst\r\n.dot-stuffed line\r\n", nil},
		{"From: b@example.org\r\nSubject: two\r\n\r\nalready read\r\n", &DeliverOptions{Seen: true}},
		{"From: c@example.org\nSubject: three\n\nLF endings, no final newline", &DeliverOptions{Flags: "F"}},
	}
	// want maps what RETR must give (dovecottest.Wire: CRLF endings, and
	// a final CRLF Dovecot adds to an unterminated message) to the W= size
	// Deliver put in the name, which LIST must report: the final CRLF of
	// an unterminated message is on the wire but not in Dovecot's count.
	want := map[string]int64{}
	for _, m := range msgs {
		path, err := Deliver(ctx, fsys, bytes.NewReader([]byte(m.body)), m.opts)
		if err != nil {
			t.Fatal(err)
		}
		n, err := ParseName(filepath.Base(path))
		if err != nil {
			t.Fatal(err)
		}
		want[string(dovecottest.Wire([]byte(m.body)))] = n.VSize
	}
	handToMailUser(t, root)

	c, err := pop3.Dial(ctx, srv.Addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, srv.User, srv.Password); err != nil {
		t.Fatal(err)
	}
	list, err := c.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != len(msgs) {
		t.Fatalf("Dovecot lists %d messages; want %d", len(list), len(msgs))
	}
	for _, info := range list {
		r, err := c.Retr(ctx, info.Number)
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		vsize, ok := want[string(got)]
		if !ok {
			t.Errorf("RETR %d gave %q, not one of the delivered messages (or given twice)", info.Number, got)
			continue
		}
		delete(want, string(got))
		if info.Size != vsize {
			t.Errorf("LIST %d says %d bytes; the name says W=%d", info.Number, info.Size, vsize)
		}
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
}

// handToMailUser gives the delivered files to the maildir's owner. Run as
// root, the harness's Dovecot reads mail as nobody (who owns the maildir),
// while this test writes as root; in production the writer is the
// maildir's owner and this is a no-op.
func handToMailUser(t *testing.T, root string) {
	t.Helper()
	st, err := os.Stat(root)
	if err != nil {
		t.Fatal(err)
	}
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok || int(sys.Uid) == os.Geteuid() {
		return
	}
	for _, dir := range []string{"tmp", "new", "cur"} {
		entries, err := os.ReadDir(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if err := os.Lchown(filepath.Join(root, dir, e.Name()), int(sys.Uid), int(sys.Gid)); err != nil {
				t.Fatal(err)
			}
		}
	}
}
