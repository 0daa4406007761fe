//go:build !js

package e2e

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3"
)

// TestE2ESignIn signs in to Dovecot over implicit TLS through the
// certificate prompt (the fingerprint flow), checks that the inbox lists
// exactly what STAT and UIDL report, and that the trust is remembered for
// the account: signing out and in again goes straight to the inbox.
func TestE2ESignIn(t *testing.T) {
	var msgs [][]byte
	for i := range 5 {
		msgs = append(msgs, plainMessage("E2E message "+string(rune('A'+i)), "Mon, 3 Mar 2025 10:0"+string(rune('0'+i))+":00 +0000", "Body.\n"))
	}
	dc, s := startMail(t, browsertest.Config{}, msgs...)

	sec, err := browsertest.Text(s.Ctx, "form#signin .security")
	s.Must(err)
	if !strings.Contains(sec, "Encrypted") || !strings.Contains(sec, "TLS") {
		t.Errorf("the form says %q about the connection's security, want that it is encrypted with TLS", sec)
	}

	signIn(t, s, dc)
	count, uidls := serverState(t, dc)
	if count != len(msgs) {
		t.Fatalf("STAT says %d messages, %d were delivered", count, len(msgs))
	}
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	listed, err := browsertest.ListedCount(s.Ctx)
	s.Must(err)
	if len(rows) != count || listed != count {
		t.Errorf("the inbox renders %d rows and lists %d, STAT says %d", len(rows), listed, count)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.UIDL)
	}
	slices.Sort(got)
	slices.Sort(uidls)
	if !slices.Equal(got, uidls) {
		t.Errorf("rows carry data-uidl %q, the server's UIDLs are %q", got, uidls)
	}
	// Newest first.
	if len(rows) == 5 && (rows[0].Subject != "E2E message E" || rows[4].Subject != "E2E message A") {
		t.Errorf("rows are not newest first: %+v", rows)
	}

	// The fingerprint is trusted for this account from now on.
	s.Must(browsertest.ClickButton(s.Ctx, "Sign out"))
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	if o := s.SignIn(mailTarget, dc.User, dc.Password); o != browsertest.OutcomeInbox {
		t.Fatalf("signing in again after trusting the certificate gave %q, want the inbox without a prompt", o)
	}
}

// TestE2EWrongPassword checks that a wrong password shows the server's own
// words and its [AUTH] code under the form.
func TestE2EWrongPassword(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{}, plainMessage("E2E hello", "Mon, 3 Mar 2025 10:00:00 +0000", "Hi.\n"))

	// What Dovecot says to a wrong password, asked natively.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pop3.DialTLS(ctx, dc.TLSAddr, &pop3.Options{TLSConfig: dc.TLSConfig()})
	s.Must(err)
	lerr := c.Login(ctx, dc.User, "not-the-password")
	c.Close()
	var perr *pop3.Error
	if !errors.As(lerr, &perr) || perr.Text == "" {
		t.Fatalf("native login with a wrong password: %v, want a -ERR with text", lerr)
	}
	t.Logf("Dovecot says: code %q, text %q", perr.Code, perr.Text)

	o := signInTrusting(t, s, dc, "not-the-password")
	msg, err := browsertest.SignInError(s.Ctx)
	s.Must(err)
	if o != browsertest.OutcomeError {
		t.Fatalf("a wrong password gave %q, want an error under the form", o)
	}
	if !strings.Contains(msg, perr.Text) {
		t.Errorf("the error %q does not carry the server's text %q", msg, perr.Text)
	}
	if perr.Code != "" && !strings.Contains(msg, "["+perr.Code+"]") {
		t.Errorf("the error %q does not carry the server's code [%s]", msg, perr.Code)
	}
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelInbox); ok {
		t.Error("the inbox is shown after a wrong password")
	}
}
