package mailbox_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// A Mailbox against the in-memory server: sync, list, read, delete with
// undo, and commit.
func Example() {
	srv := pop3server.New(nil)
	defer srv.Close()
	err := srv.AddUser("alice", "secret",
		pop3server.Message{UID: "a1", Data: []byte("From: Bob <bob@example.org>\nSubject: Lunch?\nDate: Mon, 6 May 2024 12:00:00 +0000\n\nAt noon.\n")},
		pop3server.Message{UID: "a2", Data: []byte("From: =?UTF-8?Q?Ren=C3=A9e?= <renee@example.org>\nSubject: =?UTF-8?Q?Caf=C3=A9?= photos\n" +
			"Date: Tue, 7 May 2024 09:30:00 +0000\nContent-Type: multipart/mixed; boundary=b\n\n--b--\n")},
	)
	if err != nil {
		log.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		log.Fatal(err)
	}

	// In the browser the Dialer opens a WebSocket to the bridge and wraps
	// it in tls.Client; here it is plain TCP to loopback.
	dial := func(ctx context.Context) (*pop3.Client, error) {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return pop3.NewClient(conn, &pop3.Options{AllowInsecureAuth: true})
	}
	m := mailbox.New(dial, mailbox.Account{Server: "demo", Username: "alice", Password: "secret"}, &mailbox.Options{
		// Called from a background goroutine: in go-app, hand the event
		// to the UI goroutine with ctx.Dispatch.
		OnChange: func(mailbox.Event) {},
	})
	defer m.Close()

	// Network calls run off the UI goroutine (go-app: ctx.Async).
	ctx := context.Background()
	if err := m.Sync(ctx, func(done, total int) {}); err != nil {
		log.Fatal(err)
	}
	for _, s := range m.Messages() {
		fmt.Printf("%s  %-6s %-12s attachment=%v\n", s.Date.Format("Jan 2"), s.FromName, s.Subject, s.HasAttachment)
	}
	msg, err := m.Fetch(ctx, "a1", nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("a1 is %d bytes\n", len(msg))

	undo := m.Delete("a1")
	fmt.Println("rows after Delete:", len(m.Messages()))
	fmt.Println("undone:", undo(), "- rows:", len(m.Messages()))

	m.Delete("a1")
	if err := m.Flush(ctx); err != nil { // commit now rather than after the undo window
		log.Fatal(err)
	}
	fmt.Println("on the server:", len(srv.Messages("alice")))
	// Output:
	// May 7  Renée  Café photos  attachment=true
	// May 6  Bob    Lunch?       attachment=false
	// a1 is 96 bytes
	// rows after Delete: 1
	// undone: true - rows: 2
	// on the server: 1
}

// Errors from a Mailbox are Problems, classified for a person: the UI
// words a sentence from the Kind and the server's own text.
func ExampleClassify() {
	err := fmt.Errorf("login: %w", &pop3.Error{Command: "PASS", Code: "AUTH", Text: "Authentication failed."})
	p := mailbox.Classify(err)
	fmt.Println(p.Kind)
	fmt.Println(p.ServerText)
	fmt.Println(p.Detail)

	var pe *pop3.Error
	fmt.Println(errors.As(p, &pe))
	// Output:
	// auth
	// Authentication failed.
	// PASS: -ERR [AUTH] Authentication failed.
	// true
}
