package haproxyconf_test

import (
	"fmt"
	"strings"

	"github.com/poppymail/poppy/internal/haproxyconf"
)

func ExampleSettings_Environ() {
	s := &haproxyconf.Settings{
		Bind:     "127.0.0.1:8443",
		Cert:     "/etc/haproxy/certs/poppy.pem",
		Backends: []string{"10.0.0.11:8080", "10.0.0.12:8080"},
	}
	env, err := s.Environ()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, kv := range env {
		if strings.HasPrefix(kv, "POPPY_") {
			fmt.Println(kv)
		}
	}
	// Output:
	// POPPY_HAPROXY_BIND=127.0.0.1:8443
	// POPPY_HAPROXY_CERT=/etc/haproxy/certs/poppy.pem
	// POPPY_BRIDGE1=10.0.0.11:8080
	// POPPY_BRIDGE2=10.0.0.12:8080
}
