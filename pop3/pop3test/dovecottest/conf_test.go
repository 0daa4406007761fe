//go:build unix

package dovecottest

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		out          string
		major, minor int
		syntax24     bool
		unsupported  bool
	}{
		{out: "2.3.19.1 (9b53102964)\n", major: 2, minor: 3},
		{out: "2.3.21 (47349e2482)", major: 2, minor: 3},
		{out: "2.4.1-4 (7d8c0e5759)\n", major: 2, minor: 4, syntax24: true}, // Debian 13
		{out: "2.4.0 (8ffd9dbf1a)", major: 2, minor: 4, syntax24: true},
		{out: "2.2.36 (1f10bfa63)", major: 2, minor: 2, unsupported: true},
		{out: "3.0.0 (abcdef)", major: 3, minor: 0, unsupported: true},
	} {
		t.Run(strings.TrimSpace(tc.out), func(t *testing.T) {
			v, err := parseVersion(tc.out)
			if err != nil || v.Major != tc.major || v.Minor != tc.minor {
				t.Fatalf("parseVersion = %+v, %v; want %d.%d", v, err, tc.major, tc.minor)
			}
			s24, err := v.syntax24("/usr/sbin/dovecot")
			var uv *UnsupportedVersionError
			switch {
			case tc.unsupported && (!errors.As(err, &uv) || uv.Version != strings.TrimSpace(tc.out)):
				t.Fatalf("syntax24 = %v, %v; want an UnsupportedVersionError naming %q", s24, err, tc.out)
			case tc.unsupported && !strings.Contains(err.Error(), strings.TrimSpace(tc.out)):
				t.Fatalf("error %q does not name the version", err)
			case !tc.unsupported && (err != nil || s24 != tc.syntax24):
				t.Fatalf("syntax24 = %v, %v; want %v", s24, err, tc.syntax24)
			}
		})
	}
	for _, bad := range []string{"", "dovecot", "2", "x.y.z (abc)", "2.x"} {
		if v, err := parseVersion(bad); err == nil {
			t.Errorf("parseVersion(%q) = %+v, want an error", bad, v)
		}
	}
}

var variable = regexp.MustCompile(`%\{[^}]*\}`)

func testParams(syntax24 bool) confParams {
	return confParams{
		Syntax24: syntax24, Instance: "dovecottest-x", BaseDir: "/t/run", StateDir: "/t/state", LogPath: "/t/dovecot.log",
		MailRoot: "/t/mail", PasswdFile: "/t/passwd", CertFile: "/t/cert.pem", KeyFile: "/t/key.pem",
		Port: 1110, TLSPort: 1995, InternalUser: "dovecot", InternalGroup: "dovecot", LoginUser: "dovenull",
		MailUID: 65534, MailGID: 65534, UIDLFormat: defaultUIDLFormat(syntax24),
	}
}

