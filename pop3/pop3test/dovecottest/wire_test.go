//go:build !js

package dovecottest

import "testing"

func TestWire(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", ""},
		{"crlf kept", "a\r\nb\r\n", "a\r\nb\r\n"},
		{"lf becomes crlf", "a\nb\n", "a\r\nb\r\n"},
		{"final line ending added", "a\nb", "a\r\nb\r\n"},
		{"bare cr kept", "a\rb\n", "a\rb\r\n"},
		{"cr before crlf merges", "a\r\r\n", "a\r\n"},
		{"dots untouched", ".\n..x\n", ".\r\n..x\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Wire([]byte(tc.in))); got != tc.want {
				t.Errorf("Wire(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestValidateUsers(t *testing.T) {
	for _, tc := range []struct {
		name    string
		users   map[string]string
		wantErr bool
	}{
		{"ok", map[string]string{"bob": "secret words"}, false},
		{"colon in name", map[string]string{"a:b": "x"}, true},
		{"slash in name", map[string]string{"../etc": "x"}, true},
		{"dot dot", map[string]string{"..": "x"}, true},
		{"colon in password", map[string]string{"bob": "a:b"}, true},
		{"newline in password", map[string]string{"bob": "a\nb"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := validate(tc.users); (err != nil) != tc.wantErr {
				t.Errorf("validate = %v, want error: %v", err, tc.wantErr)
			}
		})
	}
}
