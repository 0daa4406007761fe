package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// runHealthcheck is `bridge healthcheck [-url URL]`: exit status 0 when
// the bridge answers /healthz with 200, 1 otherwise (also while it
// drains), 2 on a usage error. A container image without a shell or curl
// runs it as its HEALTHCHECK (Dockerfile). Without -url it asks the
// bridge that the same environment configures: POPPY_LISTEN, with a
// wildcard host asked on loopback, over https when POPPY_TLS_CERT is set.
func runHealthcheck(ctx context.Context, args []string, lookup func(string) (string, bool), stderr io.Writer) int {
	fs := newSubcommand("healthcheck", "[flags]", "Exits 0 when the bridge answers /healthz with 200 OK, 1 otherwise.", stderr)
	target := fs.String("url", "", "`URL` of the bridge's /healthz (default from $POPPY_LISTEN and $POPPY_TLS_CERT)")
	timeout := fs.Duration("timeout", 5*time.Second, "bound on the check")
	if code, ok := parseSubcommand(fs, args, 0); !ok {
		return code
	}
	u := *target
	if u == "" {
		var err error
		if u, err = healthURL(lookup); err != nil {
			fmt.Fprintln(stderr, "bridge healthcheck:", err)
			return 2
		}
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		fmt.Fprintln(stderr, "bridge healthcheck:", err)
		return 2
	}
	// The check asks this machine's own bridge whether it is alive, by a
	// loopback address its certificate does not name: who answers is not
	// in question, so the certificate is not verified.
	c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := c.Do(req)
	if err != nil {
		fmt.Fprintf(stderr, "bridge healthcheck: %s: %v\n", u, err)
		return 1
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "bridge healthcheck: %s answered %s\n", u, resp.Status)
		return 1
	}
	return 0
}

// healthURL is the /healthz of the bridge that the environment
// configures (the -listen and -tls-cert defaults when unset).
func healthURL(lookup func(string) (string, bool)) (string, error) {
	listen, ok := lookup(envName("listen"))
	if !ok || listen == "" {
		listen = "127.0.0.1:8080"
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "", fmt.Errorf("%s=%q: %v", envName("listen"), listen, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	scheme := "http"
	if cert, ok := lookup(envName("tls-cert")); ok && cert != "" {
		scheme = "https"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + bridgeapi.PathHealth, nil
}
