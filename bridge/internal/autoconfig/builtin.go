package autoconfig

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// providersJSON is the built-in table, kept as data so that adding a
// provider is an edit of providers.json, not of code.
//
//go:embed providers.json
var providersJSON []byte

type providerEntry struct {
	Name       string    `json:"name"`
	Domains    []string  `json:"domains"`
	OAuth      bool      `json:"oauth"`
	POP3       tableHost `json:"pop3"`
	Submission tableHost `json:"submission"`
	Username   string    `json:"username"`
}

type tableHost struct {
	Host     string             `json:"host"`
	Port     int                `json:"port"`
	Security bridgeapi.Security `json:"security"`
}

// builtin maps a domain to its provider.
var builtin = sync.OnceValues(func() (map[string]*providerEntry, error) {
	return parseProviders(providersJSON)
})

// parseProviders reads and checks the table: every entry names domains, a
// POP3 server and a username, with valid security values and ports, and
// no domain appears twice.
func parseProviders(data []byte) (map[string]*providerEntry, error) {
	var doc struct {
		Providers []*providerEntry `json:"providers"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("autoconfig: providers.json: %w", err)
	}
	out := map[string]*providerEntry{}
	for _, p := range doc.Providers {
		ok := p.Name != "" && len(p.Domains) > 0 && p.Username != "" && p.POP3.valid() &&
			(p.Submission == tableHost{} || p.Submission.valid())
		if !ok {
			return nil, fmt.Errorf("autoconfig: providers.json: entry %q is incomplete", p.Name)
		}
		for _, d := range p.Domains {
			if out[d] != nil || checkDomain(d) != nil {
				return nil, fmt.Errorf("autoconfig: providers.json: domain %q is invalid or listed twice", d)
			}
			out[d] = p
		}
	}
	return out, nil
}

func (h tableHost) valid() bool {
	return h.Host != "" && h.Port > 0 && h.Port < 65536 && h.Security.Valid()
}

func (h tableHost) template(username string) ServerTemplate {
	return ServerTemplate{Host: h.Host, Port: h.Port, Security: h.Security, Username: username}
}
