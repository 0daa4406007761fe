//go:build unix

package probe_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"net"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/probe"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// TestProbeSubmissionPostfix: both of a real Postfix's submission
// listeners pass, with the chain verified and AUTH among the extensions.
func TestProbeSubmissionPostfix(t *testing.T) {
	pf := postfixtest.Start(t, nil)
	for _, tt := range []struct {
		name, addr string
		security   bridgeapi.Security
	}{
		{"implicit TLS", pf.SubmissionTLSAddr, bridgeapi.SecurityTLS},
		{"STARTTLS", pf.SubmissionStartTLSAddr, bridgeapi.SecurityStartTLS},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := probe.RunSubmission(context.Background(), tt.addr, &probe.Options{Security: tt.security, RootCAs: pf.RootCAs, ServerName: "localhost"})
			if r.Failed() {
				t.Fatalf("probe failed: %+v", r)
			}
			if r.TLS == nil || !r.TLS.Verified {
				t.Errorf("tls = %+v, want verified", r.TLS)
			}
			if !slices.ContainsFunc(r.Capabilities, func(c string) bool { return strings.HasPrefix(c, "AUTH ") }) {
				t.Errorf("capabilities %q, want AUTH", r.Capabilities)
			}
		})
	}
	t.Run("untrusted certificate", func(t *testing.T) {
		other, err := testca.New("other")
		if err != nil {
			t.Fatal(err)
		}
		r := probe.RunSubmission(context.Background(), pf.SubmissionTLSAddr, &probe.Options{Security: bridgeapi.SecurityTLS, RootCAs: other.Pool(), ServerName: "localhost"})
		if !r.Failed() || r.TLS == nil || r.TLS.Verified || r.TLS.VerifyError == "" {
			t.Errorf("report %+v (tls %+v), want a verification failure", r, r.TLS)
		}
	})
}

// TestProbeSubmissionRefusals: a server that takes no AUTH, and plain
// submission, are not submission servers a person can use.
func TestProbeSubmissionRefusals(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := tls.Listen("tcp", "127.0.0.1:0", leaf.ServerConfig())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	// A relay's answer: EHLO without AUTH.
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go relayWithoutAuth(c)
		}
	}()
	r := probe.RunSubmission(context.Background(), ln.Addr().String(), &probe.Options{Security: bridgeapi.SecurityTLS, RootCAs: ca.Pool(), ServerName: "localhost"})
	if !r.Failed() || r.Error != probe.ErrNoSubmissionAuth.Error() || !slices.Contains(r.Capabilities, "PIPELINING") {
		t.Errorf("relay without AUTH: report %+v, want the EHLO read and %q", r, probe.ErrNoSubmissionAuth)
	}

	r = probe.RunSubmission(context.Background(), ln.Addr().String(), &probe.Options{Security: bridgeapi.SecurityPlain})
	if !r.Failed() || !strings.Contains(r.Error, "plain submission") {
		t.Errorf("plain: report %+v, want a refusal", r)
	}
}

func relayWithoutAuth(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	c.Write([]byte("220 relay.test ESMTP\r\n"))
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		switch {
		case strings.HasPrefix(strings.ToUpper(line), "EHLO"):
			c.Write([]byte("250-relay.test\r\n250 PIPELINING\r\n"))
		case strings.HasPrefix(strings.ToUpper(line), "QUIT"):
			c.Write([]byte("221 bye\r\n"))
			return
		default:
			c.Write([]byte("502 no\r\n"))
		}
	}
}
