package oauth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"testing"
	"time"
)

func jwt(payload string) string {
	return "e30." + base64.RawURLEncoding.EncodeToString([]byte(payload)) + ".c2ln"
}

func TestCheckIDToken(t *testing.T) {
	c := NewWithMetadata(&Config{Issuer: "https://id.example", ClientID: "poppy", RedirectURI: "https://poppy.example/"},
		&Metadata{Issuer: "https://id.example", AuthorizationEndpoint: "https://id.example/a", TokenEndpoint: "https://id.example/t"})
	exp := time.Now().Add(time.Hour).Unix()
	claims := func(iss, aud, nonce string, exp int64) string {
		return jwt(fmt.Sprintf(`{"iss":%q,"aud":%s,"nonce":%q,"exp":%d,"sub":"s1","email":"a@example.org"}`, iss, aud, nonce, exp))
	}
	for _, tc := range []struct {
		name, raw string
		ok        bool
	}{
		{"good", claims("https://id.example", `"poppy"`, "n1", exp), true},
		{"audience array", claims("https://id.example", `["x","poppy"]`, "n1", exp), true},
		{"other issuer", claims("https://evil.example", `"poppy"`, "n1", exp), false},
		{"other audience", claims("https://id.example", `"other"`, "n1", exp), false},
		{"replayed nonce", claims("https://id.example", `"poppy"`, "n0", exp), false},
		{"expired", claims("https://id.example", `"poppy"`, "n1", time.Now().Add(-time.Hour).Unix()), false},
		{"not a JWT", "abc", false},
		{"Microsoft work account", jwt(fmt.Sprintf(`{"iss":"https://id.example","aud":"poppy","nonce":"n1","exp":%d,"preferred_username":"a@example.org"}`, exp)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl, err := c.checkIDToken(tc.raw, "n1")
			if tc.ok != (err == nil) {
				t.Fatalf("checkIDToken = %+v, %v; want ok=%v", cl, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrIDToken) {
				t.Errorf("%v does not match ErrIDToken", err)
			}
			if err == nil && cl.address() != "a@example.org" {
				t.Errorf("address = %q", cl.address())
			}
		})
	}
}
