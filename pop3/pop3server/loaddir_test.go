package pop3server

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadDirEML(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.eml":          "Subject: b\n\nbee\n",
		"a.eml":          "Subject: a\r\n\r\nay\r\n",
		"c d.eml":        "Subject: c\n\nno final newline",
		"notes.txt":      "not a message",
		".hidden.eml":    "Subject: hidden\n\n",
		"sub/inside.eml": "Subject: nested\n\n",
	})
	msgs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := uids(msgs)
	if len(got) != 3 || got[0] != "a" || got[1] != "b" || !strings.HasPrefix(got[2], "cd.") {
		t.Fatalf("UIDs = %q, want a, b, and a hashed form of \"c d\"", got)
	}
	if string(msgs[1].Data) != "Subject: b\r\n\r\nbee\r\n" {
		t.Fatalf("LF not turned into CRLF: %q", msgs[1].Data)
	}
	if string(msgs[2].Data) != "Subject: c\r\n\r\nno final newline\r\n" {
		t.Fatalf("final line break not added: %q", msgs[2].Data)
	}

	// Stable across loads, and usable by a server as is.
	again, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(uids(again), got) {
		t.Fatalf("UIDs changed between loads: %q then %q", got, uids(again))
	}
	if err := New(nil).AddUser("demo", "demo", msgs...); err != nil {
		t.Fatalf("AddUser with loaded messages: %v", err)
	}
}

func TestLoadDirMaildir(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"cur/1700000002.M1P10.host:2,S":  "Subject: read\n\nold\n",
		"new/1700000003.M2P11.host":      "Subject: unread\n\nnew\n",
		"cur/1700000001.M3P12.host:2,RS": "Subject: first\n\n.starts with a dot\n",
		"tmp/1700000004.M4P13.host":      "Subject: being delivered\n\n",
		"cur/.dotfile":                   "ignored",
	})
	msgs, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"1700000001.M3P12.host", "1700000002.M1P10.host", "1700000003.M2P11.host"}
	if got := uids(msgs); !slices.Equal(got, want) {
		t.Fatalf("UIDs = %q, want %q (flags suffix dropped, tmp/ ignored)", got, want)
	}
	if string(msgs[0].Data) != "Subject: first\r\n\r\n.starts with a dot\r\n" {
		t.Fatalf("data = %q", msgs[0].Data)
	}
}

func TestLoadDirErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadDir(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("missing folder: %v", err)
	}
	writeFiles(t, dir, map[string]string{"file.eml": "x"})
	if _, err := LoadDir(filepath.Join(dir, "file.eml")); err == nil {
		t.Fatal("LoadDir of a file succeeded")
	}
	md := t.TempDir()
	writeFiles(t, md, map[string]string{"cur/same:2,S": "a", "new/same": "b"})
	if _, err := LoadDir(md); !errors.Is(err, ErrInvalidUID) {
		t.Fatalf("two files with one UID: %v, want ErrInvalidUID", err)
	}
	empty, err := LoadDir(t.TempDir())
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty folder: %v, %v", empty, err)
	}
}

func TestUIDFromName(t *testing.T) {
	long := strings.Repeat("x", 80)
	tests := []struct {
		name   string
		keep   bool   // the name is a valid UID and is used as is
		prefix string // otherwise the readable prefix expected
	}{
		{"simple", true, ""},
		{"1700000001.M3P12.host", true, ""},
		{strings.Repeat("y", 70), true, ""},
		{"with space", false, "withspace."},
		{"caf\u00e9", false, "caf."},
		{long, false, strings.Repeat("x", maxUIDLen-33) + "."},
		{"\u00e9\u00e9", false, ""},
	}
	for _, tt := range tests {
		got := uidFromName(tt.name)
		if err := checkUID(got); err != nil {
			t.Errorf("uidFromName(%q) = %q: %v", tt.name, got, err)
		}
		if tt.keep && got != tt.name {
			t.Errorf("uidFromName(%q) = %q, want it unchanged", tt.name, got)
		}
		if !tt.keep && (!strings.HasPrefix(got, tt.prefix) || len(got) != len(tt.prefix)+32) {
			t.Errorf("uidFromName(%q) = %q, want %q + 32 hex digits", tt.name, got, tt.prefix)
		}
	}
	if uidFromName("a b") == uidFromName("a\tb") {
		t.Error("names differing only in removed characters got the same UID")
	}
}
