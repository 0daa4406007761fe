package ui

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

var (
	testPolicy = &bridgeapi.CustomPolicy{Ports: []int{110, 995}, SubmissionPorts: []int{465}}
	testFound  = &bridgeapi.Autoconfig{
		Address: "Jane@corp.example", Source: bridgeapi.SourceSRV, Username: "jane@corp.example",
		POP3:       bridgeapi.Endpoint{Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS},
		Submission: &bridgeapi.Endpoint{Host: "smtp.corp.example", Port: 465, Security: bridgeapi.SecurityTLS},
	}
	refused = func(r bridgeapi.AutoconfigReason) error {
		return &bridgeclient.RefusalError{Status: 403, Refusal: bridgeapi.AutoconfigRefusal{Reason: r, Domain: "corp.example"}}
	}
)

// The address-first path: the custom option is there only when the
// bridge allows user-entered servers, is the default when it is the only
// way in, and the credentials show only once the servers found are on
// screen; the finding fills the form, which the person may then edit.
func TestSignInCardCustom(t *testing.T) {
	targets := []bridgeapi.Target{{Name: "work", Host: "mail.example.com", Security: bridgeapi.SecurityTLS}}
	addr := "jane@corp.example"
	for _, tc := range []struct {
		name      string
		card      signInCard
		do        func(*signInCard)
		wantForm  signInForm
		wantCreds bool
		wantText  string
	}{
		{"operator target first", signInCard{Targets: targets, Custom: testPolicy, Ready: true}, nil,
			signInForm{Target: "work"}, true, "Sign in"},
		{"custom the only way in", signInCard{Custom: testPolicy, Ready: true}, nil,
			signInForm{Target: bridgeapi.CustomTarget}, false, "Find my mail server"},
		{"address typed, not looked up", signInCard{Custom: testPolicy, Ready: true},
			func(c *signInCard) { c.edit().Address = addr },
			signInForm{Target: bridgeapi.CustomTarget, Address: addr}, false, "Find my mail server"},
		{"looking up", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Busy: true}},
			func(c *signInCard) { c.edit().Address = addr },
			signInForm{Target: bridgeapi.CustomTarget, Address: addr}, false, "Looking up your mail server…"},
		{"found fills the form", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Found: testFound}},
			func(c *signInCard) { c.edit().Address = addr },
			signInForm{Target: bridgeapi.CustomTarget, Address: addr, Host: "pop.corp.example", Port: "995", Security: bridgeapi.SecurityTLS,
				Username: addr, Submission: testFound.Submission, SubHost: "smtp.corp.example", SubPort: "465", SubSecurity: bridgeapi.SecurityTLS, FoundFor: addr}, true, "Sign in"},
		{"an edit after the finding stays", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Found: testFound}},
			func(c *signInCard) {
				c.edit().Address = addr
				c.edit().Port = "110"
				c.edit().Security = bridgeapi.SecurityStartTLS
			},
			signInForm{Target: bridgeapi.CustomTarget, Address: addr, Host: "pop.corp.example", Port: "110", Security: bridgeapi.SecurityStartTLS,
				Username: addr, Submission: testFound.Submission, SubHost: "smtp.corp.example", SubPort: "465", SubSecurity: bridgeapi.SecurityTLS, FoundFor: addr}, true, "Sign in"},
		{"another address typed: look up again", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Found: testFound}},
			func(c *signInCard) { c.edit().Address = "bob@other.example" },
			signInForm{Target: bridgeapi.CustomTarget, Address: "bob@other.example"}, false, "Find my mail server"},
		{"not found: enter it by hand", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Err: refused(bridgeapi.ReasonNotFound)}},
			func(c *signInCard) { c.edit().Address = addr },
			signInForm{Target: bridgeapi.CustomTarget, Address: addr}, true, "Sign in"},
		{"bad address: fix it first", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: "x", Err: refused(bridgeapi.ReasonBadAddress)}},
			func(c *signInCard) { c.edit().Address = "x" },
			signInForm{Target: bridgeapi.CustomTarget, Address: "x"}, false, "Find my mail server"},
		{"plain over the network says so on the button", signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Err: refused(bridgeapi.ReasonDisabled)}},
			func(c *signInCard) {
				f := c.edit()
				f.Address, f.Host, f.Port, f.Security = addr, "pop.corp.example", "110", bridgeapi.SecurityPlain
			},
			signInForm{Target: bridgeapi.CustomTarget, Address: addr, Host: "pop.corp.example", Port: "110", Security: bridgeapi.SecurityPlain},
			true, "Sign in without encryption"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.card
			if tc.do != nil {
				tc.do(&c)
			}
			f := c.current()
			if f != tc.wantForm {
				t.Errorf("form = %+v, want %+v", f, tc.wantForm)
			}
			if got := c.showCredentials(f); got != tc.wantCreds {
				t.Errorf("credentials shown %v, want %v", got, tc.wantCreds)
			}
			if got := c.submitTextFor(f); got != tc.wantText {
				t.Errorf("submit says %q, want %q", got, tc.wantText)
			}
		})
	}
}

