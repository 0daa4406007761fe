//go:build unix

package haproxytest

import (
	"bufio"
	"crypto/tls"
	"encoding/csv"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// command sends one line to HAProxy's runtime API and returns its answer
// (the socket closes after it in non-interactive mode).
func (h *HAProxy) command(cmd string) (string, error) {
	c, err := net.DialTimeout("unix", h.socket, 2*time.Second)
	if err != nil {
		return "", fmt.Errorf("haproxytest: runtime API: %w", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(c, cmd+"\n"); err != nil {
		return "", fmt.Errorf("haproxytest: runtime API: %w", err)
	}
	b, err := io.ReadAll(bufio.NewReader(c))
	if err != nil {
		return "", fmt.Errorf("haproxytest: runtime API: %w", err)
	}
	return string(b), nil
}

// Table returns the per-client stick table as the runtime API shows it,
// one line per client address with its counters, for example
// "0x55d0...: key=::ffff:127.0.0.1 use=0 exp=599990 shard=0
// conn_rate(60000)=3 conn_cur=0".
func (h *HAProxy) Table() (string, error) {
	return h.command("show table poppy_edge/per_client")
}

// Server is one backend as HAProxy sees it.
type Server struct {
	Name string // bridge1, bridge2, ...
	// Status is HAProxy's: "UP", "DOWN", "UP 1/2" (going down), "DOWN
	// 1/2" (coming up), "MAINT", ...
	Status string
	// Checked is whether a health check has finished since start, so
	// that Status is what the check found rather than the initial state.
	Checked bool
	// Sessions is how many connections it carries now (scur).
	Sessions int
}

// Up reports whether HAProxy sends new connections to s.
func (s Server) Up() bool { return strings.HasPrefix(s.Status, "UP") }

// Servers returns the backends' states, in the order of Options.Backends.
func (h *HAProxy) Servers() ([]Server, error) {
	out, err := h.command("show stat")
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "# ")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		return nil, fmt.Errorf("haproxytest: show stat: %q: %v", out, err)
	}
	col := map[string]int{}
	for i, name := range rows[0] {
		col[name] = i
	}
	field := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return row[i]
		}
		return ""
	}
	byName := map[string]Server{}
	for _, row := range rows[1:] {
		if field(row, "pxname") != "bridges" {
			continue
		}
		s := Server{Name: field(row, "svname"), Status: field(row, "status")}
		// "INI" until the first check has run, "L7OK" or an error after.
		st := field(row, "check_status")
		s.Checked = st != "" && !strings.HasPrefix(st, "INI")
		fmt.Sscan(field(row, "scur"), &s.Sessions)
		byName[s.Name] = s
	}
	var list []Server
	for _, name := range h.servers {
		s, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("haproxytest: show stat has no server %s: %q", name, out)
		}
		list = append(list, s)
	}
	return list, nil
}

// WaitServer waits until backend i (0-based, as in Options.Backends) is
// up or down as asked, after a check has run; it fails t after the ready
// timeout. A test restarting a bridge waits on this instead of sleeping
// past HAProxy's check interval.
func (h *HAProxy) WaitServer(i int, up bool) {
	h.t.Helper()
	if err := h.waitFor(func(ss []Server) bool {
		return ss[i].Checked && ss[i].Up() == up && !strings.Contains(ss[i].Status, "/")
	}); err != nil {
		h.t.Fatalf("haproxytest: %s never became %s: %v", h.servers[i], map[bool]string{true: "UP", false: "DOWN"}[up], err)
	}
}

// waitFor polls the backends' states until ok holds.
func (h *HAProxy) waitFor(ok func([]Server) bool) error {
	deadline := time.Now().Add(readyTimeout)
	var last string
	for {
		if gone, err := h.proc.Exited(); gone {
			return fmt.Errorf("%w: %v", ErrExited, err)
		}
		ss, err := h.Servers()
		if err == nil && ok(ss) {
			return nil
		}
		last = fmt.Sprint(ss, err)
		if time.Now().After(deadline) {
			return fmt.Errorf("haproxytest: after %v: %s", readyTimeout, last)
		}
		time.Sleep(20 * time.Millisecond) // polls the condition above
	}
}

// waitReady returns once the frontend completes a TLS handshake with the
// test certificate and every backend has been checked at least once, so
// that the first request a test sends goes where the checks say.
func (h *HAProxy) waitReady() error {
	deadline := time.Now().Add(readyTimeout)
	for {
		if gone, err := h.proc.Exited(); gone {
			return fmt.Errorf("%w: %v", ErrExited, err)
		}
		c, err := tls.DialWithDialer(&net.Dialer{Timeout: 2 * time.Second}, "tcp", h.Addr, h.TLSConfig())
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("haproxytest: frontend %s not ready after %v: %w", h.Addr, readyTimeout, err)
		}
		time.Sleep(20 * time.Millisecond) // polls the condition above
	}
	return h.waitFor(func(ss []Server) bool {
		for _, s := range ss {
			if !s.Checked || strings.Contains(s.Status, "/") {
				return false
			}
		}
		return true
	})
}
