//go:build unix

// Package nginxtest starts a real nginx (Debian's, with the brotli_static
// module) on loopback with the repository's deploy/nginx/poppy-app.conf,
// serving the web app that `bridge export` wrote: the app served apart
// from the bridges, for deploy/packtest and the browser tests.
package nginxtest

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// BrotliModule is where Debian's libnginx-mod-http-brotli-static puts
// the module that poppy-app.conf's brotli_static needs.
const BrotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// Options configure Start.
type Options struct {
	// Site is the folder `bridge export` wrote. Required.
	Site string
	// Port is the loopback port to listen on. Required: the bridges list
	// the page's origin (-origin) before nginx starts.
	Port int
	// Relay is $poppy_relay, the bridges' origins the page may connect
	// to ("http://127.0.0.1:P ws://127.0.0.1:P"); empty for a page that
	// uses the bridge at its own origin.
	Relay string
}

// Nginx is a running nginx.
type Nginx struct {
	url string
}

// URL is the page's address, http://127.0.0.1:PORT/.
func (n *Nginx) URL() string { return n.url }

// mainConf is the test's nginx.conf: one process, everything in dir, and
// a server block that includes poppy-app.conf as deploy/nginx/poppy.conf
// does, with a loopback port instead of TLS.
const mainConf = `daemon off;
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

// Start runs nginx until tb ends and returns once it answers. Without
// nginx or its brotli module it skips tb, or fails it under CI
// (harness.Unavailable).
func Start(tb testing.TB, opts *Options) *Nginx {
	tb.Helper()
	bin, err := exec.LookPath("nginx")
	if err != nil {
		bin = "/usr/sbin/nginx" // Debian's, off a non-root PATH
	}
	for _, f := range []string{bin, BrotliModule} {
		if _, err := os.Stat(f); err != nil {
			harness.Unavailable(tb, fmt.Errorf("nginxtest: nginx with the brotli_static module is not installed (make deps-test): %w", err))
		}
	}
	dir := tb.TempDir()
	conf := filepath.Join(dir, "nginx.conf")
	text := fmt.Sprintf(mainConf, dir, BrotliModule, opts.Port, opts.Site, opts.Relay, AppConf())
	if err := os.WriteFile(conf, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
	errLog := filepath.Join(dir, "error.log")
	cmd := exec.Command(bin, "-p", dir, "-c", conf, "-e", errLog)
	cmd.SysProcAttr = harness.SysProcAttr()
	var out harness.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	logs := func() string {
		b, _ := os.ReadFile(errLog)
		return strings.TrimSpace(out.String() + "\n" + string(b))
	}
	tb.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGQUIT) // nginx's graceful stop
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if tb.Failed() {
			tb.Logf("nginx output:\n%s", logs())
		}
	})
	n := &Nginx{url: fmt.Sprintf("http://127.0.0.1:%d/", opts.Port)}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(n.url)
		if err == nil {
			resp.Body.Close()
			return n
		}
		select {
		case <-exited:
			err := waitErr
			if err == nil {
				err = errors.New("exit status 0")
			}
			tb.Fatalf("nginxtest: nginx exited (%v):\n%s", err, logs())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			tb.Fatalf("nginxtest: nginx did not answer at %s within 30 s: %v", n.url, err)
		}
	}
}

// AppConf is the path of the repository's deploy/nginx/poppy-app.conf.
func AppConf() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "deploy", "nginx", "poppy-app.conf")
}