// Submitting the custom path looks the address up until the servers
// are shown; only then does it sign in, and the password goes nowhere
// before.
func TestSignInCardCustomSubmit(t *testing.T) {
	addr := "jane@corp.example"
	var looked []string
	var signed []signInForm
	c := signInCard{Custom: testPolicy, Ready: true,
		OnLookup: func(a string) { looked = append(looked, a) },
		OnSubmit: func(f signInForm) { signed = append(signed, f) }}
	c.edit().Address = addr
	c.edit().Password = "typed early"
	c.submit(c.current())
	if len(looked) != 1 || looked[0] != addr || len(signed) != 0 {
		t.Fatalf("first submit: looked up %q, signed in %d times; want one lookup of %q and no sign-in", looked, len(signed), addr)
	}
	c.Lookup = &lookup{Address: addr, Busy: true}
	c.submit(c.current())
	if len(looked) != 1 || len(signed) != 0 {
		t.Fatalf("submit while looking up: %d lookups, %d sign-ins; want nothing new", len(looked), len(signed))
	}
	c.Lookup = &lookup{Address: addr, Found: testFound}
	c.submit(c.current())
	if len(looked) != 1 || len(signed) != 1 || signed[0].Host != "pop.corp.example" || signed[0].Password != "typed early" {
		t.Fatalf("submit with the servers shown: %d lookups, sign-ins %+v; want one sign-in to pop.corp.example", len(looked), signed)
	}
}

