//go:build unix

package autoconfig_test

import (
	"context"
	"net"
	"net/netip"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// TestGuessSubmission: when step 4 guesses a POP3 server, it also guesses
// the submission server, probing a real Postfix the way the tab will
// reach it: implicit TLS first, STARTTLS next, the certificate verified
// for the guessed name, and AUTH offered. What fails any of those is not
// offered, and the first case shows the same lookup finds a server that
// passes.
func TestGuessSubmission(t *testing.T) {
	pf := postfixtest.Start(t, &postfixtest.Options{
		Dovecot:   &dovecottest.Config{CertNames: []string{"pop.send.test"}},
		CertNames: []string{"smtp.send.test"},
	})
	popTLS := port(t, pf.Dovecot.TLSAddr)
	subTLS, subStartTLS := port(t, pf.SubmissionTLSAddr), port(t, pf.SubmissionStartTLSAddr)
	closed := closedPort(t)

	tests := []struct {
		name string
		// smtpName is the guessed name that resolves to the Postfix.
		smtpName     string
		tlsPort      int
		noSubmission bool
		want         *bridgeapi.Endpoint
	}{
		{"implicit TLS first", "smtp", subTLS, false,
			&bridgeapi.Endpoint{Host: "smtp.send.test", Port: subTLS, Security: bridgeapi.SecurityTLS}},
		{"STARTTLS when 465 is closed", "smtp", closed, false,
			&bridgeapi.Endpoint{Host: "smtp.send.test", Port: subStartTLS, Security: bridgeapi.SecurityStartTLS}},
		// mail.send.test answers, but its certificate does not name it.
		{"certificate for another name", "mail", subTLS, false, nil},
		{"operator allows no user-entered submission", "smtp", subTLS, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dns, err := dnstest.Start(
				"pop.send.test. 300 IN A 127.0.0.1",
				tt.smtpName+".send.test. 300 IN A 127.0.0.1",
			)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(dns.Close)
			custom := &targets.Custom{
				Ports:           []int{popTLS},
				SubmissionPorts: []int{tt.tlsPort, subStartTLS},
				NoSubmission:    tt.noSubmission,
				Allow:           []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
				Resolver:        autoconfig.NetResolver(dns.Addr),
			}
			l := autoconfig.New(custom, &autoconfig.Options{
				Resolver: dns.Addr, RootCAs: pf.RootCAs, StepTimeout: stepTimeout,
				HTTPSPort:  closed, // no autoconfig file: straight to the guesses
				GuessPorts: &autoconfig.GuessPorts{TLS: popTLS, SubmissionTLS: tt.tlsPort, SubmissionStartTLS: subStartTLS},
				PerMinute:  -1,
			})
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			found, err := l.Lookup(ctx, pf.User+"@send.test")
			if err != nil {
				t.Fatalf("Lookup: %v", err)
			}
			if found.Source != bridgeapi.SourceGuess || found.POP3.Host != "pop.send.test" {
				t.Fatalf("found %+v, want the guessed pop.send.test", found)
			}
			switch {
			case tt.want == nil && found.Submission != nil:
				t.Errorf("submission %+v offered, want none", *found.Submission)
			case tt.want != nil && (found.Submission == nil || *found.Submission != *tt.want):
				t.Errorf("submission %+v, want %+v", found.Submission, *tt.want)
			}
		})
	}
}

// closedPort is a loopback port that nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return p
}
