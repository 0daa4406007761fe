package pop3server

import (
	"errors"
	"strings"
	"testing"
)

func TestToCRLF(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"a", "a\r\n"},
		{"a\n", "a\r\n"},
		{"a\r\n", "a\r\n"},
		{"a\nb\r\nc", "a\r\nb\r\nc\r\n"},
		{"\n\n", "\r\n\r\n"},
		{"lone\rcr\n", "lone\rcr\r\n"},
		{"a\r", "a\r\r\n"},
	}
	for _, tt := range tests {
		if got := string(toCRLF([]byte(tt.in))); got != tt.want {
			t.Errorf("toCRLF(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckUID(t *testing.T) {
	tests := []struct {
		uid string
		ok  bool
	}{
		{"a", true},
		{"!~", true},
		{strings.Repeat("a", 70), true},
		{strings.Repeat("a", 71), false},
		{"", false},
		{"a b", false},
		{"tab\t", false},
		{"del\x7f", false},
		{"caf\u00e9", false},
	}
	for _, tt := range tests {
		err := checkUID(tt.uid)
		if (err == nil) != tt.ok {
			t.Errorf("checkUID(%q) = %v, want ok=%v", tt.uid, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrInvalidUID) {
			t.Errorf("checkUID(%q) = %v, does not match ErrInvalidUID", tt.uid, err)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in string
		n  int
		ok bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"007", 7, true},
		{"99999999999999999999", int(^uint(0) >> 1), true},
		{"", 0, false},
		{"-1", 0, false},
		{"+1", 0, false},
		{"1_000", 0, false},
		{"0x10", 0, false},
		{" 1", 0, false},
	}
	for _, tt := range tests {
		n, ok := parseNumber(tt.in)
		if n != tt.n || ok != tt.ok {
			t.Errorf("parseNumber(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.n, tt.ok)
		}
	}
}

func TestAddUserAndDeliverErrors(t *testing.T) {
	s := New(nil)
	for _, name := range []string{"", "two words", "ctl\x01", "new\nline"} {
		if err := s.AddUser(name, "pw"); err == nil {
			t.Errorf("AddUser(%q) succeeded", name)
		}
	}
	if err := s.AddUser("u", "pw", Message{UID: "bad uid"}); !errors.Is(err, ErrInvalidUID) {
		t.Errorf("invalid UID: %v", err)
	}
	if err := s.AddUser("u", "pw", Message{UID: "x"}, Message{UID: "x"}); !errors.Is(err, ErrInvalidUID) {
		t.Errorf("repeated UID: %v", err)
	}
	if err := s.Deliver("nobody", Message{Data: []byte("x")}); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("Deliver to unknown user: %v", err)
	}
	if s.Messages("nobody") != nil {
		t.Error("Messages of an unknown user is not nil")
	}

	if err := s.AddUser("u", "pw", Message{UID: "x", Data: []byte("a\n")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Deliver("u", Message{UID: "x"}); !errors.Is(err, ErrInvalidUID) {
		t.Errorf("Deliver of a UID already in the mailbox: %v", err)
	}
	// Empty UIDs are derived from the content, and stay unique for copies.
	same := Message{Data: []byte("Subject: same\n\n")}
	if err := s.Deliver("u", same, same); err != nil {
		t.Fatal(err)
	}
	got := s.Messages("u")
	if len(got) != 3 || got[1].UID == got[2].UID || checkUID(got[1].UID) != nil || checkUID(got[2].UID) != nil {
		t.Fatalf("derived UIDs: %q", uids(got))
	}
	if string(got[0].Data) != "a\r\n" {
		t.Fatalf("stored data = %q", got[0].Data)
	}
	got[0].Data[0] = 'Z' // Messages returns a copy
	if s.Messages("u")[0].Data[0] != 'a' {
		t.Fatal("Messages shares its data with the mailbox")
	}
}