// customTarget checks the typed server before anything is sent: the
// port against the bridge's list, plain POP3 over the network against
// the person's consent; the submission server only on a port the
// bridge lets custom servers send on.
func TestCustomTarget(t *testing.T) {
	ok := withFoundSubmission(signInForm{Target: bridgeapi.CustomTarget, Host: " pop.corp.example ", Port: "995", Security: bridgeapi.SecurityTLS}, testFound.Submission)
	noSub := func(f *signInForm) { f.SubHost = "" }
	typedSub := &bridgeapi.Endpoint{Host: "smtp.typed.example", Port: 465, Security: bridgeapi.SecurityStartTLS}
	with := func(change func(*signInForm)) signInForm { f := ok; change(&f); return f }
	for _, tc := range []struct {
		name    string
		f       signInForm
		policy  *bridgeapi.CustomPolicy
		problem customProblem
		want    bridgeapi.Target
	}{
		{"found", ok, testPolicy, 0, bridgeapi.Target{Name: "pop.corp.example:995", Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS, Submission: testFound.Submission}},
		{"sending server typed", with(func(f *signInForm) {
			f.SubHost, f.SubPort, f.SubSecurity = " smtp.typed.example ", "465", bridgeapi.SecurityStartTLS
		}), testPolicy, 0,
			bridgeapi.Target{Name: "pop.corp.example:995", Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS, Submission: typedSub}},
		{"no sending server", with(noSub), testPolicy, 0,
			bridgeapi.Target{Name: "pop.corp.example:995", Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS}},
		{"the bridge lets no user-entered server send", ok, &bridgeapi.CustomPolicy{Ports: []int{995}}, 0,
			bridgeapi.Target{Name: "pop.corp.example:995", Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityTLS}},
		{"submission port not allowed", ok, &bridgeapi.CustomPolicy{Ports: []int{995}, SubmissionPorts: []int{587}}, customSubmissionPortNotAllowed, bridgeapi.Target{}},
		{"submission bad port", with(func(f *signInForm) { f.SubPort = "x" }), testPolicy, customSubmissionBadPort, bridgeapi.Target{}},
		{"submission never plain", with(func(f *signInForm) { f.SubSecurity = bridgeapi.SecurityPlain }), testPolicy, customSubmissionBadSecurity, bridgeapi.Target{}},
		{"no host", with(func(f *signInForm) { f.Host = " " }), testPolicy, customNoHost, bridgeapi.Target{}},
		{"bad port", with(func(f *signInForm) { f.Port = "99999" }), testPolicy, customBadPort, bridgeapi.Target{}},
		{"port not allowed", with(func(f *signInForm) { f.Port = "2995" }), testPolicy, customPortNotAllowed, bridgeapi.Target{}},
		{"no security", with(func(f *signInForm) { f.Security = "" }), testPolicy, customBadSecurity, bridgeapi.Target{}},
		{"plain, not confirmed", with(func(f *signInForm) { f.Security = bridgeapi.SecurityPlain }), testPolicy, customPlainUnconfirmed, bridgeapi.Target{}},
		{"plain, confirmed", with(func(f *signInForm) { f.Security, f.AllowPlain, f.SubHost = bridgeapi.SecurityPlain, true, "" }), testPolicy, 0,
			bridgeapi.Target{Name: "pop.corp.example:995", Host: "pop.corp.example", Port: 995, Security: bridgeapi.SecurityPlain}},
		{"plain to loopback needs no consent", with(func(f *signInForm) { f.Host, f.Security, f.SubHost = "127.0.0.1", bridgeapi.SecurityPlain, "" }), testPolicy, 0,
			bridgeapi.Target{Name: "127.0.0.1:995", Host: "127.0.0.1", Port: 995, Security: bridgeapi.SecurityPlain}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := customTarget(tc.f, tc.policy)
			var ce *customError
			if tc.problem != 0 {
				if !errors.As(err, &ce) || ce.Problem != tc.problem {
					t.Fatalf("err = %v, want problem %d", err, tc.problem)
				}
				if s := customSentence(ce); !strings.HasSuffix(s, ".") || s == customSentence(&customError{}) {
					t.Errorf("sentence %q", s)
				}
				return
			}
			if err != nil || got.Name != tc.want.Name || got.Host != tc.want.Host || got.Port != tc.want.Port ||
				got.Security != tc.want.Security || !sameEndpoint(got.Submission, tc.want.Submission) {
				t.Fatalf("customTarget = %+v, %v; want %+v", got, err, tc.want)
			}
			// What the record keeps makes the same target again.
			rec := customRecord(got)
			back, ok := customOf(accountWith(got.Name, rec))
			if !ok || back.Host != got.Host || back.Port != got.Port || back.Security != got.Security || !sameEndpoint(back.Submission, got.Submission) {
				t.Errorf("record %+v gives back %+v", rec, back)
			}
		})
	}
}

// The port refusal names the ports the bridge allows, from its policy.
func TestCustomPortSentence(t *testing.T) {
	_, err := customTarget(signInForm{Host: "pop.example.com", Port: "2110", Security: bridgeapi.SecurityTLS}, testPolicy)
	if err == nil || !strings.Contains(err.Error(), "port 110 or 995, not on 2110") {
		t.Fatalf("err = %v", err)
	}
}

