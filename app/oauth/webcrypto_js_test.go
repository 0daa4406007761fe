//go:build js && wasm

package oauth

import (
	"context"
	"syscall/js"
	"testing"
)

// TestWebCryptoStore, in headless Chromium: a token saved comes back
// from a store opened anew (the key survived in IndexedDB), what
// localStorage holds is not the token, the key cannot be exported, and a
// deleted token is gone.
func TestWebCryptoStore(t *testing.T) {
	ctx := context.Background()
	s, err := OpenWebCryptoStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const tok = "refresh-token-secret-123"
	if err := s.Save(ctx, "acct", tok); err != nil {
		t.Fatal(err)
	}
	stored := js.Global().Get("localStorage").Call("getItem", tokenPrefix+"acct").String()
	if stored == "" || stored == tok {
		t.Fatalf("localStorage holds %q", stored)
	}
	if s.key.Get("extractable").Bool() {
		t.Error("the key is extractable")
	}
	again, err := OpenWebCryptoStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Load(ctx, "acct"); err != nil || got != tok {
		t.Fatalf("Load = %q, %v; want the saved token", got, err)
	}
	if err := again.Delete(ctx, "acct"); err != nil {
		t.Fatal(err)
	}
	if got, err := again.Load(ctx, "acct"); err != nil || got != "" {
		t.Errorf("after Delete: %q, %v", got, err)
	}
}
