package maildir

import (
	"errors"
	"testing"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name             string
		key, info, flags string
		size, vsize      int64
		bad              bool
	}{
		{name: "1700000000.M1P2Q3.host,S=12,W=13", key: "1700000000.M1P2Q3.host,S=12,W=13", size: 12, vsize: 13},
		{name: "1700000000.M1P2Q3.host,S=12,W=13:2,SF", key: "1700000000.M1P2Q3.host,S=12,W=13", info: "2,SF", flags: "FS", size: 12, vsize: 13},
		{name: "1700000000.M1P2.mail.example.org,S=5:2,", key: "1700000000.M1P2.mail.example.org,S=5", info: "2,", size: 5, vsize: -1},
		{name: "1700000000.123_4.qmail", key: "1700000000.123_4.qmail", size: -1, vsize: -1},
		{name: "1.2.h:2,SSRa", key: "1.2.h", info: "2,SSRa", flags: "RSa", size: -1, vsize: -1},
		{name: "1.2.h:1,experimental", key: "1.2.h", info: "1,experimental", size: -1, vsize: -1},
		{name: "1.2.h,X=foo,S=7", key: "1.2.h,X=foo,S=7", size: 7, vsize: -1},
		{name: ".hidden", bad: true},
		{name: "", bad: true},
		{name: ":2,S", bad: true},
		{name: "1.2.h,S=abc", bad: true},
		{name: "1.2.h,S=-1", bad: true},
		{name: "1.2.h,S=+1", bad: true},
		{name: "1.2.h,W=", bad: true},
		{name: "1.2.h:2,S1", bad: true},
		{name: "1.2.h:2,S\xff", bad: true},
		{name: "a/b", bad: true},
		{name: "a\x00b", bad: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseName(tt.name)
			if tt.bad {
				if !errors.Is(err, ErrBadName) {
					t.Fatalf("ParseName(%q) = %+v, %v; want ErrBadName", tt.name, n, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := Name{Key: tt.key, Info: tt.info, Flags: tt.flags, Size: tt.size, VSize: tt.vsize}
			if n != want {
				t.Fatalf("ParseName(%q) = %+v; want %+v", tt.name, n, want)
			}
		})
	}
}

func TestNameString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1.2.h,S=3", "1.2.h,S=3"},
		{"1.2.h,S=3:2,", "1.2.h,S=3:2,"},
		{"1.2.h,S=3:2,TSS", "1.2.h,S=3:2,ST"},
		{"1.2.h:1,x", "1.2.h:1,x"},
	}
	for _, tt := range tests {
		n, err := ParseName(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.String(); got != tt.want {
			t.Errorf("ParseName(%q).String() = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeHost(t *testing.T) {
	tests := []struct{ in, want string }{
		{"mail.example.org", "mail.example.org"},
		{"a/b:c,d", `a\057b\072c\054d`},
		{"", "localhost"},
	}
	for _, tt := range tests {
		if got := escapeHost(tt.in); got != tt.want {
			t.Errorf("escapeHost(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
