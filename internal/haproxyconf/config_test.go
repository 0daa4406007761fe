package haproxyconf

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestConfigVariablesDocumented: every environment variable the
// configuration reads is named in its header, where operators look, the
// header names none it does not read, and Settings sets none it does not
// read.
func TestConfigVariablesDocumented(t *testing.T) {
	data, err := os.ReadFile(Path())
	if err != nil {
		t.Fatal(err)
	}
	var header, body strings.Builder
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "#") && body.Len() == 0 {
			header.WriteString(line)
		} else {
			body.WriteString(line)
		}
	}
	used := map[string]bool{}
	for _, m := range regexp.MustCompile(`\$\{(POPPY_[A-Z0-9_]+)|defined\((POPPY_[A-Z0-9_]+)\)`).FindAllStringSubmatch(body.String(), -1) {
		used[m[1]+m[2]] = true
	}
	if len(used) < 10 {
		t.Fatalf("found only %d variables in the configuration: %v", len(used), used)
	}
	doc := header.String()
	// The header writes POPPY_BRIDGE1..POPPY_BRIDGE6 and the PEER2/PEER3
	// pairs once each.
	for name := range used {
		short := regexp.MustCompile(`(BRIDGE)[2-6]$|(PEER)[23](_NAME|_ADDR)$`).ReplaceAllString(name, "$1$2")
		if !strings.Contains(doc, name) && !strings.Contains(doc, short) {
			t.Errorf("%s is read but not described in the header", name)
		}
	}
	for _, name := range regexp.MustCompile(`POPPY_[A-Z0-9_]*[A-Z0-9]`).FindAllString(doc, -1) {
		if !used[name] {
			t.Errorf("the header describes %s, which the configuration does not read", name)
		}
	}
	// Every field of Settings set, each backend and peer line filled.
	full := &Settings{Bind: "b", Cert: "c", MaxConn: 1, MaxConnPerIP: 1, NewConnPerMin: 1, CheckInterval: 1,
		PeerName: "p", PeerAddr: "a", AdminSocket: "s"}
	for range MaxBackends {
		full.Backends = append(full.Backends, "h:1")
	}
	for range MaxPeers {
		full.Peers = append(full.Peers, Peer{"n", "a"})
	}
	env, err := full.Environ()
	if err != nil {
		t.Fatal(err)
	}
	vars := poppyVars(env)
	if len(vars) < MaxBackends+2*MaxPeers+9 { // control: all were set
		t.Fatalf("control: Environ set only %q", vars)
	}
	for _, kv := range vars {
		if name, _, _ := strings.Cut(kv, "="); !used[name] {
			t.Errorf("Settings sets %s, which the configuration does not read", name)
		}
	}
}
