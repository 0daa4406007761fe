//go:build unix

package main

import (
	"fmt"
	"io"
	"os"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// The scale figure runs the in-memory POP3 server in a process of its own:
// its end of every session is a descriptor, and with the clients' ends in
// this process too, 10,000 sessions would need more than the 20,000 open
// files a process may have on machines that cannot raise the hard limit.
const pop3ChildFlag = "-pop3-child"

// runPOP3Child serves mailbox() to popUser and bigMessage() to bigUser until its stdin closes, after
// printing "READY pop3=ADDR".
func runPOP3Child() {
	raiseFDLimit(1 << 20)
	s := pop3server.New(nil)
	defer s.Close()
	if err := s.AddUser(popUser, popPass, mailbox()...); err != nil {
		fmt.Fprintln(os.Stderr, "pop3 child:", err)
		os.Exit(1)
	}
	if err := s.AddUser(bigUser, popPass, bigMessage()); err != nil {
		fmt.Fprintln(os.Stderr, "pop3 child:", err)
		os.Exit(1)
	}
	addr, err := s.StartLocal()
	if err != nil {
		fmt.Fprintln(os.Stderr, "pop3 child:", err)
		os.Exit(1)
	}
	fmt.Printf("READY pop3=%s\n", addr)
	io.Copy(io.Discard, os.Stdin)
}
