package pwa

import (
	"encoding/json"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// pageOf serves the page of a bridge that lists ts.
func pageOf(t *testing.T, ts *bridgeapi.Targets) string {
	t.Helper()
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir, Targets: ts})
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(get(t, h, "/", nil).Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dataBlock finds the page's list of mail servers.
var dataBlock = regexp.MustCompile(`<script type="application/json" id="` + routes.TargetsElementID + `">([^<]*)</script>`)

// TestShellListsTargets: the page carries the bridge's mail servers, as
// data (never run: the page's policy allows no inline script, and a
// host name cannot end the element), and the shell's select lists them
// with the first chosen; its submit is drawn disabled (the loader
// enables it). Without a list it can show, neither is there.
func TestShellListsTargets(t *testing.T) {
	ts := &bridgeapi.Targets{Targets: []bridgeapi.Target{
		{Name: "work", Host: "pop.example.com</script><script>alert(1)</script>", Port: 995, Security: bridgeapi.SecurityTLS},
		{Name: "home", Host: "pop.example.net", Port: 995, Security: bridgeapi.SecurityTLS},
	}}
	page := pageOf(t, ts)
	m := dataBlock.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no data block of the mail servers:\n%s", page)
	}
	var got bridgeapi.Targets
	if err := json.Unmarshal([]byte(m[1]), &got); err != nil || len(got.Targets) != 2 || got.Targets[0] != ts.Targets[0] {
		t.Errorf("the page's list reads %+v (%v), want the bridge's", got, err)
	}
	if strings.Contains(page, "<script>alert(1)") {
		t.Errorf("a host name ended the data block and became a script")
	}
	// go-app writes an element's attributes in no set order.
	var options []string
	for _, o := range regexp.MustCompile(`<option ([^>]*)>`).FindAllStringSubmatch(page, -1) {
		attrs := strings.Fields(o[1])
		slices.Sort(attrs)
		options = append(options, strings.Join(attrs, " "))
	}
	if want := []string{`selected value="work"`, `value="home"`}; !slices.Equal(options, want) {
		t.Errorf("the shell's options are %q, want %q: the first chosen", options, want)
	}
	if !strings.Contains(page, "🔒") {
		t.Errorf("the shell has no security line for the first server")
	}
	button := regexp.MustCompile(`<button [^>]*type="submit"[^>]*>`).FindString(page)
	if !strings.Contains(button, " disabled") || !strings.Contains(button, ` data-busy="Signing in…"`) {
		t.Errorf("the shell's submit is %s, want it drawn disabled with its busy words", button)
	}

	for _, none := range []*bridgeapi.Targets{nil, {Custom: &bridgeapi.CustomPolicy{Ports: []int{995}}}} {
		page := pageOf(t, none)
		if dataBlock.MatchString(page) || strings.Contains(page, "<option") {
			t.Errorf("with %+v the page lists servers", none)
		}
	}
}

// TestShellPaintsWhole: the page holds its first paint until the element
// its expect link names is parsed, and that element comes after the
// whole sign-in shell, so the shell is never painted in part.
func TestShellPaintsWhole(t *testing.T) {
	page := pageOf(t, nil)
	m := regexp.MustCompile(`<link rel="expect" href="#([^"]+)" blocking="render">`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no render-blocking expect link:\n%s", page)
	}
	shellEnd := strings.Index(page, "</main>")
	at := strings.Index(page, `id="`+m[1]+`"`)
	if shellEnd < 0 || at < shellEnd {
		t.Errorf("the expect link names #%s at %d, not after the shell (which ends at %d)", m[1], at, shellEnd)
	}
}
