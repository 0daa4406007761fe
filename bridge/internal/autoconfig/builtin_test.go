package autoconfig

import (
	"testing"
)

// TestBuiltinTable: the shipped table parses and passes its own checks,
// and the checks catch what they are for.
func TestBuiltinTable(t *testing.T) {
	table, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"gmail.com", "outlook.com", "yahoo.com"} {
		if table[d] == nil {
			t.Errorf("%s missing", d)
		}
	}
	if !table["gmail.com"].OAuth || table["yahoo.com"].OAuth {
		t.Error("OAuth flags wrong")
	}
	bad := map[string]string{
		"duplicate domain": `{"providers":[{"name":"A","domains":["a.example"],"pop3":{"host":"p","port":995,"security":"tls"},"username":"%EMAILADDRESS%"},
			{"name":"B","domains":["a.example"],"pop3":{"host":"p","port":995,"security":"tls"},"username":"%EMAILADDRESS%"}]}`,
		"bad security": `{"providers":[{"name":"A","domains":["a.example"],"pop3":{"host":"p","port":995,"security":"ssl"},"username":"u"}]}`,
		"no username":  `{"providers":[{"name":"A","domains":["a.example"],"pop3":{"host":"p","port":995,"security":"tls"}}]}`,
		"bad domain":   `{"providers":[{"name":"A","domains":["localhost"],"pop3":{"host":"p","port":995,"security":"tls"},"username":"u"}]}`,
		"not JSON":     `{`,
	}
	for name, doc := range bad {
		if _, err := parseProviders([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
