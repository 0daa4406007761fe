package submissionserver_test

import (
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission/submissionserver"
)

// A server that takes mail for one address and refuses the rest, and a
// go-smtp client that sends to it.
func Example() {
	s := submissionserver.New(&submissionserver.Options{
		AllowInsecureAuth: true, // loopback only
		Recipient: func(user, from, to string) error {
			if to != "bob@example.com" {
				return &submissionserver.Refusal{Code: 550, Enhanced: [3]int{5, 7, 1}, Text: "Only bob takes mail here"}
			}
			return nil
		},
	})
	defer s.Close()
	s.AddUser("alice", "secret")
	addr, err := s.StartLocal()
	if err != nil {
		panic(err)
	}

	c, err := smtp.Dial(addr)
	if err != nil {
		panic(err)
	}
	defer c.Close()
	fmt.Println(c.Auth(sasl.NewPlainClient("", "alice", "secret")))
	msg := "Subject: hello\r\n\r\nHi Bob.\r\n"
	err = c.SendMail("alice@example.com", []string{"carol@example.com"}, strings.NewReader(msg))
	fmt.Println(err)
	err = c.SendMail("alice@example.com", []string{"bob@example.com"}, strings.NewReader(msg))
	fmt.Println(err)
	for _, m := range s.Messages() {
		fmt.Printf("%s from %s to %v: %q\n", m.User, m.From, m.To, m.Data)
	}
	// Output:
	// <nil>
	// SMTP error 550: Only bob takes mail here
	// <nil>
	// alice from alice@example.com to [bob@example.com]: "Subject: hello\r\n\r\nHi Bob.\r\n"
}
