package main

import (
	"fmt"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// oauthFlag is -oauth, repeatable. Its values hold commas of their own,
// so it is not a listFlag: the environment variable POPPY_OAUTH
// separates providers by spaces or newlines only.
type oauthFlag []bridgeapi.OAuthProvider

func (f *oauthFlag) String() string {
	names := make([]string, len(*f))
	for i, p := range *f {
		names[i] = p.Name
	}
	return strings.Join(names, ",")
}

func (f *oauthFlag) Set(v string) error {
	for _, spec := range strings.Fields(v) {
		p, err := bridgeapi.ParseOAuthProvider(spec)
		if err != nil {
			return err
		}
		for _, q := range *f {
			if q.Name == p.Name {
				return fmt.Errorf("-oauth %q: provider %q is given twice", spec, p.Name)
			}
		}
		*f = append(*f, p)
	}
	return nil
}

// oauthProviders returns the providers with the targets that use them:
// the -target of the same name.
func oauthProviders(f oauthFlag, ts []targets.Target) []bridgeapi.OAuthProvider {
	out := make([]bridgeapi.OAuthProvider, len(f))
	for i, p := range f {
		for _, t := range ts {
			if t.Name == p.Name {
				p.Targets = append(p.Targets, t.Name)
			}
		}
		out[i] = p
	}
	return out
}
