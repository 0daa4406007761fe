package pop3server_test

import (
	"bufio"
	"fmt"
	"log"
	"net"
	"strings"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// A test starts a server with one user, talks POP3 to it (here by hand,
// pipelining a whole session), and checks the mailbox afterwards.
func Example() {
	srv := pop3server.New(nil)
	defer srv.Close()
	err := srv.AddUser("alice", "secret",
		pop3server.Message{UID: "m1", Data: []byte("Subject: hi\n\nHello.\n")},
		pop3server.Message{UID: "m2", Data: []byte("Subject: again\n\n.\n")},
	)
	if err != nil {
		log.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		log.Fatal(err)
	}

	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	fmt.Fprint(c, "USER alice\r\nPASS secret\r\nUIDL\r\nRETR 2\r\nDELE 1\r\nQUIT\r\n")
	r := bufio.NewReader(c)
	r.ReadString('\n') // the greeting carries a timestamp that changes
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			break
		}
		fmt.Println(strings.TrimSuffix(line, "\r\n"))
	}
	fmt.Println(len(srv.Messages("alice")), "message left")
	// Output:
	// +OK send PASS
	// +OK maildrop has 2 messages (44 octets)
	// +OK unique-id listing follows
	// 1 m1
	// 2 m2
	// .
	// +OK 21 octets
	// Subject: again
	//
	// ..
	// .
	// +OK message 1 deleted
	// +OK poppy-pop3server signing off (1 messages left)
	// 1 message left
}
