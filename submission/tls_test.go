package submission

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"testing"

	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func localhostTLS(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	return leaf.ServerConfig(), &tls.Config{ServerName: "localhost", RootCAs: ca.Pool()}
}

// STARTTLS not offered: no credentials, and no message, are ever written
// on the plain connection. The fake server records every byte the client
// wrote; the control run, allowed to authenticate in the clear, shows the
// AUTH line would have been recorded.
func TestStartTLSNotOffered(t *testing.T) {
	for _, allow := range []bool{false, true} {
		f := &fake{ext: []string{"PIPELINING", "AUTH PLAIN LOGIN"}}
		c := open(t, f, &Options{AllowInsecureAuth: allow})
		authErr := c.Auth(context.Background(), plainAuth)
		sendErr := send(t, c, []string{"bob@example.org"}, testMessage(100))
		tlsErr := c.StartTLS(context.Background(), &tls.Config{ServerName: "localhost"})
		c.Close()
		<-f.done
		got := f.receivedString()
		if allow {
			if authErr != nil || sendErr != nil || !strings.Contains(got, "AUTH PLAIN ") || !strings.Contains(got, "MAIL FROM") {
				t.Fatalf("control: Auth = %v, Send = %v, recorded %q", authErr, sendErr, got)
			}
			continue
		}
		for what, err := range map[string]error{"Auth": authErr, "Send": sendErr, "StartTLS": tlsErr} {
			if !errors.Is(err, ErrStartTLSNotOffered) || Outcome(err) != NotSentPermanent {
				t.Errorf("%s = %v, want ErrStartTLSNotOffered", what, err)
			}
		}
		if strings.Contains(got, "AUTH") || strings.Contains(got, "MAIL") || strings.Contains(got, "STARTTLS") {
			t.Errorf("the client wrote %q", got)
		}
		if got != "EHLO localhost\r\n" {
			t.Errorf("recorded %q, want only the EHLO", got)
		}
	}
}

// STARTTLS offered: after it, EHLO is asked again over TLS and the
// extensions from before are forgotten (RFC 3207 §4.2); then credentials
// may go. Without it, they may not.
func TestStartTLS(t *testing.T) {
	srvCfg, cliCfg := localhostTLS(t)
	f := &fake{ext: []string{"STARTTLS", "AUTH PLAIN"}, tlsConfig: srvCfg}
	c := open(t, f, &Options{})
	if err := c.Auth(context.Background(), plainAuth); !errors.Is(err, ErrInsecureAuth) {
		t.Fatalf("Auth before STARTTLS = %v, want ErrInsecureAuth", err)
	}
	if !c.Extensions().StartTLS {
		t.Fatal("STARTTLS not seen in the EHLO reply")
	}
	if err := c.StartTLS(context.Background(), cliCfg); err != nil {
		t.Fatal(err)
	}
	if c.Extensions().StartTLS {
		t.Error("the extensions from before STARTTLS were kept")
	}
	if err := c.Auth(context.Background(), plainAuth); err != nil {
		t.Fatal(err)
	}
	if err := send(t, c, []string{"bob@example.org"}, testMessage(1000)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(f.receivedString(), "EHLO localhost\r\n"); got != 2 {
		t.Errorf("EHLO sent %d times, want 2", got)
	}
}

// A certificate that does not verify ends the session at StageTLS, and
// is permanent: retrying cannot help until a person acts.
func TestStartTLSUntrusted(t *testing.T) {
	srvCfg, _ := localhostTLS(t)
	f := &fake{ext: []string{"STARTTLS", "AUTH PLAIN"}, tlsConfig: srvCfg}
	c := open(t, f, &Options{})
	err := c.StartTLS(context.Background(), &tls.Config{ServerName: "localhost"})
	var ce *ConnError
	if !errors.As(err, &ce) || ce.Stage != StageTLS {
		t.Fatalf("StartTLS = %v, want a *ConnError at StageTLS", err)
	}
	if Outcome(err) != NotSentPermanent {
		t.Errorf("Outcome = %v, want %v", Outcome(err), NotSentPermanent)
	}
	if err := c.Auth(context.Background(), plainAuth); !errors.Is(err, ErrClosed) {
		t.Errorf("Auth after a failed handshake = %v, want ErrClosed", err)
	}
}

// Implicit TLS (RFC 8314): a *tls.Conn counts as encrypted.
func TestImplicitTLS(t *testing.T) {
	srvCfg, cliCfg := localhostTLS(t)
	f := &fake{ext: []string{"AUTH PLAIN", "PIPELINING"}}
	cli, srv := f.startTLS(t, srvCfg)
	_ = srv
	c, err := NewClient(tls.Client(cli, cliCfg), &Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Auth(context.Background(), plainAuth); err != nil {
		t.Fatal(err)
	}
	if err := send(t, c, []string{"bob@example.org"}, testMessage(1000)); err != nil {
		t.Fatal(err)
	}
}
