package targets_test

import (
	"errors"
	"fmt"
	"net/netip"

	"github.com/poppymail/poppy/bridge/internal/targets"
)

func ExampleParse() {
	t, err := targets.Parse("work=mail.example.com:995/tls")
	fmt.Println(t.Name, t.Host, t.Port, t.Security, err)
	_, err = targets.Parse("mail.example.com=mail.example.com:995/tls")
	fmt.Println(err != nil)
	// Output:
	// work mail.example.com 995 tls <nil>
	// true
}

func ExampleForbidden() {
	for _, s := range []string{"93.184.216.34", "10.0.0.1", "::ffff:127.0.0.1", "100.64.0.1", "2001:2::1", "5f00::1"} {
		class, bad := targets.Forbidden(netip.MustParseAddr(s))
		fmt.Printf("%s %v %q\n", s, bad, class)
	}
	// Output:
	// 93.184.216.34 false ""
	// 10.0.0.1 true "private"
	// ::ffff:127.0.0.1 true "loopback"
	// 100.64.0.1 true "cgnat"
	// 2001:2::1 true "benchmarking"
	// 5f00::1 true "segment-routing"
}

func ExampleAddSubmissions() {
	ts := []targets.Target{{Name: "work", Host: "mail.example.com", Port: 995, Security: "tls"}}
	err := targets.AddSubmissions(ts, []string{"work=mail.example.com:587/starttls"})
	fmt.Println(err)
	sub, err := ts[0].For("submission")
	fmt.Println(sub.Addr(), sub.Security, err)
	err = targets.AddSubmissions(ts, []string{"wrok=mail.example.com:465/tls"})
	fmt.Println(errors.Is(err, targets.ErrUnknownTarget))
	// Output:
	// <nil>
	// mail.example.com:587 starttls <nil>
	// true
}

func ExampleSetProxyProtocol() {
	ts := []targets.Target{{Name: "work", Host: "mail.example.com", Port: 995, Security: "tls"}}
	_ = targets.AddSubmissions(ts, []string{"work=mail.example.com:587/starttls"})
	err := targets.SetProxyProtocol(ts, []string{"work/submission"})
	pop, _ := ts[0].For("pop3")
	sub, _ := ts[0].For("submission")
	fmt.Println(err, pop.ProxyProtocol, sub.ProxyProtocol)
	err = targets.SetProxyProtocol(ts, []string{"wrok"})
	fmt.Println(errors.Is(err, targets.ErrUnknownTarget))
	fmt.Println(err)
	// Output:
	// <nil> false true
	// true
	// targets: unknown target "wrok": name a -target (configured: work), or NAME/submission for its submission server
}
