//go:build !js

package main

import (
	"errors"
	"io"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/targets"
)

// TestProxyProtocolFlag: -proxy-protocol (and POPPY_PROXY_PROTOCOL) opt in
// the named servers and no others; a name that matches nothing stops the
// bridge with an error that names the mistake.
func TestProxyProtocolFlag(t *testing.T) {
	two := []string{"-target", "work=pop.example.com:995/tls", "-target", "home=pop.example.net:995/tls", "-submission", "work=smtp.example.com:465/tls"}
	type opted struct{ work, workSub, home bool }
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want opted
		err  error // nil: accepted; else matched with errors.Is
		fail bool  // refused without a targets error
	}{
		{"off by default", two, nil, opted{}, nil, false},
		{"pop3 server", append(two, "-proxy-protocol", "work"), nil, opted{work: true}, nil, false},
		{"submission server", append(two, "-proxy-protocol", "work/submission"), nil, opted{workSub: true}, nil, false},
		{"repeatable", append(two, "-proxy-protocol", "work", "-proxy-protocol", "home"), nil, opted{work: true, home: true}, nil, false},
		{"from env", two, map[string]string{"POPPY_PROXY_PROTOCOL": "home, work/submission"}, opted{workSub: true, home: true}, nil, false},
		{"unknown name", append(two, "-proxy-protocol", "wrok"), nil, opted{}, targets.ErrUnknownTarget, false},
		{"no targets", []string{"-proxy-protocol", "work"}, nil, opted{}, targets.ErrUnknownTarget, false},
		{"no submission server", append(two, "-proxy-protocol", "home/submission"), nil, opted{}, targets.ErrNoSubmission, false},
		{"bad service", append(two, "-proxy-protocol", "work/imap"), nil, opted{}, targets.ErrProxyProtocolSpec, false},
		{"the demo", []string{"-demo", "-proxy-protocol", "demo"}, nil, opted{}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
			switch {
			case tt.err != nil || tt.fail:
				if err == nil || (tt.err != nil && !errors.Is(err, tt.err)) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			sub, _ := c.targets[0].For("submission")
			if got := (opted{c.targets[0].ProxyProtocol, sub.ProxyProtocol, c.targets[1].ProxyProtocol}); got != tt.want {
				t.Errorf("opted in: %+v, want %+v", got, tt.want)
			}
		})
	}
}
