package pop3_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log"
	"net/mail"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// exampleServer starts an in-memory server so the examples run as tests.
// A real program dials its mail server instead.
func exampleServer() (addr string, stop func()) {
	s := pop3server.New(nil)
	err := s.AddUser("alice", "secret",
		pop3server.Message{UID: "a1", Data: []byte("From: Bob <bob@example.com>\r\nSubject: Lunch?\r\n\r\nNoon at the usual place.\r\n")},
		pop3server.Message{UID: "a2", Data: []byte("From: Carol <carol@example.com>\r\nSubject: Minutes\r\n\r\nAttached.\r\n")},
	)
	if err != nil {
		log.Fatal(err)
	}
	addr, err = s.StartLocal()
	if err != nil {
		log.Fatal(err)
	}
	return addr, func() { s.Close() }
}

// Read an inbox: one Inventory (UIDL and LIST together) and the headers
// of every message with TOP, pipelined when the server allows.
func Example() {
	addr, stop := exampleServer()
	defer stop()
	ctx := context.Background()

	// Real servers: pop3.DialTLS(ctx, "mail.example.com:995", nil).
	c, err := pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		log.Fatal(err)
	}
	msgs, _, err := c.Inventory(ctx)
	if err != nil {
		log.Fatal(err)
	}
	nums := make([]int, len(msgs))
	for i, m := range msgs {
		nums[i] = m.Number
	}
	err = c.TopMany(ctx, nums, 0, func(n int, header io.Reader, err error) error {
		if err != nil {
			return err // or note it and go on with the others
		}
		m, err := mail.ReadMessage(header)
		if err != nil {
			return err
		}
		fmt.Printf("%d %s %q from %s\n", n, msgs[n-1].UID, m.Header.Get("Subject"), m.Header.Get("From"))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	// Output:
	// 1 a1 "Lunch?" from Bob <bob@example.com>
	// 2 a2 "Minutes" from Carol <carol@example.com>
}

// Delete a message: Dele only marks it; Quit commits.
func ExampleClient_Quit() {
	addr, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, err := pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		log.Fatal(err)
	}
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		log.Fatal(err)
	}
	if err := c.Dele(ctx, 1); err != nil {
		log.Fatal(err)
	}
	if err := c.Quit(ctx); err != nil {
		// pop3.ErrCommitUnknown: the reply was lost; check with a new
		// session before telling the user the message is gone.
		log.Fatal(err)
	}
	c, err = pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		log.Fatal(err)
	}
	n, _, err := c.Stat(ctx)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, "message left")
	// Output: 1 message left
}

// Stream a message with progress. The body is read as it arrives; closing
// it early skips the rest and keeps the session usable.
func ExampleClient_Retr() {
	addr, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, err := pop3.Dial(ctx, addr, &pop3.Options{
		AllowInsecureAuth: true,
		Progress: func(p pop3.Progress) {
			if p.Done {
				fmt.Printf("received %d bytes\n", p.Bytes)
			}
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		log.Fatal(err)
	}
	body, err := c.Retr(ctx, 2)
	if err != nil {
		log.Fatal(err)
	}
	defer body.Close()
	m, err := mail.ReadMessage(body)
	if err != nil {
		log.Fatal(err)
	}
	text, err := io.ReadAll(m.Body)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %s", m.Header.Get("Subject"), text)
	// Output:
	// received 64 bytes
	// Minutes: Attached.
}

// Connect with STLS (RFC 2595) on port 110, then log in. Login picks the
// strongest mechanism the server offers and refuses to send a password
// before TLS is up.
func ExampleClient_StartTLS() {
	ctx := context.Background()
	c, err := pop3.Dial(ctx, "mail.example.com:110", &pop3.Options{TLSConfig: &tls.Config{}})
	if err != nil {
		log.Print(err)
		return
	}
	defer c.Close()
	if err := c.StartTLS(ctx, nil); err != nil {
		log.Print(err)
		return
	}
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		switch {
		case pop3.IsAuthFailure(err):
			log.Print("wrong user name or password: ", err)
		case pop3.IsInUse(err):
			log.Print("another client has the mailbox open; try again later")
		default:
			log.Print(err)
		}
	}
}

// Check whether a maildrop listed in an earlier session changed: STAT and
// the unique-id of the last message then, in one round trip when the
// server pipelines.
func ExampleClient_StatLast() {
	addr, stop := exampleServer()
	defer stop()
	ctx := context.Background()
	c, err := pop3.Dial(ctx, addr, &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(ctx, "alice", "secret"); err != nil {
		log.Fatal(err)
	}
	// The UIDs kept from the earlier session's Inventory. A client
	// compares the total size (the second result) with the kept one too.
	keptUIDs := []string{"a1", "a2"}
	count, _, last, err := c.StatLast(ctx, len(keptUIDs))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("messages:", count, "last:", last)
	fmt.Println("unchanged:", count == len(keptUIDs) && last == keptUIDs[count-1])
	// Output:
	// messages: 2 last: a2
	// unchanged: true
}
