package mailconn

import (
	"context"
	"errors"
	"net"
	"testing"
)

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost": true, "LocalHost": true, "LOCALHOST": true,
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "::ffff:127.0.0.1": true,
		"localhost.example.org": false, "10.0.0.1": false, "mail.example.org": false, "": false, "::": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestVerifyNoCertificate(t *testing.T) {
	if err := Verify(nil, "h", nil); !errors.Is(err, ErrNoCertificate) {
		t.Fatalf("Verify(nil) = %v", err)
	}
}

// An unknown security setting is refused, and the connection closed.
func TestOpenUnknownSecurity(t *testing.T) {
	a, b := net.Pipe()
	defer b.Close()
	if _, err := Open(context.Background(), a, "ssl", nil, nil); err == nil {
		t.Fatal("Open accepted security \"ssl\"")
	}
	if _, err := a.Write([]byte("x")); err == nil {
		t.Error("the connection is still open")
	}
}
