//go:build !js

package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// memMessages makes n plain messages, one a minute from 1 March 2025
// 08:00 UTC, the i-th with UIDL fmt.Sprintf(uid, i), subject
// fmt.Sprintf(subject, i) and body fmt.Sprintf(body, i).
func memMessages(n int, uid, subject, body string) []pop3server.Message {
	var msgs []pop3server.Message
	for i := range n {
		date := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		msgs = append(msgs, pop3server.Message{
			UID:  fmt.Sprintf(uid, i),
			Data: plainMessage(fmt.Sprintf(subject, i), date.Format(time.RFC1123Z), fmt.Sprintf(body, i)),
		})
	}
	return msgs
}

// startMemInbox starts an in-memory POP3 server (with opts) holding msgs
// for user, a bridge whose target "mem" is that server over plain POP3
// on loopback, and a browser (cfg, whose targets are replaced); it signs
// in and waits for the inbox's rows.
func startMemInbox(t *testing.T, opts *pop3server.Options, cfg browsertest.Config, user string, msgs []pop3server.Message) (*pop3server.Server, *browsertest.Session) {
	t.Helper()
	browsertest.Require(t)
	srv := pop3server.New(opts)
	t.Cleanup(func() { srv.Close() })
	if err := srv.AddUser(user, "secret", msgs...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Bridge.Targets = []string{"mem=" + addr + "/plain"}
	s := browsertest.Start(t, cfg)
	if o := s.SignIn("mem", user, "secret"); o != browsertest.OutcomeInbox {
		t.Fatalf("sign-in gave %q", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	return srv, s
}
