// Package demo runs the bridge's demo mailbox: the in-memory POP3 server of
// pop3/pop3server on a loopback port, filled from a folder of .eml files,
// exposed as the target "demo" with plain POP3 (RFC 1939), which is fine on
// loopback and nowhere else; and beside it the in-memory submission server
// of submission/submissionserver (RFC 6409), also plain on loopback, which
// delivers what is sent to the demo address into the demo mailbox itself.
//
// The mailbox holds only the demo messages and its login is published (the
// sign-in page shows it), so there is nothing to protect. Deletions are real
// for the life of the process, as the demo of "gone only after QUIT" needs.
// Nothing leaves the machine: every recipient but Address is refused.
package demo

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/submission/submissionserver"
)

// The published demo login, for POP3 and for AUTH alike.
const (
	Username = "demo"
	Password = "demo"
)

// Address is the demo mailbox's address, the To of its messages: the one
// recipient the demo's submission server accepts.
const Address = "demo@poppy.example"

// MaxDelivered bounds the bytes the demo accepts by submission in one run,
// so a demo left open to others cannot be made to fill the memory.
const MaxDelivered = 256 << 20

// Mailbox is a running demo mailbox.
type Mailbox struct {
	srv     *pop3server.Server
	sub     *submissionserver.Server
	addr    string
	subAddr string
	count   int

	mu           sync.Mutex
	delivered    int64
	maxDelivered int64 // MaxDelivered; tests lower it
}

// Start loads the messages of dir (see pop3server.LoadDir) and serves them on
// 127.0.0.1, with the submission server beside. logger may be nil.
func Start(dir string, logger *slog.Logger) (*Mailbox, error) {
	msgs, err := pop3server.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if len(msgs) == 0 {
		return nil, fmt.Errorf("demo: no messages in %s", dir)
	}
	m := &Mailbox{count: len(msgs), maxDelivered: MaxDelivered}
	m.srv = pop3server.New(&pop3server.Options{Logger: logger})
	if err := m.srv.AddUser(Username, Password, msgs...); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if m.addr, err = m.srv.StartLocal(); err != nil {
		m.srv.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	m.sub = submissionserver.New(&submissionserver.Options{
		// Plain on loopback, as the demo's POP3: the login is public.
		AllowInsecureAuth: true,
		Recipient:         recipient,
		Deliver:           m.deliver,
		Logger:            logger,
	})
	if err := m.sub.AddUser(Username, Password); err != nil {
		m.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	if m.subAddr, err = m.sub.StartLocal(); err != nil {
		m.Close()
		return nil, fmt.Errorf("demo: %w", err)
	}
	return m, nil
}

// errElsewhere answers every recipient but Address.
var errElsewhere = &submissionserver.Refusal{
	Code: 550, Enhanced: [3]int{5, 7, 1},
	Text: "The demo only delivers to itself: send to " + Address + "; nothing leaves this machine",
}

// errFull answers once MaxDelivered is reached.
var errFull = &submissionserver.Refusal{
	Code: 552, Enhanced: [3]int{5, 2, 2},
	Text: "The demo mailbox took all the mail it takes in one run; restart the bridge",
}

func recipient(_, _, to string) error {
	// The domain is case-insensitive (RFC 5321 §2.4); the demo takes its
	// one local part in any case too, as most servers do.
	if !strings.EqualFold(to, Address) {
		return errElsewhere
	}
	return nil
}

// deliver puts a submitted message into the demo mailbox. pop3server's
// Deliver is safe while sessions run: sessions already logged in keep
// their snapshot, the next one sees the message.
func (m *Mailbox) deliver(_ string, _ []string, msg []byte) error {
	m.mu.Lock()
	if m.delivered+int64(len(msg)) > m.maxDelivered {
		m.mu.Unlock()
		return errFull
	}
	m.delivered += int64(len(msg))
	m.mu.Unlock()
	return m.srv.Deliver(Username, pop3server.Message{Data: msg})
}

// Target is the demo target for the registry, with its submission server.
func (m *Mailbox) Target() targets.Target {
	return targets.Target{
		Name: bridgeapi.DemoTarget, Host: hostOf(m.addr), Port: portOf(m.addr), Security: bridgeapi.SecurityPlain,
		Submission: &targets.Endpoint{Host: hostOf(m.subAddr), Port: portOf(m.subAddr), Security: bridgeapi.SecurityPlain},
	}
}

func hostOf(addr string) string {
	h, _, _ := net.SplitHostPort(addr)
	return h
}

func portOf(addr string) int {
	_, p, _ := net.SplitHostPort(addr)
	n, _ := strconv.Atoi(p)
	return n
}

// Login is the published login.
func (m *Mailbox) Login() bridgeapi.DemoLogin {
	return bridgeapi.DemoLogin{Username: Username, Password: Password}
}

// Count is the number of messages loaded at start.
func (m *Mailbox) Count() int { return m.count }

// Addr is the loopback address the POP3 server listens on.
func (m *Mailbox) Addr() string { return m.addr }

// SubmissionAddr is the loopback address the submission server listens on.
func (m *Mailbox) SubmissionAddr() string { return m.subAddr }

// Close stops both servers; uncommitted deletions are dropped.
func (m *Mailbox) Close() error {
	var errs []error
	if m.sub != nil {
		errs = append(errs, m.sub.Close())
	}
	errs = append(errs, m.srv.Close())
	return errors.Join(errs...)
}
