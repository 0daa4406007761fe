// Package demo runs the bridge's demo mailbox: the in-memory POP3 server of
// pop3/pop3server on a loopback port, filled from a folder of .eml files,
// exposed as the target "demo" with plain POP3 (RFC 1939), which is fine on
// loopback and nowhere else.
//
// The mailbox holds only the demo messages and its login is published (the
// sign-in page shows it), so there is nothing to protect. Deletions are real
// for the life of the process, as the demo of "gone only after QUIT" needs.
package demo

import (
	"fmt"
	"log/slog"
	"net"
	"strconv"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// The published demo login.
const (
	Username = "demo"
	Password = "demo"
)

// Mailbox is a running demo mailbox.
type Mailbox struct {
	srv   *pop3server.Server
	addr  string
	count int
}

// Start loads the messages of dir (see pop3server.LoadDir) and serves them on
// 127.0.0.1. logger may be nil.
func Start(dir string, logger *slog.Logger) (*Mailbox, error) {
	msgs, err := pop3server.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("demo: no messages in %s", dir)
	}
	srv := pop3server.New(&pop3server.Options{Logger: logger})
	if err := srv.AddUser(Username, Password, msgs...); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	return &Mailbox{srv: srv, addr: addr, count: len(msgs)}, nil
}

// Target is the demo target for the registry.
func (m *Mailbox) Target() targets.Target {
	host, port, _ := net.SplitHostPort(m.addr)
	p, _ := strconv.Atoi(port)
	return targets.Target{Name: bridgeapi.DemoTarget, Host: host, Port: p, Security: bridgeapi.SecurityPlain}
}

// Login is the published login.
func (m *Mailbox) Login() bridgeapi.DemoLogin {
	return bridgeapi.DemoLogin{Username: Username, Password: Password}
}

// Count is the number of messages loaded at start.
func (m *Mailbox) Count() int { return m.count }

// Addr is the loopback address the POP3 server listens on.
func (m *Mailbox) Addr() string { return m.addr }

// Close stops the server; uncommitted deletions are dropped.
func (m *Mailbox) Close() error { return m.srv.Close() }
