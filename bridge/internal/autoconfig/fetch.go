package autoconfig

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"syscall"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// maxRedirects bounds the redirects an autoconfig fetch follows, all on
// the domain's own hosts.
const maxRedirects = 3

// configURLs are where a domain's autoconfig file is, in the order tried
// (the order of Thunderbird, without its plain-HTTP attempts: an
// unauthenticated answer could send the password anywhere). No part of
// the address is sent: the domain is in the host name already.
func configURLs(domain string, port int) []*url.URL {
	host := func(h string) string {
		if port == 443 {
			return h
		}
		return net.JoinHostPort(h, strconv.Itoa(port))
	}
	return []*url.URL{
		{Scheme: "https", Host: host("autoconfig." + domain), Path: "/mail/config-v1.1.xml"},
		{Scheme: "https", Host: host(domain), Path: "/.well-known/autoconfig/mail/config-v1.1.xml"},
	}
}

// fetchConfig tries the domain's autoconfig URLs in order and returns the
// first file that parses. A host that does not exist or refuses the
// connection is no trouble (most domains have no such file); anything
// else is a *StepError, and the next URL is tried.
func (l *Lookuper) fetchConfig(ctx context.Context, pol *targets.Custom, domain string) (*Config, []*StepError) {
	port := l.httpsPort
	// The fetch goes through the address policy of custom servers, on
	// the HTTPS port only.
	web := *pol
	web.Ports = []int{port}
	own := map[string]bool{}
	urls := configURLs(domain, port)
	for _, u := range urls {
		own[u.Host] = true
	}
	dialer := &targets.Dialer{Timeout: l.opts.stepTimeout()}
	client := &http.Client{
		Transport: &http.Transport{
			Proxy: nil, // never an environment proxy: the bridge vets the address it dials
			DialContext: func(ctx context.Context, _, addr string) (net.Conn, error) {
				host, p, err := net.SplitHostPort(addr)
				if err != nil {
					return nil, err
				}
				conn, _, err := dialer.DialCustom(ctx, &web, host, p)
				return conn, err
			},
			TLSClientConfig:        &tls.Config{RootCAs: l.opts.RootCAs, MinVersion: tls.VersionTLS12},
			TLSHandshakeTimeout:    l.opts.stepTimeout(),
			ResponseHeaderTimeout:  l.opts.stepTimeout(),
			DisableKeepAlives:      true,
			MaxResponseHeaderBytes: 16 << 10,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			switch {
			case len(via) > maxRedirects:
				return fmt.Errorf("%w: more than %d redirects", ErrRedirect, maxRedirects)
			case req.URL.Scheme != "https":
				return fmt.Errorf("%w: to plain HTTP", ErrRedirect)
			case !own[req.URL.Host]:
				return fmt.Errorf("%w: to %s, not one of the domain's own hosts", ErrRedirect, clip(req.URL.Host))
			}
			return nil
		},
	}
	var problems []*StepError
	for _, u := range urls {
		body, err := l.get(ctx, client, u)
		if err == nil {
			c, err := ParseConfig(body)
			if err == nil {
				return c, problems
			}
			problems = append(problems, &StepError{Source: bridgeapi.SourceAutoconfig, Host: u.Hostname(), Err: err})
			continue
		}
		if absent(err) {
			continue
		}
		problems = append(problems, &StepError{Source: bridgeapi.SourceAutoconfig, Host: u.Hostname(), Err: err})
	}
	return nil, problems
}

// get fetches u within the step timeout and the size limit.
func (l *Lookuper) get(ctx context.Context, client *http.Client, u *url.URL) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, l.opts.stepTimeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone {
		return nil, errAbsent
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%w: HTTP status %d", ErrHTTP, resp.StatusCode)
	}
	max := orDefault(l.opts.MaxConfigSize, DefaultMaxConfigSize)
	if resp.ContentLength > max {
		return nil, fmt.Errorf("%w: %d bytes, more than %d", ErrTooLarge, resp.ContentLength, max)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fetchError(ctx, err)
	}
	// net/http hands over a response that races the deadline. A server
	// that stalls and then answers because the fetch hung up (an empty
	// 200, say) has still not answered in time, so what it sent is not
	// read as its file.
	if ctx.Err() != nil {
		return nil, fetchError(ctx, ctx.Err())
	}
	if int64(len(body)) > max {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, max)
	}
	return body, nil
}

// errAbsent is an autoconfig URL that answers 404: no file, no trouble.
var errAbsent = errors.New("autoconfig: no autoconfig file")

// absent reports whether err means only that the domain publishes no
// autoconfig file there: no such host, nothing listening, or a 404.
func absent(err error) bool {
	return errors.Is(err, errAbsent) || errors.Is(err, ErrUnresolved) || errors.Is(err, syscall.ECONNREFUSED)
}

// fetchError classifies what http.Client.Do or reading the body returned.
func fetchError(ctx context.Context, err error) error {
	var fe *targets.ForbiddenError
	var de *DNSError
	var ue *url.Error
	switch {
	case errors.Is(err, ErrRedirect), errors.As(err, &fe):
		return unwrapURL(err)
	case errors.As(err, &de):
		return de
	case errors.Is(err, errNoSuchName), errors.Is(err, targets.ErrNoAddress):
		return ErrUnresolved
	case ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || isNetTimeout(err):
		return fmt.Errorf("%w: the autoconfig server did not answer in time", ErrTimeout)
	case errors.Is(err, syscall.ECONNREFUSED):
		return err
	case errors.As(err, &ue):
		return fmt.Errorf("%w: %v", ErrHTTP, ue.Err)
	}
	return fmt.Errorf("%w: %v", ErrHTTP, err)
}

// unwrapURL drops the *url.Error around a redirect refusal or a dial
// refusal, whose message already says what happened.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
