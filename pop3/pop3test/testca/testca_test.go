package testca

import (
	"crypto/tls"
	"net"
	"testing"
)

func TestLeafVerifiesAgainstItsCAOnly(t *testing.T) {
	ca, leaf, err := Localhost()
	if err != nil {
		t.Fatal(err)
	}
	other, err := New("other")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		trust   *CA
		wantErr bool
	}{{"own CA", ca, false}, {"foreign CA", other, true}} {
		t.Run(tc.name, func(t *testing.T) {
			// Loopback TCP rather than net.Pipe: the pipe's unbuffered writes
			// deadlock when one side aborts the handshake with an alert.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			go func() {
				c, err := l.Accept()
				if err != nil {
					return
				}
				_ = tls.Server(c, leaf.ServerConfig()).Handshake()
				c.Close()
			}()
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			err = tls.Client(c, &tls.Config{ServerName: "127.0.0.1", RootCAs: tc.trust.Pool()}).Handshake()
			if (err != nil) != tc.wantErr {
				t.Fatalf("handshake error = %v, want error: %v", err, tc.wantErr)
			}
		})
	}
}
