package autoconfig

import (
	"errors"
	"testing"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		in   string
		want Address
		ok   bool
	}{
		{"jane@example.com", Address{"jane", "example.com"}, true},
		{" Jane.Doe@Example.COM. ", Address{"Jane.Doe", "example.com"}, true},
		{`"odd@local"@example.org`, Address{`"odd@local"`, "example.org"}, true},
		{"x@xn--bcher-kva.example", Address{"x", "xn--bcher-kva.example"}, true},
		{"", Address{}, false},
		{"@example.com", Address{}, false},
		{"jane@", Address{}, false},
		{"jane", Address{}, false},
		{"jane@localhost", Address{}, false},
		{"jane@127.0.0.1", Address{}, false},
		{"jane@[127.0.0.1]", Address{}, false},
		{"jane@bücher.example", Address{}, false},
		{"jane@-bad.example", Address{}, false},
		{"jane@a..example", Address{}, false},
		{"ja ne@example.com", Address{}, false},
		{"ja\x00ne@example.com", Address{}, false},
		{"jane@example.com/x", Address{}, false},
	}
	for _, tt := range tests {
		got, err := ParseAddress(tt.in)
		if tt.ok != (err == nil) || got != tt.want {
			t.Errorf("ParseAddress(%q) = %+v, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrBadAddress) {
			t.Errorf("ParseAddress(%q): %v does not match ErrBadAddress", tt.in, err)
		}
	}
}
