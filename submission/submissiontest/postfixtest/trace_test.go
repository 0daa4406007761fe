package postfixtest

import (
	"bytes"
	"reflect"
	"testing"
)

func TestSplitTrace(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		trace    []string
		message  string
	}{
		{"none", "From: a@b\r\n\r\nbody\r\n", nil, "From: a@b\r\n\r\nbody\r\n"},
		{"folded", "Return-Path: <a@b>\r\nDelivered-To: a@b\r\nReceived: from x\r\n\tby y; date\r\nreceived: from z\r\n by w\r\nFrom: a@b\r\n\r\nbody\r\n",
			[]string{"Return-Path: <a@b>", "Delivered-To: a@b", "Received: from x\tby y; date", "received: from z by w"},
			"From: a@b\r\n\r\nbody\r\n"},
		{"stops at the first other field", "Received: x\r\nSubject: s\r\nReceived: y\r\n\r\n",
			[]string{"Received: x"}, "Subject: s\r\nReceived: y\r\n\r\n"},
		{"incomplete field", "Received: x", nil, "Received: x"},
		{"no colon", "Received x\r\n\r\n", nil, "Received x\r\n\r\n"},
		{"empty", "", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trace, msg := SplitTrace([]byte(tc.in))
			if !reflect.DeepEqual(trace, tc.trace) || string(msg) != tc.message {
				t.Errorf("SplitTrace = %q, %q; want %q, %q", trace, msg, tc.trace, tc.message)
			}
		})
	}
}

// FuzzSplitTrace holds SplitTrace to its contract on any input: the
// message is a suffix of the input, and nothing is lost but the line
// breaks of the trace.
func FuzzSplitTrace(f *testing.F) {
	f.Add([]byte("Return-Path: <a@b>\r\nReceived: from x\r\n\tby y\r\nFrom: a@b\r\n\r\nbody\r\n"))
	f.Add([]byte("Received: x\nDelivered-To: y\n\n"))
	f.Add([]byte("Received:\r\n \r\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		trace, msg := SplitTrace(in)
		if !bytes.HasSuffix(in, msg) {
			t.Fatalf("message %q is not a suffix of %q", msg, in)
		}
		if len(trace) == 0 && len(msg) != len(in) {
			t.Fatalf("no trace, but %d bytes dropped", len(in)-len(msg))
		}
		for _, f := range trace {
			if bytes.Contains([]byte(f), []byte("\n")) {
				t.Fatalf("trace field %q is not unfolded", f)
			}
		}
	})
}
