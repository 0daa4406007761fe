//go:build unix

package oidctest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// adminJSON calls Hydra's admin API: method on path, with in as the JSON
// body (nil: none), decoding the answer into out (nil: discard).
func (p *Provider) adminJSON(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.AdminURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	return p.do(req, out)
}

// do sends req and decodes a 2xx JSON answer into out.
func (p *Provider) do(req *http.Request, out any) error {
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("oidctest: %s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("oidctest: %s %s: %w", req.Method, req.URL.Path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("oidctest: %s %s: %s: %s", req.Method, req.URL.Path, resp.Status, b)
	}
	if out == nil || len(b) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("oidctest: %s %s: %w", req.Method, req.URL.Path, err)
	}
	return nil
}

// IntrospectionURL is Hydra's RFC 7662 endpoint, on the admin port: a
// resource server (Dovecot's oauth2 passdb) POSTs token=... to it.
func (p *Provider) IntrospectionURL() string { return p.AdminURL + "/admin/oauth2/introspect" }

// Introspection is the part of an RFC 7662 answer the tests look at.
type Introspection struct {
	Active   bool   `json:"active"`
	Subject  string `json:"sub"`
	Scope    string `json:"scope"`
	ClientID string `json:"client_id"`
	Expires  int64  `json:"exp"`
}

// Introspect asks Hydra what it knows of token, as Dovecot does.
func (p *Provider) Introspect(ctx context.Context, token string) (*Introspection, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.IntrospectionURL(),
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	var in Introspection
	if err := p.do(req, &in); err != nil {
		return nil, err
	}
	return &in, nil
}

// RevokeSessions revokes every grant that subject gave, with all their
// access and refresh tokens, as a person does on the provider's account
// page ("remove access").
func (p *Provider) RevokeSessions(ctx context.Context, subject string) error {
	return p.adminJSON(ctx, http.MethodDelete,
		"/admin/oauth2/auth/sessions/consent?"+url.Values{"subject": {subject}, "all": {"true"}}.Encode(), nil, nil)
}

// WaitInactive waits until introspection calls token inactive (expired
// or revoked), polling, or until ctx ends.
func (p *Provider) WaitInactive(ctx context.Context, token string) error {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		in, err := p.Introspect(ctx, token)
		if err != nil {
			return err
		}
		if !in.Active {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("oidctest: the token stayed active: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
