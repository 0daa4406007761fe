//go:build unix

package dovecottest

import (
	"fmt"
	"strconv"
	"strings"
)

// version is a Dovecot release, as `dovecot --version` names it.
type version struct {
	Major, Minor int
	Text         string // the whole output, for messages
}

// parseVersion reads the output of `dovecot --version`, such as
// "2.3.19.1 (9b53102964)" or "2.4.1-4 (7d8c0e5759)" (a Debian revision
// after the hyphen). Only the major and minor numbers matter: they decide
// the configuration syntax.
func parseVersion(out string) (version, error) {
	text := strings.TrimSpace(out)
	v := version{Text: text}
	num, _, _ := strings.Cut(text, " ")
	num, _, _ = strings.Cut(num, "-")
	parts := strings.Split(num, ".")
	if len(parts) < 2 {
		return v, fmt.Errorf("dovecottest: cannot read a version in the output of dovecot --version: %q", text)
	}
	var err error
	if v.Major, err = strconv.Atoi(parts[0]); err == nil {
		v.Minor, err = strconv.Atoi(parts[1])
	}
	if err != nil || v.Major < 0 || v.Minor < 0 {
		return v, fmt.Errorf("dovecottest: cannot read a version in the output of dovecot --version: %q", text)
	}
	return v, nil
}

// UnsupportedVersionError reports a Dovecot whose configuration syntax the
// harness cannot write. Start fails the test with it, with or without CI:
// Dovecot is there, so a skip would hide that the interop tests did not
// run.
type UnsupportedVersionError struct {
	Path    string // the dovecot binary
	Version string // its --version output
}

func (e *UnsupportedVersionError) Error() string {
	return fmt.Sprintf("dovecottest: %s is Dovecot %s, and the harness writes configurations for Dovecot 2.3 and 2.4 only: "+
		"install one of those, or add this version's syntax to pop3/pop3test/dovecottest/conf.go", e.Path, e.Version)
}

// syntax24 reports whether v takes the 2.4 configuration syntax; an error
// for a version that takes neither 2.3's nor 2.4's.
func (v version) syntax24(path string) (bool, error) {
	switch {
	case v.Major == 2 && v.Minor == 3:
		return false, nil
	case v.Major == 2 && v.Minor == 4:
		return true, nil
	}
	return false, &UnsupportedVersionError{Path: path, Version: v.Text}
}

// defaultUIDLFormat is Dovecot's stock pop3_uidl_format in each syntax:
// the IMAP UID and UIDVALIDITY in hex, stable for the life of the maildir.
func defaultUIDLFormat(syntax24 bool) string {
	if syntax24 {
		return "%{uid | hex(8)}%{uidvalidity | hex(8)}"
	}
	return "%08Xu%08Xv"
}