// TestRenderConf holds the generated configuration to each syntax's key
// lines. Dovecot 2.3 runs the 2.3 text in the interop tests; 2.4 is not
// installable here, so its text is held to the names of the 2.4
// documentation ("Upgrading Dovecot CE from 2.3 to 2.4") line by line.
func TestRenderConf(t *testing.T) {
	for _, tc := range []struct {
		name     string
		syntax24 bool
		want     []string // lines that must be present, in this order
		absent   []string // settings of the other syntax
	}{
		{"2.4", true, []string{
			"dovecot_config_version = 2.4.0",
			"dovecot_storage_version = 2.4.0",
			"instance_name = dovecottest-x",
			"port = 1110",
			"port = 1995",
			"ssl = yes",
			"ssl_server_cert_file = /t/cert.pem",
			"ssl_server_key_file = /t/key.pem",
			"auth_allow_cleartext = yes",
			"auth_mechanisms = plain login cram-md5",
			"passdb passwd-file {",
			"passwd_file_path = /t/passwd",
			"userdb static {",
			"fields {",
			"uid = 65534",
			"gid = 65534",
			"home = /t/mail/%{user}",
			"mail_driver = maildir",
			"mail_path = /t/mail/%{user}",
			"pop3_uidl_format = %{uid | hex(8)}%{uidvalidity | hex(8)}",
			"pop3_lock_session = no",
		}, []string{"ssl_cert", "ssl_key", "disable_plaintext_auth", "mail_location", "driver =", "args =", "%u"}},
		{"2.3", false, []string{
			"instance_name = dovecottest-x",
			"ssl = yes",
			"ssl_cert = </t/cert.pem",
			"ssl_key = </t/key.pem",
			"disable_plaintext_auth = no",
			"passdb {",
			"driver = passwd-file",
			"args = scheme=PLAIN username_format=%u /t/passwd",
			"userdb {",
			"driver = static",
			"args = uid=65534 gid=65534 home=/t/mail/%u",
			"mail_location = maildir:/t/mail/%u",
			"pop3_uidl_format = %08Xu%08Xv",
		}, []string{"dovecot_config_version", "dovecot_storage_version", "ssl_server_", "auth_allow_cleartext", "mail_driver", "passwd_file_path"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := renderConf(testParams(tc.syntax24))
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			var lines []string
			for _, l := range strings.Split(text, "\n") {
				lines = append(lines, strings.TrimSpace(l))
			}
			if tc.syntax24 && lines[0] != "dovecot_config_version = 2.4.0" {
				t.Fatalf("first line %q: Dovecot 2.4 requires dovecot_config_version first", lines[0])
			}
			at := 0
			for _, w := range tc.want {
				found := false
				for ; at < len(lines); at++ {
					if lines[at] == w {
						found, at = true, at+1
						break
					}
				}
				if !found {
					t.Fatalf("line %q missing or out of order in:\n%s", w, text)
				}
			}
			for _, l := range lines {
				if strings.HasPrefix(l, "#") {
					continue
				}
				for _, a := range tc.absent {
					// A setting is absent when no line starts with it; a
					// variable (%u) when no line holds it.
					if strings.HasPrefix(l, a) || (strings.HasPrefix(a, "%") && strings.Contains(l, a)) {
						t.Errorf("line %q has %q, which belongs to the other syntax", l, a)
					}
				}
			}
			depth := 0
			for _, l := range lines {
				if strings.HasPrefix(l, "#") {
					continue
				}
				l = variable.ReplaceAllString(l, "") // %{user}: not a block
				depth += strings.Count(l, "{") - strings.Count(l, "}")
				if depth < 0 {
					t.Fatalf("a block closes before it opens at %q", l)
				}
			}
			if depth != 0 {
				t.Errorf("%d blocks left open in:\n%s", depth, text)
			}
		})
	}
}

// TestRenderConfMTASockets holds the listeners of Config.AuthSocket and
// Config.LMTP in both syntaxes, and their absence for a nil Config (every
// existing caller's configuration is unchanged).
func TestRenderConfMTASockets(t *testing.T) {
	for _, tc := range []struct {
		name     string
		syntax24 bool
		format   string
	}{
		{"2.3", false, "auth_username_format = %Ln"},
		{"2.4", true, "auth_username_format = %{user | username | lower}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain, err := renderConf(testParams(tc.syntax24))
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range []string{"lmtp", "unix_listener", "auth_username_format"} {
				if strings.Contains(string(plain), a) {
					t.Errorf("without MTA sockets the configuration mentions %q:\n%s", a, plain)
				}
			}
			p := testParams(tc.syntax24)
			p.AuthSocket = &listenerParams{Name: "auth-mta", User: "postfix", Group: "postfix"}
			p.LMTP = &listenerParams{Name: "lmtp"}
			out, err := renderConf(p)
			if err != nil {
				t.Fatal(err)
			}
			text := string(out)
			for _, w := range []string{
				"protocols = pop3 lmtp\n",
				"service auth {\n  unix_listener auth-mta {\n    mode = 0660\n    user = postfix\n    group = postfix\n  }\n}\n",
				"service lmtp {\n  unix_listener lmtp {\n    mode = 0660\n  }\n}\n",
				tc.format + "\n",
			} {
				if !strings.Contains(text, w) {
					t.Errorf("configuration lacks %q:\n%s", w, text)
				}
			}
		})
	}
}
