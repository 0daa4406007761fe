package netsim_test

import (
	"fmt"
	"io"
	"net"
	"time"

	"github.com/poppymail/poppy/pop3/pop3server/netsim"
)

// A server wraps its side of each connection; the client sees a link with
// a 30 ms delay each way, so a request and its reply take 60 ms or more.
func ExampleDelay() {
	const oneWay = 30 * time.Millisecond
	serverEnd, clientEnd := net.Pipe()
	srv := netsim.Delay(serverEnd, oneWay)
	defer srv.Close()
	defer clientEnd.Close()

	go func() { // an echo server
		buf := make([]byte, 4)
		io.ReadFull(srv, buf)
		srv.Write(buf)
	}()

	start := time.Now()
	clientEnd.Write([]byte("ping"))
	reply := make([]byte, 4)
	io.ReadFull(clientEnd, reply)
	fmt.Println(string(reply), time.Since(start) >= 2*oneWay)
	// Output: ping true
}
