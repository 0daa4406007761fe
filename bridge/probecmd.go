package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/probe"
)

// runProbe is `bridge probe`: exit status 0 when everything worked, 1 on any
// failure, 2 on a usage error.
func runProbe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newSubcommand("probe", "[flags] HOST:PORT", "Connects like the browser would and reports greeting, capabilities, TLS,\nlogin and STAT. Credentials come from POPPY_USER and POPPY_PASSWORD.", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object {greeting, capabilities, tls, login, count, size, error}")
	security := fs.String("security", "", "tls, starttls or plain (default tls for port 995, starttls otherwise)")
	caFile := fs.String("ca-file", "", "PEM `file` of CA certificates to trust instead of the system roots")
	serverName := fs.String("server-name", "", "name to verify the certificate for (default the host)")
	timeout := fs.Duration("timeout", 30*time.Second, "bound on the whole probe")
	if code, ok := parseSubcommand(fs, args, 1); !ok {
		return code
	}
	opts := &probe.Options{
		Security:   bridgeapi.Security(*security),
		ServerName: *serverName,
		User:       os.Getenv("POPPY_USER"),
		Password:   os.Getenv("POPPY_PASSWORD"),
		Timeout:    *timeout,
	}
	if *caFile != "" {
		pem, err := os.ReadFile(*caFile)
		if err != nil {
			fmt.Fprintln(stderr, "bridge probe:", err)
			return 2
		}
		opts.RootCAs = x509.NewCertPool()
		if !opts.RootCAs.AppendCertsFromPEM(pem) {
			fmt.Fprintf(stderr, "bridge probe: no certificate in %s\n", *caFile)
			return 2
		}
	}
	r := probe.Run(ctx, fs.Arg(0), opts)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(r)
	} else {
		r.WriteText(stdout)
	}
	if r.Failed() {
		return 1
	}
	return 0
}
