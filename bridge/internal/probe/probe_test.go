//go:build !js

package probe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/probe"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func TestProbeDovecot(t *testing.T) {
	d := dovecottest.Start(t, nil)
	d.Deliver(d.User, []byte("Subject: one\n\nhello\n"))
	d.Deliver(d.User, []byte("Subject: two\n\nworld\n"))
	wantSize := int64(len(dovecottest.Wire([]byte("Subject: one\n\nhello\n"))) + len(dovecottest.Wire([]byte("Subject: two\n\nworld\n"))))

	for _, tt := range []struct {
		name, addr, security string
	}{
		{"implicit TLS", d.TLSAddr, "tls"},
		{"STLS", d.Addr, "starttls"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := probe.Run(context.Background(), tt.addr, &probe.Options{
				Security: bridgeapiSecurity(tt.security), RootCAs: d.RootCAs,
				User: d.User, Password: d.Password,
			})
			if r.Failed() {
				t.Fatalf("probe failed: %+v", r)
			}
			if !strings.Contains(r.Greeting, "ready") {
				t.Errorf("greeting %q", r.Greeting)
			}
			if r.TLS == nil || !r.TLS.Verified || len(r.TLS.Chain) == 0 || !strings.HasPrefix(r.TLS.Version, "TLS 1.") {
				t.Errorf("tls = %+v", r.TLS)
			}
			if len(r.Capabilities) == 0 {
				t.Error("no capabilities")
			}
			if r.Login == nil || !r.Login.OK || r.Count == nil || *r.Count != 2 || *r.Size != wantSize {
				t.Errorf("login %+v, count %v, size %v (want 2, %d)", r.Login, r.Count, r.Size, wantSize)
			}
			var buf bytes.Buffer
			r.WriteText(&buf)
			if !strings.Contains(buf.String(), "verification: ok") || !strings.Contains(buf.String(), "2 messages") {
				t.Errorf("text report:\n%s", buf.String())
			}
		})
	}

	t.Run("wrong password", func(t *testing.T) {
		r := probe.Run(context.Background(), d.TLSAddr, &probe.Options{Security: "tls", RootCAs: d.RootCAs, User: d.User, Password: "nope"})
		if !r.Failed() || r.Login == nil || r.Login.OK || r.Login.Error == "" {
			t.Errorf("report = %+v", r)
		}
	})
	t.Run("untrusted certificate", func(t *testing.T) {
		other, _ := testca.New("other")
		r := probe.Run(context.Background(), d.TLSAddr, &probe.Options{Security: "tls", RootCAs: other.Pool(), User: d.User, Password: d.Password})
		if !r.Failed() || r.TLS == nil || r.TLS.Verified || r.TLS.VerifyError == "" || len(r.TLS.Chain) == 0 {
			t.Errorf("report = %+v", r)
		}
		if r.Login != nil {
			t.Error("logged in over an unverified connection")
		}
	})
	t.Run("no credentials", func(t *testing.T) {
		r := probe.Run(context.Background(), d.Addr, &probe.Options{RootCAs: d.RootCAs})
		if r.Failed() || r.Login == nil || r.Login.Skipped == "" {
			t.Errorf("report = %+v", r)
		}
		b, _ := json.Marshal(r)
		var m map[string]any
		json.Unmarshal(b, &m)
		for _, k := range []string{"greeting", "capabilities", "tls", "login", "count", "size", "error"} {
			if _, ok := m[k]; !ok {
				t.Errorf("JSON lacks %q: %s", k, b)
			}
		}
	})
}

func TestProbePlainLoopback(t *testing.T) {
	s := pop3server.New(nil)
	s.AddUser("u", "p", pop3server.Message{Data: []byte("Subject: x\r\n\r\nx\r\n")})
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := probe.Run(context.Background(), addr, &probe.Options{Security: "plain", User: "u", Password: "p"})
	if r.Failed() || r.TLS != nil || r.Count == nil || *r.Count != 1 {
		t.Errorf("report = %+v", r)
	}
	r = probe.Run(context.Background(), "nonsense", nil)
	if !r.Failed() {
		t.Error("bad address accepted")
	}
}
