//go:build unix

package oidctest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// SignIn stands in for a browser: it opens authURL, fills the login form
// with user and password, lets the consent page grant, and returns the
// URL the provider finally redirects to, which starts with redirectURI
// and carries the code and state (or an error) in its query. The
// redirect itself is not followed.
func (p *Provider) SignIn(ctx context.Context, authURL, redirectURI, user, password string) (*url.URL, error) {
	jar, _ := cookiejar.New(nil)
	var final *url.URL
	c := &http.Client{
		Jar:     jar,
		Timeout: 10 * time.Second,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if strings.HasPrefix(req.URL.String(), redirectURI) {
				final = req.URL
				return http.ErrUseLastResponse
			}
			if len(via) > 20 {
				return errors.New("oidctest: more than 20 redirects")
			}
			return nil
		},
	}
	get := func(method, u string, form url.Values) (*http.Response, error) {
		var req *http.Request
		var err error
		if form != nil {
			req, err = http.NewRequestWithContext(ctx, method, u, strings.NewReader(form.Encode()))
			if req != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
		} else {
			req, err = http.NewRequestWithContext(ctx, method, u, nil)
		}
		if err != nil {
			return nil, err
		}
		resp, err := c.Do(req)
		if err != nil {
			return nil, fmt.Errorf("oidctest: sign-in: %w", err)
		}
		resp.Body.Close()
		return resp, nil
	}
	resp, err := get(http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	if final != nil {
		return final, nil // an error redirect, before any login
	}
	challenge := resp.Request.URL.Query().Get("login_challenge")
	if resp.StatusCode != http.StatusOK || challenge == "" {
		return nil, fmt.Errorf("oidctest: sign-in: the authorization URL led to %s (%s), not to the login form", resp.Request.URL, resp.Status)
	}
	resp, err = get(http.MethodPost, p.AppURL+"/login", url.Values{
		"challenge": {challenge}, "username": {user}, "password": {password},
	})
	if err != nil {
		return nil, err
	}
	if final == nil {
		return nil, fmt.Errorf("oidctest: sign-in: the login form answered %s at %s, without a redirect back", resp.Status, resp.Request.URL)
	}
	return final, nil
}
