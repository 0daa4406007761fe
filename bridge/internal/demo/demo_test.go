package demo_test

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/poppymail/poppy/bridge/internal/demo"
	"github.com/poppymail/poppy/pop3"
)

func demoDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "..", "testdata", "demo")
}

func TestDemoMailbox(t *testing.T) {
	m, err := demo.Start(demoDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if m.Count() < 10 {
		t.Errorf("%d demo messages, want a dozen", m.Count())
	}
	tg := m.Target()
	if tg.Name != "demo" || tg.Host != "127.0.0.1" || tg.Security != "plain" {
		t.Errorf("target = %+v", tg)
	}
	ctx := context.Background()
	c, err := pop3.Dial(ctx, m.Addr(), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	l := m.Login()
	if err := c.Login(ctx, l.Username, l.Password); err != nil {
		t.Fatal(err)
	}
	n, size, err := c.Stat(ctx)
	if err != nil || n != m.Count() || size < 300<<10 {
		t.Errorf("STAT = %d %d %v", n, size, err)
	}
	c.Quit(ctx)
}

func TestDemoMissingDir(t *testing.T) {
	if _, err := demo.Start(t.TempDir(), nil); err == nil {
		t.Error("empty folder accepted")
	}
}
