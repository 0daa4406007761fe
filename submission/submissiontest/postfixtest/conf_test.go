//go:build unix

package postfixtest

import (
	"strings"
	"testing"
)

// TestRenderConf holds the promises of the package documentation to the
// generated files: loopback listeners on the chosen ports only (no port
// 25, nothing chrooted), no local delivery, no relay, LMTP into Dovecot
// and Dovecot's SASL.
func TestRenderConf(t *testing.T) {
	p := confParams{
		Domain: "example.test", Hostname: "mail.example.test", QueueDir: "/t/queue", DataDir: "/t/data", Dir: "/t",
		LogPath: "/t/postfix.log", CertFile: "/t/conf/cert.pem", KeyFile: "/t/conf/key.pem", MailboxMap: "/t/conf/mailboxes",
		AuthSocket: "/r/auth-mta", LMTPSocket: "/r/lmtp", SubmissionsPort: 4650, StartTLSPort: 5870, MessageSizeLimit: 1000,
	}
	main, err := render(mainTemplate, p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"inet_interfaces = loopback-only", "mydestination =", "local_transport = error:",
		"virtual_mailbox_domains = example.test", "virtual_mailbox_maps = texthash:/t/conf/mailboxes",
		"virtual_transport = lmtp:unix:/r/lmtp", "default_transport = error:", "relay_transport = error:",
		"smtpd_relay_restrictions = reject_unauth_destination",
		"smtpd_sasl_type = dovecot", "smtpd_sasl_path = /r/auth-mta",
		"smtpd_tls_chain_files = /t/conf/key.pem, /t/conf/cert.pem", "message_size_limit = 1000",
		"maillog_file = /t/postfix.log",
	} {
		if !hasLine(string(main), w) {
			t.Errorf("main.cf lacks %q:\n%s", w, main)
		}
	}
	master, err := render(masterTemplate, p)
	if err != nil {
		t.Fatal(err)
	}
	var inet []string
	for _, l := range strings.Split(string(master), "\n") {
		f := strings.Fields(l)
		if len(f) < 8 || strings.HasPrefix(l, "#") {
			continue
		}
		if f[4] != "n" {
			t.Errorf("service %s is chrooted; the harness's paths are absolute", f[0])
		}
		if f[1] == "inet" {
			inet = append(inet, f[0])
		}
		if f[0] == "smtp" || f[0] == "local" || f[0] == "pickup" {
			t.Errorf("master.cf runs %s, which a submission-only test server does not need", f[0])
		}
	}
	if strings.Join(inet, " ") != "127.0.0.1:4650 127.0.0.1:5870" {
		t.Errorf("inet services %q, want only the two loopback submission ports", inet)
	}
	for _, w := range []string{"-o smtpd_tls_wrappermode=yes", "-o smtpd_tls_security_level=encrypt", "-o smtpd_tls_auth_only=yes"} {
		if !strings.Contains(string(master), w) {
			t.Errorf("master.cf lacks %q", w)
		}
	}
}

func hasLine(text, line string) bool {
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, line) {
			return true
		}
	}
	return false
}
