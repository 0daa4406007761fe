package packtest

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// brotliModule is where Debian's libnginx-mod-http-brotli-static puts
// the module that poppy-app.conf's brotli_static needs.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// nginxMain is the test's nginx.conf: one process, everything in dir, and
// a server block that includes the repository's poppy-app.conf as
// deploy/nginx/poppy.conf does, with a loopback port instead of TLS.
const nginxMain = `daemon off;
master_process off;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
load_module %[2]s;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	server {
		listen 127.0.0.1:%[3]d;
		root %[4]s;
		set $poppy_relay "%[5]s";
		include %[6]s;
	}
}
`

// startNginx serves site on port with deploy/nginx/poppy-app.conf,
// allowing the page to connect to relay (connect-src), and returns its
// URL once it answers.
func startNginx(t *testing.T, site string, port int, relay string) string {
	t.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx" // Debian's, off a non-root PATH
	}
	for _, f := range []string{bin, brotliModule} {
		if _, err := os.Stat(f); err != nil {
			harness.Unavailable(t, fmt.Errorf("nginx with the brotli_static module is not installed (make deps-test): %w", err))
		}
	}
	dir := t.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	text := fmt.Sprintf(nginxMain, dir, brotliModule, port, site, relay, filepath.Join(repoRoot(), "deploy", "nginx", "poppy-app.conf"))
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log"))
	cmd.SysProcAttr = harness.SysProcAttr()
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT) // nginx's graceful stop
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx output:\n%s\n%s", out.String(), log)
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			return url
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			err := waitErr
			if err == nil {
				err = errors.New("exit status 0")
			}
			t.Fatalf("nginx exited (%v):\n%s\n%s", err, out.String(), strings.TrimSpace(string(log)))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer at %s within 30 s: %v", url, err)
		}
	}
}
