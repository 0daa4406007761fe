package targets

import (
	"context"
	"errors"
	"net/netip"
	"slices"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

func TestAddSubmissions(t *testing.T) {
	base := func() []Target {
		return []Target{
			{Name: "work", Host: "pop.example.com", Port: 995, Security: bridgeapi.SecurityTLS},
			{Name: "home", Host: "pop.example.net", Port: 110, Security: bridgeapi.SecurityStartTLS},
		}
	}
	tests := []struct {
		name  string
		specs []string
		want  map[string]*Endpoint // by target; absent means none
		check func(error) bool     // nil means success
	}{
		{name: "none", want: map[string]*Endpoint{}},
		{
			name:  "implicit TLS",
			specs: []string{"work=smtp.example.com:465/tls"},
			want:  map[string]*Endpoint{"work": {Host: "smtp.example.com", Port: 465, Security: bridgeapi.SecurityTLS}},
		},
		{
			name:  "both, STARTTLS upper case, IPv6",
			specs: []string{"work=smtp.example.com:587/STARTTLS", "home=[2001:db8::25]:465/tls"},
			want: map[string]*Endpoint{
				"work": {Host: "smtp.example.com", Port: 587, Security: bridgeapi.SecurityStartTLS},
				"home": {Host: "2001:db8::25", Port: 465, Security: bridgeapi.SecurityTLS},
			},
		},
		{name: "unknown target", specs: []string{"wrok=smtp.example.com:465/tls"}, check: isErr(ErrUnknownTarget)},
		{name: "twice", specs: []string{"work=a.example.com:465/tls", "work=b.example.com:587/starttls"}, check: func(err error) bool { return err != nil }},
		{name: "no security", specs: []string{"work=smtp.example.com:465"}, check: func(err error) bool { return err != nil }},
		{name: "bad port", specs: []string{"work=smtp.example.com:0/tls"}, check: isErr(ErrBadPort)},
		{name: "bad host", specs: []string{"work=smtp example.com:465/tls"}, check: isErr(ErrBadHost)},
		{name: "address as name", specs: []string{"smtp.example.com=smtp.example.com:465/tls"}, check: func(err error) bool { return err != nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := base()
			err := AddSubmissions(ts, tt.specs)
			if tt.check != nil {
				if !tt.check(err) {
					t.Fatalf("AddSubmissions(%q) = %v, wrong error", tt.specs, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, tg := range ts {
				want, got := tt.want[tg.Name], tg.Submission
				if (want == nil) != (got == nil) || (want != nil && *want != *got) {
					t.Errorf("%s: submission %+v, want %+v", tg.Name, got, want)
				}
			}
			// What AddSubmissions built, the registry accepts.
			var r Registry
			for _, tg := range ts {
				if err := r.Add(tg); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestRegistryChecksSubmission(t *testing.T) {
	for _, e := range []Endpoint{
		{Host: "smtp.example.com", Port: 0, Security: bridgeapi.SecurityTLS},
		{Host: "smtp.example.com", Port: 465, Security: "ssl"},
		{Host: "", Port: 465, Security: bridgeapi.SecurityTLS},
		{Host: "fe80::1%eth0", Port: 465, Security: bridgeapi.SecurityTLS},
	} {
		var r Registry
		tg := Target{Name: "work", Host: "pop.example.com", Port: 995, Security: bridgeapi.SecurityTLS, Submission: &e}
		if err := r.Add(tg); err == nil {
			t.Errorf("Add with submission %+v accepted", e)
		}
	}
}

func TestTargetFor(t *testing.T) {
	sub := &Endpoint{Host: "smtp.example.com", Port: 587, Security: bridgeapi.SecurityStartTLS}
	sends := Target{Name: "work", Host: "pop.example.com", Port: 995, Security: bridgeapi.SecurityTLS, Submission: sub}
	reads := Target{Name: "home", Host: "pop.example.net", Port: 995, Security: bridgeapi.SecurityTLS}

	if got, err := sends.For(bridgeapi.ServicePOP3); err != nil || got.Addr() != "pop.example.com:995" {
		t.Errorf("pop3: %v, %v", got, err)
	}
	got, err := sends.For(bridgeapi.ServiceSubmission)
	if err != nil || got.Name != "work" || got.Addr() != "smtp.example.com:587" || got.Security != bridgeapi.SecurityStartTLS {
		t.Errorf("submission: %+v, %v", got, err)
	}
	if _, err := reads.For(bridgeapi.ServiceSubmission); !errors.Is(err, ErrNoSubmission) {
		t.Errorf("submission of a target without one: %v", err)
	}
	if _, err := sends.For("imap"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("imap: %v", err)
	}
}

func TestParseService(t *testing.T) {
	tests := []struct {
		v    string
		has  bool
		want bridgeapi.Service
		err  bool
	}{
		{"", false, bridgeapi.ServicePOP3, false},
		{"pop3", true, bridgeapi.ServicePOP3, false},
		{"submission", true, bridgeapi.ServiceSubmission, false},
		{"", true, "", true},
		{"smtp", true, "", true},
		{"SUBMISSION", true, "", true},
		{"submission ", true, "", true},
		{"imap", true, "", true},
	}
	for _, tt := range tests {
		got, err := ParseService(tt.v, tt.has)
		if tt.err {
			if !errors.Is(err, ErrUnknownService) {
				t.Errorf("ParseService(%q, %v) = %q, %v; want ErrUnknownService", tt.v, tt.has, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseService(%q, %v) = %q, %v; want %q", tt.v, tt.has, got, err, tt.want)
		}
	}
}

// TestCustomSubmissionVet: a user-entered submission server goes through
// the very checks of a user-entered POP3 server (resolver, IANA ranges,
// operator's ranges), with the submission ports in place of the POP3 ones.
func TestCustomSubmissionVet(t *testing.T) {
	c := &Custom{
		Forbid: []netip.Prefix{netip.MustParsePrefix("93.184.217.0/24")},
		Resolver: fakeResolver{
			"smtp.example.com":      {"93.184.216.34"},
			"rebind.example":        {"93.184.216.34", "127.0.0.1"},
			"internal.example":      {"10.0.0.25"},
			"operator.example":      {"93.184.217.25"},
			"metadata.example":      {"169.254.169.254"},
			"nat64.example":         {"64:ff9b::a00:1"},
			"documentation.example": {"192.0.2.25"},
		},
	}
	sub, err := c.ForService(bridgeapi.ServiceSubmission)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host, port string
		check      func(error) bool
	}{
		{"smtp.example.com", "465", nil},
		{"smtp.example.com", "587", nil},
		{"93.184.216.34", "587", nil},
		{"smtp.example.com", "995", isErr(ErrPortNotAllowed)},
		{"smtp.example.com", "110", isErr(ErrPortNotAllowed)},
		{"smtp.example.com", "25", isErr(ErrPortNotAllowed)},
		{"rebind.example", "465", isForbidden("loopback")},
		{"internal.example", "587", isForbidden("private")},
		{"operator.example", "587", isForbidden(ClassOperator)},
		{"metadata.example", "465", isForbidden("link-local")},
		{"nat64.example", "465", isForbidden("nat64")},
		{"documentation.example", "465", isForbidden("documentation")},
		{"127.0.0.1", "465", isForbidden("loopback")},
		{"[::1]", "587", isForbidden("loopback")},
		{"smtp", "465", isErr(ErrSingleLabel)},
		{"2130706433", "465", isErr(ErrBadHost)},
	}
	for _, tt := range tests {
		_, addrs, err := sub.Vet(context.Background(), tt.host, tt.port)
		if tt.check == nil {
			if err != nil || len(addrs) == 0 {
				t.Errorf("submission Vet(%q, %q) = %v, %v; want allowed", tt.host, tt.port, addrs, err)
			}
			continue
		}
		if !tt.check(err) {
			t.Errorf("submission Vet(%q, %q) = %v, %v; wrong refusal", tt.host, tt.port, addrs, err)
		}
	}
	// The POP3 policy is untouched: submission ports are not POP3 ports.
	if _, _, err := c.Vet(context.Background(), "smtp.example.com", "465"); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("POP3 Vet on 465: %v, want ErrPortNotAllowed", err)
	}
	if _, _, err := c.Vet(context.Background(), "smtp.example.com", "995"); err != nil {
		t.Errorf("POP3 Vet on 995: %v", err)
	}
}

func TestCustomForService(t *testing.T) {
	var disabled *Custom
	if got, err := disabled.ForService(bridgeapi.ServiceSubmission); got != nil || err != nil {
		t.Errorf("nil policy: %v, %v", got, err)
	} else if _, err := got.Check("smtp.example.com", "465"); !errors.Is(err, ErrCustomDisabled) {
		t.Errorf("nil policy Check: %v", err)
	}
	c := &Custom{Ports: []int{995}, SubmissionPorts: []int{2587, 465, 465}}
	if got, _ := c.ForService(bridgeapi.ServicePOP3); got != c {
		t.Error("POP3 policy is not the policy itself")
	}
	sub, err := c.ForService(bridgeapi.ServiceSubmission)
	if err != nil || !slices.Equal(sub.AllowedPorts(), []int{465, 2587}) {
		t.Errorf("submission ports: %v, %v", sub, err)
	}
	if !slices.Equal(c.AllowedPorts(), []int{995}) {
		t.Errorf("POP3 ports changed to %v", c.AllowedPorts())
	}
	if _, err := c.ForService("imap"); !errors.Is(err, ErrUnknownService) {
		t.Errorf("imap: %v", err)
	}
	off := &Custom{NoSubmission: true}
	if _, err := off.ForService(bridgeapi.ServiceSubmission); !errors.Is(err, ErrSubmissionDisabled) || !IsForbidden(err) {
		t.Errorf("NoSubmission: %v, want ErrSubmissionDisabled, a forbidden refusal", err)
	}
	if off.AllowedSubmissionPorts() != nil {
		t.Errorf("NoSubmission lists ports %v", off.AllowedSubmissionPorts())
	}
	if !slices.Equal((&Custom{}).AllowedSubmissionPorts(), []int{465, 587}) {
		t.Errorf("default submission ports %v", (&Custom{}).AllowedSubmissionPorts())
	}
}