// Every reason and problem kind of the lookup has its own sentence,
// whole, naming the domain or host where there is one, never the raw
// code; and the bridge's refusals of a user-entered server too.
func TestLookupSentences(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range []bridgeapi.AutoconfigReason{bridgeapi.ReasonBadAddress, bridgeapi.ReasonDisabled,
		bridgeapi.ReasonDomainNotAllowed, bridgeapi.ReasonNotFound, bridgeapi.ReasonBusy} {
		s := lookupSentence(refused(r), "jane@corp.example")
		if seen[s] || !strings.HasSuffix(s, ".") || rawCode(s, string(r)) {
			t.Errorf("%s: %q", r, s)
		}
		seen[s] = true
	}
	for _, k := range []bridgeapi.AutoconfigProblemKind{bridgeapi.ProblemForbidden, bridgeapi.ProblemPort, bridgeapi.ProblemPlain,
		bridgeapi.ProblemUnreachable, bridgeapi.ProblemMalformed, bridgeapi.ProblemTooLarge, bridgeapi.ProblemRedirect,
		bridgeapi.ProblemTimeout, bridgeapi.ProblemHTTP, bridgeapi.ProblemDNS, bridgeapi.ProblemNoAnswer} {
		p := bridgeapi.AutoconfigProblem{Source: bridgeapi.SourceSRV, Problem: k, Host: "pop.corp.example", Port: 2995}
		s := problemSentence(p)
		if seen[s] || !strings.HasSuffix(s, ".") || rawCode(s, string(k)) {
			t.Errorf("%s: %q", k, s)
		}
		seen[s] = true
	}
	// A not-found answer carries what each step ran into.
	err := &bridgeclient.RefusalError{Status: 404, Refusal: bridgeapi.AutoconfigRefusal{Reason: bridgeapi.ReasonNotFound, Domain: "corp.example",
		Tried: []bridgeapi.AutoconfigProblem{{Source: bridgeapi.SourceSRV, Problem: bridgeapi.ProblemForbidden, Host: "10.0.0.5"}}}}
	if s := lookupSentence(err, "jane@corp.example"); !strings.Contains(s, "corp.example") || !strings.Contains(s, "The DNS SRV records gave 10.0.0.5, a local or private") {
		t.Errorf("not found: %q", s)
	}
	if s := lookupSentence(errors.Join(transport.ErrBridgeUnreachable, errors.New("offline")), "x@y.example"); !strings.Contains(s, "Cannot reach the Poppy bridge") {
		t.Errorf("bridge down: %q", s)
	}
	tg := bridgeapi.Target{Host: "pop.corp.example", Port: 995}
	for _, code := range []bridgeapi.CloseCode{bridgeapi.CodeForbiddenTarget, bridgeapi.CodeTargetUnreachable, bridgeapi.CodeBadRequest} {
		s, ok := customSessionSentence(&transport.BridgeError{Code: code, Reason: "target not allowed"}, tg)
		if !ok || seen[s] || !strings.Contains(s, "pop.corp.example") || strings.Contains(s, "target not allowed") {
			t.Errorf("close code %d: %q, %v", code, s, ok)
		}
		seen[s] = true
	}
	if _, ok := customSessionSentence(errors.New("no bridge error"), tg); ok {
		t.Error("a sentence for an error that is not the bridge's")
	}
}

func accountWith(server string, c *store.CustomServer) store.Account {
	return store.Account{Server: server, Custom: c}
}

// rawCode reports whether s shows a hyphenated code as is; one-word
// codes ("busy") may be plain words of a sentence.
func rawCode(s, code string) bool {
	return strings.Contains(code, "-") && strings.Contains(s, code)
}

