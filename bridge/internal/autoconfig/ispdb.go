package autoconfig

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Config is what an autoconfig file (Mozilla's config-v1.1.xml, the ISPDB
// format) says about POP3 and SMTP; IMAP and everything else is ignored.
type Config struct {
	// POP3 lists the file's incomingServer type="pop3" entries that Poppy
	// can use, implicit TLS first, then STARTTLS, then plain, in file
	// order within each.
	POP3 []ServerTemplate
	// SMTP lists its outgoingServer type="smtp" entries, ordered the same.
	SMTP []ServerTemplate
}

// ServerTemplate is one server of an autoconfig file. Host and Username
// may hold the placeholders %EMAILADDRESS%, %EMAILLOCALPART% and
// %EMAILDOMAIN%, filled in per address.
type ServerTemplate struct {
	Host     string
	Port     int
	Security bridgeapi.Security
	Username string
	// OAuth is set when the server lists OAuth2 as its only way to
	// authenticate.
	OAuth bool
}

type xmlClientConfig struct {
	XMLName   xml.Name      `xml:"clientConfig"`
	Providers []xmlProvider `xml:"emailProvider"`
}

type xmlProvider struct {
	Incoming []xmlServer `xml:"incomingServer"`
	Outgoing []xmlServer `xml:"outgoingServer"`
}

type xmlServer struct {
	Type           string   `xml:"type,attr"`
	Hostname       string   `xml:"hostname"`
	Port           string   `xml:"port"`
	SocketType     string   `xml:"socketType"`
	Username       string   `xml:"username"`
	Authentication []string `xml:"authentication"`
}

// ParseConfig reads an autoconfig file. A file that is not config-v1.1
// XML, or lists no POP3 server Poppy can use (a supported socketType, a
// port, a host name, and a password or OAuth2 login), is an error matching
// ErrMalformed. Servers Poppy cannot use are skipped, not errors: a file
// may describe IMAP, Exchange, or logins by client certificate too.
//
// It does not bound its input: the caller reads at most
// Options.MaxConfigSize. encoding/xml expands no entity of a DTD, so a
// small file cannot grow in memory.
func ParseConfig(data []byte) (*Config, error) {
	var doc xmlClientConfig
	dec := xml.NewDecoder(bytes.NewReader(data))
	// The files are UTF-8 in practice; a declared other charset is an
	// error rather than a guess.
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	c := &Config{}
	for _, p := range doc.Providers {
		for _, s := range p.Incoming {
			if strings.EqualFold(strings.TrimSpace(s.Type), "pop3") {
				if t, ok := s.template(); ok {
					c.POP3 = append(c.POP3, t)
				}
			}
		}
		for _, s := range p.Outgoing {
			if strings.EqualFold(strings.TrimSpace(s.Type), "smtp") {
				if t, ok := s.template(); ok {
					c.SMTP = append(c.SMTP, t)
				}
			}
		}
	}
	if len(c.POP3) == 0 {
		return nil, fmt.Errorf("%w: it lists no POP3 server Poppy can use", ErrMalformed)
	}
	bySecurity := func(a, b ServerTemplate) int { return securityRank(a.Security) - securityRank(b.Security) }
	slices.SortStableFunc(c.POP3, bySecurity)
	slices.SortStableFunc(c.SMTP, bySecurity)
	return c, nil
}

// securityRank orders implicit TLS before STARTTLS before plain (RFC 8314
// §5.1: clients prefer implicit TLS).
func securityRank(s bridgeapi.Security) int {
	switch s {
	case bridgeapi.SecurityTLS:
		return 0
	case bridgeapi.SecurityStartTLS:
		return 1
	}
	return 2
}

func (s xmlServer) template() (ServerTemplate, bool) {
	var t ServerTemplate
	switch strings.ToUpper(strings.TrimSpace(s.SocketType)) {
	case "SSL", "TLS":
		t.Security = bridgeapi.SecurityTLS
	case "STARTTLS":
		t.Security = bridgeapi.SecurityStartTLS
	case "PLAIN":
		t.Security = bridgeapi.SecurityPlain
	default:
		return t, false
	}
	port, err := strconv.Atoi(strings.TrimSpace(s.Port))
	if err != nil || port < 1 || port > 65535 {
		return t, false
	}
	t.Port = port
	t.Host = strings.TrimSpace(s.Hostname)
	t.Username = strings.TrimSpace(s.Username)
	if t.Host == "" || len(t.Host) > 255 || len(t.Username) > 255 {
		return t, false
	}
	password, oauth := len(s.Authentication) == 0, false
	for _, a := range s.Authentication {
		switch strings.ToLower(strings.TrimSpace(a)) {
		case "password-cleartext", "password-encrypted", "plain", "secure":
			password = true
		case "oauth2":
			oauth = true
		}
	}
	if !password && !oauth {
		return t, false // NTLM, GSSAPI, client certificates: not Poppy's
	}
	t.OAuth = oauth && !password
	return t, true
}

// expand fills the placeholders of t for address a.
func (t ServerTemplate) expand(a Address) ServerTemplate {
	t.Host = strings.ToLower(a.expand(t.Host))
	t.Username = a.expand(t.Username)
	if t.Username == "" {
		t.Username = a.String()
	}
	return t
}
