package submissionserver

import (
	"crypto/subtle"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Mechanisms offered by AUTH (RFC 4954), in order of preference.
const (
	MechPlain = sasl.Plain // RFC 4616
	MechLogin = sasl.Login // draft-murchison-sasl-login; older clients know only it
)

func (ss *session) AuthMechanisms() []string { return []string{MechPlain, MechLogin} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	switch mech {
	case MechPlain:
		return sasl.NewPlainServer(func(identity, user, pass string) error {
			// An authorization identity other than the user's own
			// would be acting for someone else: not offered.
			if identity != "" && identity != user {
				return smtp.ErrAuthFailed
			}
			return ss.login(user, pass)
		}), nil
	case MechLogin:
		return &loginServer{check: ss.login}, nil
	}
	return nil, smtp.ErrAuthUnknownMechanism
}

// login checks a user's password in constant time for the password and
// records the user on success. Unknown users and wrong passwords get the
// same 535 5.7.8.
func (ss *session) login(user, pass string) error {
	ss.s.mu.Lock()
	want, ok := ss.s.users[user]
	ss.s.mu.Unlock()
	match := subtle.ConstantTimeCompare([]byte(pass), []byte(want)) == 1
	if !ok || !match {
		ss.s.opts.Logger.Debug("submissionserver: authentication failed", "user", user)
		return smtp.ErrAuthFailed
	}
	ss.user = user
	ss.s.opts.Logger.Debug("submissionserver: authenticated", "user", user)
	return nil
}

// loginServer is the server side of the LOGIN mechanism, which go-sasl
// only implements as a client: the server asks "Username:" then
// "Password:". A client may send the user name as the initial response.
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

func (l *loginServer) Next(response []byte) (challenge []byte, done bool, err error) {
	switch l.step {
	case 0:
		l.step = 1
		if len(response) == 0 {
			return []byte("Username:"), false, nil
		}
		fallthrough
	case 1:
		l.user = string(response)
		l.step = 2
		return []byte("Password:"), false, nil
	default:
		return nil, true, l.check(l.user, string(response))
	}
}
