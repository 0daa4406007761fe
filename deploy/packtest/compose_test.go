//go:build unix

package packtest

import (
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// composeFile is the part of the Compose file format TestCompose reads.
type composeFile struct {
	Services map[string]struct {
		Image string
		Build *struct {
			Context, Dockerfile string
		}
		Volumes         []string
		Environment     map[string]string
		StopGracePeriod string `yaml:"stop_grace_period"`
		Networks        []string
		ReadOnly        bool     `yaml:"read_only"`
		CapDrop         []string `yaml:"cap_drop"`
	}
	Networks map[string]struct {
		IPAM struct {
			Config []struct{ Subnet string }
		}
	}
}

// TestCompose checks that deploy/compose.yaml fits the repository: the
// bridges build from its Dockerfile, HAProxy mounts its config and names
// every bridge service at the image's port, the bridges trust exactly
// the network HAProxy is on, and a restart waits longer than a drain.
// No image registry is reachable here, so the stack itself is not run;
// TestImage runs the image.
func TestCompose(t *testing.T) {
	deploy := filepath.Join(repoRoot(), "deploy")
	b, err := os.ReadFile(filepath.Join(deploy, "compose.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	edge, ok := c.Networks["edge"]
	if !ok || len(edge.IPAM.Config) != 1 {
		t.Fatalf("compose.yaml: no edge network with one subnet")
	}
	subnet := edge.IPAM.Config[0].Subnet
	h, ok := c.Services["haproxy"]
	if !ok {
		t.Fatal("compose.yaml: no haproxy service")
	}
	for _, v := range h.Volumes {
		src, _, _ := strings.Cut(v, ":")
		if strings.HasPrefix(src, "./haproxy/") {
			if _, err := os.Stat(filepath.Join(deploy, src)); err != nil {
				t.Errorf("haproxy mounts %s: %v", src, err)
			}
		}
	}
	var bridges int
	for name, s := range c.Services {
		if name == "haproxy" {
			continue
		}
		bridges++
		if s.Build == nil || filepath.Clean(filepath.Join(deploy, s.Build.Context)) != repoRoot() || s.Build.Dockerfile != "Dockerfile" {
			t.Errorf("%s: build %+v, want the repository's Dockerfile", name, s.Build)
		}
		if p, err := netip.ParsePrefix(s.Environment["POPPY_TRUSTED_PROXY"]); err != nil || p.String() != subnet {
			t.Errorf("%s: POPPY_TRUSTED_PROXY %q, want the edge network %s", name, s.Environment["POPPY_TRUSTED_PROXY"], subnet)
		}
		if d, err := time.ParseDuration(s.StopGracePeriod); err != nil || d <= 10*time.Second {
			t.Errorf("%s: stop_grace_period %q, want more than the bridge's 10 s drain", name, s.StopGracePeriod)
		}
		if !s.ReadOnly || len(s.CapDrop) != 1 || s.CapDrop[0] != "ALL" {
			t.Errorf("%s: read_only %v, cap_drop %v; want a read-only root and no capabilities", name, s.ReadOnly, s.CapDrop)
		}
		// HAProxy names each bridge at the port the image listens on
		// (the Dockerfile's POPPY_LISTEN).
		found := false
		for k, v := range h.Environment {
			if strings.HasPrefix(k, "POPPY_BRIDGE") && v == name+":8080" {
				found = true
			}
		}
		if !found {
			t.Errorf("haproxy has no POPPY_BRIDGEn=%s:8080", name)
		}
	}
	if bridges < 2 {
		t.Errorf("compose.yaml has %d bridges, want two or more", bridges)
	}
}
