//go:build !js

package pop3

import (
	"context"
	"testing"

	"github.com/poppymail/poppy/internal/dovecottest"
)

func TestInteropProbe(t *testing.T) {
	for _, extra := range []string{"auth_mechanisms = anonymous\nauth_anonymous_username = alice", "auth_mechanisms = external"} {
		s := dovecottest.Start(t, &dovecottest.Config{Extra: extra})
		ctx := context.Background()
		c, err := Dial(ctx, s.Addr, &Options{AllowInsecureAuth: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("greeting %q", c.Greeting())
		caps, err := c.Capabilities(ctx)
		t.Logf("pre %q %v", caps.Raw, err)
		err = c.Login(ctx, s.User, s.Password)
		t.Logf("login %v", err)
		caps, err = c.Capabilities(ctx)
		t.Logf("post %q %v", caps.Raw, err)
		c.Quit(ctx)
		t.Log(s.LogText())
	}
}
