package probe

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is the result of a probe; its JSON form is what `probe -json`
// prints. Fields that the probe did not reach are zero (null in JSON).
type Report struct {
	Address      string   `json:"address"`
	Security     string   `json:"security"`
	Greeting     string   `json:"greeting"`
	Capabilities []string `json:"capabilities"`
	TLS          *TLSInfo `json:"tls"`
	Login        *Login   `json:"login"`
	Count        *int     `json:"count"`
	Size         *int64   `json:"size"`
	Error        string   `json:"error"`
}

// TLSInfo describes the TLS session and the server's certificate chain.
type TLSInfo struct {
	Version     string `json:"version"`
	CipherSuite string `json:"cipher_suite"`
	ServerName  string `json:"server_name"`
	// Verified is whether the chain verified for ServerName against the
	// trusted roots; VerifyError says why not.
	Verified    bool   `json:"verified"`
	VerifyError string `json:"verify_error,omitempty"`
	Chain       []Cert `json:"chain"`
}

// Cert is one certificate as the server sent it.
type Cert struct {
	Subject   string    `json:"subject"`
	Issuer    string    `json:"issuer"`
	DNSNames  []string  `json:"dns_names,omitempty"`
	IPs       []string  `json:"ips,omitempty"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	SHA256    string    `json:"sha256"`
}

// Login is the outcome of authentication.
type Login struct {
	User    string `json:"user"`
	OK      bool   `json:"ok"`
	Skipped string `json:"skipped,omitempty"` // why no attempt was made
	Error   string `json:"error,omitempty"`
}

// Failed reports whether anything went wrong (the exit status).
func (r *Report) Failed() bool {
	return r.Error != "" || (r.Login != nil && !r.Login.OK && r.Login.Skipped == "")
}

func certInfo(c *x509.Certificate) Cert {
	sum := sha256.Sum256(c.Raw)
	ci := Cert{
		Subject:   c.Subject.String(),
		Issuer:    c.Issuer.String(),
		DNSNames:  c.DNSNames,
		NotBefore: c.NotBefore.UTC(),
		NotAfter:  c.NotAfter.UTC(),
		SHA256:    hex.EncodeToString(sum[:]),
	}
	for _, ip := range c.IPAddresses {
		ci.IPs = append(ci.IPs, ip.String())
	}
	return ci
}

// WriteText prints r for a person.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "server:       %s (%s)\n", r.Address, r.Security)
	if r.Greeting != "" {
		fmt.Fprintf(w, "greeting:     %s\n", r.Greeting)
	}
	if t := r.TLS; t != nil {
		fmt.Fprintf(w, "tls:          %s, %s, server name %q\n", t.Version, t.CipherSuite, t.ServerName)
		if t.Verified {
			fmt.Fprintln(w, "verification: ok")
		} else {
			fmt.Fprintf(w, "verification: FAILED: %s\n", t.VerifyError)
		}
		for i, c := range t.Chain {
			fmt.Fprintf(w, "  cert %d:     %s\n", i, c.Subject)
			fmt.Fprintf(w, "    issuer:   %s\n", c.Issuer)
			if len(c.DNSNames)+len(c.IPs) > 0 {
				fmt.Fprintf(w, "    names:    %s\n", strings.Join(append(append([]string{}, c.DNSNames...), c.IPs...), ", "))
			}
			fmt.Fprintf(w, "    valid:    %s to %s\n", c.NotBefore.Format(time.DateOnly), c.NotAfter.Format(time.DateOnly))
			fmt.Fprintf(w, "    sha256:   %s\n", c.SHA256)
		}
	}
	if len(r.Capabilities) > 0 {
		fmt.Fprintf(w, "capabilities: %s\n", strings.Join(r.Capabilities, " | "))
	}
	if l := r.Login; l != nil {
		switch {
		case l.Skipped != "":
			fmt.Fprintf(w, "login:        skipped (%s)\n", l.Skipped)
		case l.OK:
			fmt.Fprintf(w, "login:        ok as %s\n", l.User)
		default:
			fmt.Fprintf(w, "login:        FAILED as %s: %s\n", l.User, l.Error)
		}
	}
	if r.Count != nil && r.Size != nil {
		fmt.Fprintf(w, "stat:         %d messages, %d octets\n", *r.Count, *r.Size)
	}
	if r.Error != "" {
		fmt.Fprintf(w, "error:        %s\n", r.Error)
	}
}

func tlsInfo(cs tls.ConnectionState, serverName string) *TLSInfo {
	t := &TLSInfo{
		Version:     tls.VersionName(cs.Version),
		CipherSuite: tls.CipherSuiteName(cs.CipherSuite),
		ServerName:  serverName,
	}
	for _, c := range cs.PeerCertificates {
		t.Chain = append(t.Chain, certInfo(c))
	}
	return t
}
