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
// deleted token is gone. Saved says so without opening the store.
func TestWebCryptoStore(t *testing.T) {
	ctx := context.Background()
	if err := WebCryptoAvailable(); err != nil {
		t.Fatalf("WebCryptoAvailable in Chromium: %v", err)
	}
	s, err := OpenWebCryptoStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const tok = "refresh-token-secret-123"
	if err := s.Save(ctx, "acct", tok); err != nil {
		t.Fatal(err)
	}
	if !Saved("acct") || Saved("another") {
		t.Errorf("Saved: acct %v, another %v; want true, false", Saved("acct"), Saved("another"))
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
	if got, err := again.Load(ctx, "acct"); err != nil || got != "" || Saved("acct") {
		t.Errorf("after Delete: %q, %v, Saved %v", got, err, Saved("acct"))
	}
}
