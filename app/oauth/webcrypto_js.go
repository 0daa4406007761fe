//go:build js && wasm

package oauth

import (
	"context"
	"encoding/base64"
	"fmt"
	"syscall/js"
)

// WebCryptoStore is the tab's RefreshStore. The refresh tokens are
// encrypted with AES-GCM under a key that WebCrypto made
// non-extractable: script can use it but never read its bytes. The key
// lives in an IndexedDB database of its own (a CryptoKey survives
// structured cloning with that flag), the ciphertexts in localStorage:
// not beside the key, so a copy of one store alone reveals nothing.
type WebCryptoStore struct {
	key js.Value // the CryptoKey
}

const (
	keyDB       = "poppy-oauth-key"
	keyStore    = "keys"
	keyID       = "refresh-tokens"
	tokenPrefix = "poppy-oauth-refresh:"
)

// WebCryptoAvailable returns ErrNoWebCrypto where this page has no
// WebCrypto or no IndexedDB (an insecure origin, a browser that refuses
// storage), so that the UI can say so before the person asks to stay
// signed in; nil where OpenWebCryptoStore may work.
func WebCryptoAvailable() error {
	if js.Global().Get("crypto").Get("subtle").IsUndefined() || js.Global().Get("indexedDB").IsUndefined() ||
		js.Global().Get("localStorage").IsUndefined() {
		return ErrNoWebCrypto
	}
	return nil
}

// Saved reports whether a refresh token is kept for account, without
// opening the store or decrypting it: for a page that renders before
// the store opens (the sign-in it will resume is not "ended").
func Saved(account string) bool {
	ls := js.Global().Get("localStorage")
	return !ls.IsUndefined() && !ls.Call("getItem", tokenPrefix+account).IsNull()
}

// OpenWebCryptoStore opens the store, creating its key on first use.
// Call it from a goroutine, never from an event handler: it waits on
// the browser's promises.
func OpenWebCryptoStore(ctx context.Context) (*WebCryptoStore, error) {
	if err := WebCryptoAvailable(); err != nil {
		return nil, err
	}
	subtle := js.Global().Get("crypto").Get("subtle")
	idb := js.Global().Get("indexedDB")
	db, err := awaitRequest(ctx, idb.Call("open", keyDB, 1), func(req js.Value) {
		req.Set("onupgradeneeded", js.FuncOf(func(js.Value, []js.Value) any {
			req.Get("result").Call("createObjectStore", keyStore)
			return nil
		}))
	})
	if err != nil {
		return nil, err
	}
	defer db.Call("close")
	key, err := awaitRequest(ctx, db.Call("transaction", keyStore, "readonly").Call("objectStore", keyStore).Call("get", keyID), nil)
	if err != nil {
		return nil, err
	}
	if key.IsUndefined() {
		alg := map[string]any{"name": "AES-GCM", "length": 256}
		// false: non-extractable.
		if key, err = await(ctx, subtle.Call("generateKey", alg, false, []any{"encrypt", "decrypt"})); err != nil {
			return nil, err
		}
		st := db.Call("transaction", keyStore, "readwrite").Call("objectStore", keyStore)
		if _, err := awaitRequest(ctx, st.Call("put", key, keyID), nil); err != nil {
			return nil, err
		}
	}
	return &WebCryptoStore{key: key}, nil
}

var _ RefreshStore = (*WebCryptoStore)(nil)

// Save implements RefreshStore.
func (s *WebCryptoStore) Save(ctx context.Context, account, refreshToken string) error {
	iv := js.Global().Get("Uint8Array").New(12)
	js.Global().Get("crypto").Call("getRandomValues", iv)
	plain := js.Global().Get("TextEncoder").New().Call("encode", refreshToken)
	ct, err := await(ctx, js.Global().Get("crypto").Get("subtle").Call("encrypt",
		map[string]any{"name": "AES-GCM", "iv": iv}, s.key, plain))
	if err != nil {
		return err
	}
	b := make([]byte, 12+ct.Get("byteLength").Int())
	js.CopyBytesToGo(b[:12], iv)
	js.CopyBytesToGo(b[12:], js.Global().Get("Uint8Array").New(ct))
	js.Global().Get("localStorage").Call("setItem", tokenPrefix+account, base64.StdEncoding.EncodeToString(b))
	return nil
}

// Load implements RefreshStore. A token that does not decrypt (the key
// was cleared, or the text altered) is forgotten and reported as none.
func (s *WebCryptoStore) Load(ctx context.Context, account string) (string, error) {
	v := js.Global().Get("localStorage").Call("getItem", tokenPrefix+account)
	if v.IsNull() {
		return "", nil
	}
	b, err := base64.StdEncoding.DecodeString(v.String())
	if err != nil || len(b) < 12+16 {
		return "", s.Delete(ctx, account)
	}
	iv := js.Global().Get("Uint8Array").New(12)
	js.CopyBytesToJS(iv, b[:12])
	ct := js.Global().Get("Uint8Array").New(len(b) - 12)
	js.CopyBytesToJS(ct, b[12:])
	plain, err := await(ctx, js.Global().Get("crypto").Get("subtle").Call("decrypt",
		map[string]any{"name": "AES-GCM", "iv": iv}, s.key, ct))
	if err != nil {
		return "", s.Delete(ctx, account)
	}
	return js.Global().Get("TextDecoder").New().Call("decode", plain).String(), nil
}

// Delete implements RefreshStore.
func (s *WebCryptoStore) Delete(ctx context.Context, account string) error {
	js.Global().Get("localStorage").Call("removeItem", tokenPrefix+account)
	return nil
}

// await waits for a promise.
func await(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: fmt.Errorf("oauth: WebCrypto: %s", args[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	select {
	case r := <-ch:
		return r.v, r.err
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}

// awaitRequest waits for an IndexedDB request; setup may add handlers
// (onupgradeneeded) before it runs.
func awaitRequest(ctx context.Context, req js.Value, setup func(js.Value)) (js.Value, error) {
	ch := make(chan error, 1)
	ok := js.FuncOf(func(js.Value, []js.Value) any { ch <- nil; return nil })
	fail := js.FuncOf(func(js.Value, []js.Value) any {
		ch <- fmt.Errorf("oauth: IndexedDB: %s", req.Get("error").Call("toString").String())
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	if setup != nil {
		setup(req)
	}
	req.Set("onsuccess", ok)
	req.Set("onerror", fail)
	select {
	case err := <-ch:
		if err != nil {
			return js.Undefined(), err
		}
		return req.Get("result"), nil
	case <-ctx.Done():
		return js.Undefined(), ctx.Err()
	}
}