// A finding the bridge marks insecure (plain POP3 over the Internet,
// which its operator allows) fills the form with plain security: the
// button says so, and no password goes out before the person ticks
// allow-plain.
func TestSignInCardInsecureFinding(t *testing.T) {
	addr := "jane@plain.example"
	found := &bridgeapi.Autoconfig{Address: addr, Source: bridgeapi.SourceGuess, Username: addr, Insecure: true,
		POP3: bridgeapi.Endpoint{Host: "pop.plain.example", Port: 110, Security: bridgeapi.SecurityPlain}}
	var signed int
	c := signInCard{Custom: testPolicy, Ready: true, Lookup: &lookup{Address: addr, Found: found},
		OnSubmit: func(f signInForm) {
			if _, err := customTarget(f, testPolicy); err == nil {
				signed++
			}
		}}
	c.edit().Address = addr
	f := c.current()
	if f.Security != bridgeapi.SecurityPlain || c.submitTextFor(f) != "Sign in without encryption" {
		t.Fatalf("form %+v, button %q", f, c.submitTextFor(f))
	}
	c.submit(f)
	if signed != 0 {
		t.Fatal("an unencrypted sign-in went ahead without the person's consent")
	}
	c.edit().AllowPlain = true
	c.submit(c.current())
	if signed != 1 {
		t.Fatal("the consented unencrypted sign-in did not go ahead")
	}
}

// A server found as an IPv6 literal shows as the relay would dial it.
func TestEndpointLabel(t *testing.T) {
	for in, want := range map[string]string{"pop.example.com": "pop.example.com:995", "2001:db8::1": "[2001:db8::1]:995"} {
		if got := endpointLabel(bridgeapi.Endpoint{Host: in, Port: 995}); got != want {
			t.Errorf("endpointLabel(%s) = %q, want %q", in, got, want)
		}
	}
}

func sameEndpoint(a, b *bridgeapi.Endpoint) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// The sending server's fields (smtp-host, smtp-port, smtp-security) are
// on the form, filled from the lookup, when the bridge lets user-entered
// servers send, and absent when it does not; TLS and STARTTLS are its
// only choices.
func TestSubmissionFields(t *testing.T) {
	addr := "jane@corp.example"
	for _, tc := range []struct {
		name   string
		policy *bridgeapi.CustomPolicy
		want   string // smtp-host's value; "" for no field
	}{
		{"offered, filled from the lookup", testPolicy, "smtp.corp.example"},
		{"the bridge lets none send", &bridgeapi.CustomPolicy{Ports: []int{110, 995}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &signInCard{Custom: tc.policy, Ready: true, Lookup: &lookup{Address: addr, Found: testFound}}
			c.edit().Address = addr
			doc, err := html.Parse(strings.NewReader(app.HTMLString(c)))
			if err != nil {
				t.Fatal(err)
			}
			named := func(name string) []*html.Node {
				return findAll(doc, func(n *html.Node) bool { return attr(n, "name") == name })
			}
			if len(named("host")) != 1 {
				t.Fatal("the form shows no POP3 server field: the check below would see nothing")
			}
			hosts := named("smtp-host")
			if tc.want == "" {
				if len(hosts)+len(named("smtp-port"))+len(named("smtp-security")) != 0 {
					t.Error("sending server fields shown, though the bridge lets no user-entered server send")
				}
				return
			}
			if len(hosts) != 1 || attr(hosts[0], "value") != tc.want || len(named("smtp-port")) != 1 {
				t.Fatalf("smtp-host fields %d (value %q), want one with %q", len(hosts), attr(hosts[0], "value"), tc.want)
			}
			var opts []string
			for _, sel := range named("smtp-security") {
				for _, o := range findAll(sel, func(n *html.Node) bool { return n.Data == "option" && attr(n, "value") != "" }) {
					opts = append(opts, attr(o, "value"))
				}
			}
			if !slices.Equal(opts, []string{"tls", "starttls"}) {
				t.Errorf("smtp-security offers %q, want tls and starttls only", opts)
			}
		})
	}
}
