package oauth

import "context"

// RefreshStore keeps refresh tokens across tab reloads, for the accounts
// whose owner ticked "keep me signed in". An implementation encrypts at
// rest with a key that is not stored beside the ciphertext; in the tab,
// a WebCrypto AES-GCM key created non-extractable, so that a copy of
// the browser's storage alone does not reveal the token. Account is the
// app's account key.
type RefreshStore interface {
	// Save replaces the account's refresh token.
	Save(ctx context.Context, account, refreshToken string) error
	// Load returns it, or "" and no error when there is none.
	Load(ctx context.Context, account string) (string, error)
	// Delete forgets it (sign-out, or ErrSignInAgain).
	Delete(ctx context.Context, account string) error
}
