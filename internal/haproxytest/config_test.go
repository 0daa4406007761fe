//go:build unix

package haproxytest

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestConfigVariablesDocumented: every environment variable the
// configuration reads is named in its header, where operators look, and
// the header names none it does not read.
func TestConfigVariablesDocumented(t *testing.T) {
	data, err := os.ReadFile(repoConfig())
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
}
