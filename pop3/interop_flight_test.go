//go:build !js

package pop3

import (
	"slices"
	"testing"
)

// TestInteropPipelinedSignIn signs in to a real Dovecot, which announces
// PIPELINING before login, and lists its maildrop: USER and PASS go out
// in one write, the CAPA after login with UIDL and LIST in the next, and
// Dovecot answers them all correctly (the listing and the headers match
// what was delivered, the post-login capabilities are Dovecot's), as it
// does StatLast's STAT and UIDL n, the check of a kept listing. With
// DisablePipelining the same is one command per write, with the same
// results. The SASL line is hidden so that Login uses USER/PASS on the
// plain port (Dovecot offers CRAM-MD5 there, which Login prefers
// without TLS; over TLS pipelined USER/PASS comes first: TestLoginMethods).
func TestInteropPipelinedSignIn(t *testing.T) {
	t.Parallel()
	s, msgs := startWithMessages(t, 3)
	uids := interopUIDs(t, interopContext(t), s)
	for _, tc := range []struct {
		name    string
		disable bool
		writes  []string // what the client wrote after the greeting, one entry per write
	}{
		{"pipelined", false, []string{
			"CAPA\r\n",
			"USER " + s.User + "\r\nPASS " + s.Password + "\r\n",
			"CAPA\r\nUIDL\r\nLIST\r\n",
			"TOP 1 0\r\nTOP 2 0\r\nTOP 3 0\r\n",
			"STAT\r\nUIDL 3\r\n",
			"QUIT\r\n",
		}},
		{"DisablePipelining", true, []string{
			"CAPA\r\n",
			"USER " + s.User + "\r\n", "PASS " + s.Password + "\r\n",
			"UIDL\r\n", "LIST\r\n",
			"CAPA\r\n",
			"TOP 1 0\r\n", "TOP 2 0\r\n", "TOP 3 0\r\n",
			"STAT\r\n", "UIDL 3\r\n",
			"QUIT\r\n",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := interopContext(t)
			c, tap := tapped(t, ctx, s.Addr, &Options{AllowInsecureAuth: true, DisablePipelining: tc.disable}, hideSASL)
			if err := c.Login(ctx, s.User, s.Password); err != nil {
				t.Fatalf("Login: %v", err)
			}
			infos, hasUIDs, err := c.Inventory(ctx)
			if err != nil || !hasUIDs || len(infos) != len(msgs) {
				t.Fatalf("Inventory = %v, %v, %v; want %d messages with UIDs", infos, hasUIDs, err, len(msgs))
			}
			for i, mi := range infos {
				if mi.Number != i+1 || mi.UID != uids[i] || mi.Size <= 0 {
					t.Errorf("Inventory[%d] = %+v, want number %d, UID %q and a size", i, mi, i+1, uids[i])
				}
			}
			caps, err := c.Capabilities(ctx)
			if err != nil || !caps.Known || !caps.UIDL || !caps.Top || caps.User {
				t.Errorf("Capabilities after login = %+v, %v; want Dovecot's (TOP and UIDL, no USER)", caps, err)
			}
			// numbering reads every header with TOP n 0 and fails unless
			// each is one that was delivered, once.
			if index := numbering(t, ctx, c, msgs); len(index) != len(msgs) {
				t.Errorf("TOP n 0 identified %d messages, want %d", len(index), len(msgs))
			}
			if count, size, last, err := c.StatLast(ctx, len(msgs)); err != nil || count != len(msgs) || size <= 0 || last != uids[len(uids)-1] {
				t.Errorf("StatLast(%d) = %d, %d, %q, %v; want %d messages, the last %q", len(msgs), count, size, last, err, len(msgs), uids[len(uids)-1])
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}
			tap.mu.Lock()
			var got []string
			for _, w := range tap.writes {
				got = append(got, string(w))
			}
			tap.mu.Unlock()
			if !slices.Equal(got, tc.writes) {
				t.Errorf("the client's writes:\n got %q\nwant %q", got, tc.writes)
			}
		})
	}
	waitLog(t, s, "Login: user=<"+s.User+">", "method=PLAIN")
}
