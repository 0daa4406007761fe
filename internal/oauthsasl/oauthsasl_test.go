package oauthsasl

import (
	"bytes"
	"testing"
)

func TestRules(t *testing.T) {
	for _, tc := range []struct {
		mech   string
		reply  []byte
		ok, ir bool
	}{
		{"OAUTHBEARER", []byte{0x01}, true, true},
		{"oauthbearer", []byte{0x01}, true, true},
		{"XOAUTH2", nil, false, false},
		{"PLAIN", nil, false, false},
	} {
		reply, ok := ErrorChallengeReply(tc.mech)
		if ok != tc.ok || !bytes.Equal(reply, tc.reply) {
			t.Errorf("ErrorChallengeReply(%q) = %q, %v; want %q, %v", tc.mech, reply, ok, tc.reply, tc.ok)
		}
		if ir := InitialResponse(tc.mech); ir != tc.ir {
			t.Errorf("InitialResponse(%q) = %v, want %v", tc.mech, ir, tc.ir)
		}
	}
}
