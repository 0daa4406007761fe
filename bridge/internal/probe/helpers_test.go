//go:build !js

package probe_test

import "github.com/poppymail/poppy/bridge/bridgeapi"

func bridgeapiSecurity(s string) bridgeapi.Security { return bridgeapi.Security(s) }
