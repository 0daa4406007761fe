package store

import "github.com/poppymail/poppy/bridge/bridgeapi"

// CustomServer is where an account on a user-entered server lives: what
// the person confirmed on the sign-in form, found by an address lookup
// or typed. It is kept with the account so that a reconnect, days later,
// needs neither the lookup nor the form again.
type CustomServer struct {
	POP3 bridgeapi.Endpoint `json:"pop3"`
	// Submission is the server that sends the account's mail, when the
	// lookup found one; nil when the account cannot send.
	Submission *bridgeapi.Endpoint `json:"submission,omitempty"`
}
