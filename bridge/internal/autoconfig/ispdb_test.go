package autoconfig

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

func TestParseConfig(t *testing.T) {
	pop := func(host string, port int, sec bridgeapi.Security, user string) ServerTemplate {
		return ServerTemplate{Host: host, Port: port, Security: sec, Username: user}
	}
	tests := []struct {
		name string
		xml  string
		pop3 []ServerTemplate
		smtp []ServerTemplate
		err  error
	}{
		{
			name: "ISPDB entry with IMAP, POP3 and SMTP",
			xml:  readSeed(t, "ispdb"),
			pop3: []ServerTemplate{
				pop("pop.example.com", 995, bridgeapi.SecurityTLS, "%EMAILADDRESS%"),
				pop("pop.example.com", 110, bridgeapi.SecurityStartTLS, "%EMAILADDRESS%"),
			},
			smtp: []ServerTemplate{
				pop("smtp.example.com", 465, bridgeapi.SecurityTLS, "%EMAILADDRESS%"),
				pop("smtp.example.com", 587, bridgeapi.SecurityStartTLS, "%EMAILADDRESS%"),
			},
		},
		{
			name: "TLS preferred over a plain server listed first; case and spaces forgiven",
			xml: `<clientConfig version="1.1"><emailProvider id="x">
				<incomingServer type="POP3"><hostname>pop.%EMAILDOMAIN%</hostname><port>110</port><socketType>plain</socketType><username>%EMAILLOCALPART%</username></incomingServer>
				<incomingServer type="pop3"><hostname> pop.%EMAILDOMAIN% </hostname><port> 995 </port><socketType>ssl</socketType><username>%EMAILLOCALPART%</username></incomingServer>
			</emailProvider></clientConfig>`,
			pop3: []ServerTemplate{
				pop("pop.%EMAILDOMAIN%", 995, bridgeapi.SecurityTLS, "%EMAILLOCALPART%"),
				pop("pop.%EMAILDOMAIN%", 110, bridgeapi.SecurityPlain, "%EMAILLOCALPART%"),
			},
		},
		{
			name: "OAuth2 only",
			xml: `<clientConfig><emailProvider><incomingServer type="pop3"><hostname>pop.gmail.com</hostname><port>995</port>
				<socketType>SSL</socketType><username>%EMAILADDRESS%</username><authentication>OAuth2</authentication></incomingServer></emailProvider></clientConfig>`,
			pop3: []ServerTemplate{{Host: "pop.gmail.com", Port: 995, Security: bridgeapi.SecurityTLS, Username: "%EMAILADDRESS%", OAuth: true}},
		},
		{
			name: "servers Poppy cannot use are skipped",
			xml: `<clientConfig><emailProvider>
				<incomingServer type="pop3"><hostname>a</hostname><port>995</port><socketType>SSL</socketType><authentication>GSSAPI</authentication></incomingServer>
				<incomingServer type="pop3"><hostname>b</hostname><port>99999</port><socketType>SSL</socketType></incomingServer>
				<incomingServer type="pop3"><hostname>c</hostname><port>995</port><socketType>QUANTUM</socketType></incomingServer>
				<incomingServer type="pop3"><hostname></hostname><port>995</port><socketType>SSL</socketType></incomingServer>
				<incomingServer type="pop3"><hostname>e</hostname><port>995</port><socketType>SSL</socketType></incomingServer>
			</emailProvider></clientConfig>`,
			pop3: []ServerTemplate{pop("e", 995, bridgeapi.SecurityTLS, "")},
		},
		{name: "IMAP only", xml: `<clientConfig><emailProvider><incomingServer type="imap"><hostname>i</hostname><port>993</port><socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>`, err: ErrMalformed},
		{name: "truncated", xml: `<clientConfig><emailProvider><incomingServer type="pop3">`, err: ErrMalformed},
		{name: "another root", xml: `<html><body>Not here</body></html>`, err: ErrMalformed},
		{name: "empty", xml: ``, err: ErrMalformed},
		{name: "entity", xml: `<!DOCTYPE x [<!ENTITY a "aaaa">]><clientConfig>&a;</clientConfig>`, err: ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseConfig([]byte(tt.xml))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.POP3, tt.pop3) || !reflect.DeepEqual(c.SMTP, tt.smtp) {
				t.Errorf("POP3 %+v\nSMTP %+v\nwant %+v\n     %+v", c.POP3, c.SMTP, tt.pop3, tt.smtp)
			}
		})
	}
}

func TestExpandTemplates(t *testing.T) {
	a := Address{Local: "Jane.Doe", Domain: "example.org"}
	got := ServerTemplate{Host: "POP.%EMAILDOMAIN%", Username: "%EMAILLOCALPART%+pop@%EMAILDOMAIN%"}.expand(a)
	if got.Host != "pop.example.org" || got.Username != "Jane.Doe+pop@example.org" {
		t.Errorf("expand = %+v", got)
	}
	if got := (ServerTemplate{Host: "h"}).expand(a); got.Username != "Jane.Doe@example.org" {
		t.Errorf("no username: %q, want the address (RFC 6186 §3)", got.Username)
	}
}

// FuzzParseConfig: no input makes the parser panic or hang, and what it
// accepts holds only servers a lookup can use.
func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"ispdb"} {
		f.Add([]byte(readSeed(f, name)))
	}
	f.Add([]byte(`<clientConfig><emailProvider><incomingServer type="pop3"><hostname>h</hostname><port>1</port><socketType>STARTTLS</socketType></incomingServer></emailProvider></clientConfig>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseConfig(data)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error %v does not match ErrMalformed", err)
			}
			return
		}
		if len(c.POP3) == 0 {
			t.Fatal("accepted a file with no POP3 server")
		}
		for _, s := range append(c.POP3, c.SMTP...) {
			if s.Host == "" || s.Port < 1 || s.Port > 65535 || !s.Security.Valid() {
				t.Fatalf("unusable server accepted: %+v", s)
			}
		}
		for i := 1; i < len(c.POP3); i++ {
			if securityRank(c.POP3[i-1].Security) > securityRank(c.POP3[i].Security) {
				t.Fatalf("POP3 servers out of order: %+v", c.POP3)
			}
		}
	})
}

func readSeed(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}
