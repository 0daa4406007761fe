//go:build unix

package dovecottest

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestOAuth2Conf: without OAuth2 nothing of it is written; with it the
// passdb, the mechanisms and the settings file appear; a bad URL and
// Dovecot 2.4 are refused with a clear error.
func TestOAuth2Conf(t *testing.T) {
	plain, err := renderConf(testParams(false))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(plain), "oauth") {
		t.Errorf("without OAuth2 the configuration mentions oauth:\n%s", plain)
	}
	s := &Server{Dir: t.TempDir()}
	p := testParams(false)
	if err := s.oauth2Conf(&Config{OAuth2: &OAuth2{IntrospectionURL: "http://127.0.0.1:4445/admin/oauth2/introspect"}}, &p); err != nil {
		t.Fatal(err)
	}
	out, err := renderConf(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{
		"auth_mechanisms = plain login cram-md5 xoauth2 oauthbearer\n",
		"  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = " + p.OAuth2Conf + "\n",
		"  mechanisms = plain login cram-md5 none\n",
	} {
		if !strings.Contains(string(out), w) {
			t.Errorf("configuration lacks %q:\n%s", w, out)
		}
	}
	ext, err := os.ReadFile(p.OAuth2Conf)
	if err != nil || !strings.Contains(string(ext), "introspection_url = http://127.0.0.1:4445/admin/oauth2/introspect\n") ||
		!strings.Contains(string(ext), "username_attribute = sub\n") {
		t.Errorf("settings file: %s, %v", ext, err)
	}
	if err := s.oauth2Conf(&Config{OAuth2: &OAuth2{IntrospectionURL: "file:///etc/passwd"}}, &p); err == nil {
		t.Error("a file: URL was accepted")
	}
	s.syntax24 = true
	if err := s.oauth2Conf(&Config{OAuth2: &OAuth2{IntrospectionURL: "http://127.0.0.1:1/"}}, &p); !errors.Is(err, errOAuth2Syntax24) {
		t.Errorf("on 2.4: %v", err)
	}
}
