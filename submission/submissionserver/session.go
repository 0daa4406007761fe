package submissionserver

import (
	"errors"
	"io"

	"github.com/emersion/go-smtp"
)

// session is one SMTP connection's state, as go-smtp drives it. go-smtp
// calls its methods from the connection's goroutine only.
type session struct {
	s    *Server
	conn *smtp.Conn
	user string // authenticated user; "" before AUTH
	from string
	to   []string
}

var (
	// RFC 4954 §6: mail before AUTH on a submission server.
	errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	// An error of a callback that is not a *Refusal: its text stays in
	// the server's log.
	errTemporary = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Temporary failure, try again later"}
)

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	s.opts.Logger.Debug("submissionserver: connection", "remote", c.Conn().RemoteAddr().String())
	return &session{s: s, conn: c}, nil
}

func (ss *session) Reset() {
	ss.from = ""
	ss.to = nil
}

func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.user == "" {
		return errAuthRequired
	}
	ss.from = from
	ss.to = nil
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.user == "" {
		return errAuthRequired
	}
	if f := ss.s.opts.Recipient; f != nil {
		if err := f(ss.user, ss.from, to); err != nil {
			return ss.reply("recipient refused", err)
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	if ss.user == "" {
		return errAuthRequired
	}
	// go-smtp's reader stops at MaxMessageBytes with a 552 5.3.4.
	data, err := io.ReadAll(r)
	if err != nil {
		var se *smtp.SMTPError
		if errors.As(err, &se) {
			return se
		}
		return ss.reply("reading message", err)
	}
	to := append([]string(nil), ss.to...)
	if f := ss.s.opts.Deliver; f != nil {
		if err := f(ss.from, to, data); err != nil {
			return ss.reply("message refused", err)
		}
	} else {
		ss.s.mu.Lock()
		ss.s.msgs = append(ss.s.msgs, Message{User: ss.user, From: ss.from, To: to, Data: data})
		ss.s.mu.Unlock()
	}
	ss.s.opts.Logger.Debug("submissionserver: accepted", "user", ss.user, "recipients", len(to), "size", len(data))
	return nil
}

// reply turns a callback's error into the SMTP reply go-smtp writes: a
// *Refusal as given, anything else as errTemporary, logged.
func (ss *session) reply(what string, err error) error {
	if errors.Is(err, ErrHangUp) {
		// The socket, not the smtp.Conn, whose Close would end the
		// session under go-smtp's feet; go-smtp's reply then fails to
		// write and its read loop ends.
		ss.conn.Conn().Close()
		ss.s.opts.Logger.Debug("submissionserver: hung up", "user", ss.user, "at", what)
		return errTemporary
	}
	var r *Refusal
	if errors.As(err, &r) {
		return &smtp.SMTPError{Code: r.Code, EnhancedCode: smtp.EnhancedCode(r.Enhanced), Message: r.Text}
	}
	ss.s.opts.Logger.Debug("submissionserver: "+what, "user", ss.user, "err", err)
	return errTemporary
}
