//go:build !js

package server_test

import (
	"fmt"

	"github.com/poppymail/poppy/bridge/internal/server"
)

func ExamplePublicOrigin() {
	for _, name := range []string{"mail.example.com", "https://mail.example.com:443", "mail.example.com:8443"} {
		plain, _ := server.PublicOrigin(name, false)
		tls, _ := server.PublicOrigin(name, true)
		fmt.Println(plain, tls)
	}
	_, err := server.PublicOrigin("http://mail.example.com", true)
	fmt.Println(err != nil)
	// Output:
	// http://mail.example.com https://mail.example.com
	// https://mail.example.com https://mail.example.com
	// http://mail.example.com:8443 https://mail.example.com:8443
	// true
}
