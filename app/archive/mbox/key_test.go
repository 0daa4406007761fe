package mbox

import (
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		same bool
	}{
		{"same Message-ID, different bodies", "Message-ID: <x@y>\r\n\r\none", "Message-Id:  <x@y> \n\ntwo", true},
		{"Message-ID is case-sensitive", "Message-ID: <x@y>\n\n", "Message-ID: <X@y>\n\n", false},
		{"no Message-ID: CRLF and LF agree", "Subject: a\r\n\r\nbody\r\n", "Subject: a\n\nbody", true},
		{"no Message-ID: bodies differ", "Subject: a\n\nbody\n", "Subject: a\n\nbodY\n", false},
		{"empty Message-ID falls back", "Message-ID: <>\n\nbody\n", "Message-ID: <>\n\nbody2\n", false},
	}
	for _, tt := range tests {
		a, b := Key([]byte(tt.a)), Key([]byte(tt.b))
		if (a == b) != tt.same {
			t.Errorf("%s: Key = %q and %q", tt.name, a, b)
		}
	}
	if k := Key([]byte("Message-ID: <x@y>\n\n")); k != "mid:x@y" {
		t.Errorf("Key = %q, want mid:x@y", k)
	}
	if k := Key([]byte("Subject: a\n\n")); !strings.HasPrefix(k, "sha256:") || len(k) != 7+64 {
		t.Errorf("Key = %q, want a sha256 key", k)
	}
	msg := []byte("Subject: a\r\n\r\nbody\r\n")
	before := string(msg)
	Key(msg)
	if string(msg) != before {
		t.Error("Key changed its input")
	}
}

// Keys gives both keys: the same content under another Message-ID has
// the same sum, so an import can skip it either way.
func TestKeys(t *testing.T) {
	for _, tt := range []struct {
		msg    string
		wantID string
	}{
		{"Message-ID: <a@b>\r\n\r\nx\r\n", "mid:a@b"},
		{"Subject: none\n\nx\n", ""},
		{"Message-ID: <>\n\nx\n", ""},
	} {
		id, sum := Keys([]byte(tt.msg))
		if id != tt.wantID || !strings.HasPrefix(sum, "sha256:") {
			t.Errorf("Keys(%q) = %q, %q", tt.msg, id, sum)
		}
		if want := Key([]byte(tt.msg)); (id != "" && want != id) || (id == "" && want != sum) {
			t.Errorf("Key(%q) = %q, not what Keys gives", tt.msg, want)
		}
	}
	_, a := Keys([]byte("Message-ID: <a@b>\n\nsame\n"))
	_, b := Keys([]byte("Message-ID: <a@b>\r\n\r\nsame\r\n\r\n"))
	if a != b {
		t.Error("the same message with CRLF and LF has two sums")
	}
}
