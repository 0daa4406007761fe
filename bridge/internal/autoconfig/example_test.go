package autoconfig_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
)

// A lookup through a resolver that knows the SRV records of example.org
// (served here on loopback). The finding is vetted by the policy of
// user-entered servers, whose defaults refuse private addresses and allow
// ports 110, 995, 465 and 587.
func ExampleLookuper_Lookup() {
	dns, err := dnstest.Start(
		"_pop3s._tcp.example.org. 3600 IN SRV 0 1 995 mail.example.org.",
		"_submissions._tcp.example.org. 3600 IN SRV 0 1 465 mail.example.org.",
		"mail.example.org. 3600 IN A 93.184.216.34",
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer dns.Close()

	l := autoconfig.New(&targets.Custom{}, &autoconfig.Options{Resolver: dns.Addr})
	found, err := l.Lookup(context.Background(), "jane@example.org")
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	enc.Encode(found)
	// Output:
	// {
	//   "address": "jane@example.org",
	//   "source": "srv",
	//   "pop3": {
	//     "host": "mail.example.org",
	//     "port": 995,
	//     "security": "tls"
	//   },
	//   "submission": {
	//     "host": "mail.example.org",
	//     "port": 465,
	//     "security": "tls"
	//   },
	//   "username": "jane@example.org"
	// }
}

// ParseConfig reads a Mozilla autoconfig file; the placeholders stay for
// the lookup to fill in per address.
func ExampleParseConfig() {
	c, err := autoconfig.ParseConfig([]byte(`<clientConfig version="1.1"><emailProvider id="example.com">
  <incomingServer type="pop3">
    <hostname>pop.%EMAILDOMAIN%</hostname><port>995</port><socketType>SSL</socketType>
    <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
  </incomingServer>
</emailProvider></clientConfig>`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%+v\n", c.POP3[0])
	// Output:
	// {Host:pop.%EMAILDOMAIN% Port:995 Security:tls Username:%EMAILLOCALPART% OAuth:false}
}
