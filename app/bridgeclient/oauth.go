package bridgeclient

import "github.com/poppymail/poppy/bridge/bridgeapi"

// OAuth returns the operator's OAuth 2.0 providers, as the last Load
// read them; none when the bridge names none.
func (b *Book) OAuth() []bridgeapi.OAuthProvider {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.oauth
}
