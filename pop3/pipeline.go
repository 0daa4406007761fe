package pop3

// request is one command of a batch.
type request struct {
	verb  string // for errors: never carries arguments
	line  string // the command line without CRLF
	multi bool   // +OK is followed by a dot-terminated body
	// listing bodies are held in memory and limited by MaxListingSize;
	// message bodies stream and are limited by MaxMessageSize.
	listing bool
	// handle sees every reply: st.ok is false for -ERR. For a multi-line
	// +OK reply, body streams the body; whatever handle leaves unread is
	// drained. A non-nil return stops the batch (see pipeline).
	handle func(st status, body *bodyReader) error
}

// pipeline sends reqs and hands each reply to its handler, in order.
//
// With PIPELINING (RFC 2449 §6.6) commands go out while the bytes of
// unanswered commands stay within Options.PipelineWindow; the window keeps
// the server's receive buffer from filling, so it never stops reading
// commands while we wait for its replies, and neither side blocks. Without
// it, each command waits for the previous reply. One goroutine does both,
// because replies are read in between writes.
//
// When a handler returns an error, no further command is sent, the
// replies to those already sent are read and discarded (the session stays
// in step), and that error is returned. I/O, protocol and limit errors end
// the session.
func (c *Client) pipeline(reqs []request) error {
	sent, recv, outstanding := 0, 0, 0
	var stop error
	for recv < len(reqs) {
		// Asked before every refill: a batch that opens with the CAPA
		// after login (see batch) follows what that CAPA says as soon as
		// its reply is in.
		window := 0
		if c.canPipeline() {
			window = c.opts.PipelineWindow
		}
		wrote := false
		// Refill only once half the window has been answered, so that
		// commands go out in a few large writes (each one a WebSocket
		// message in the browser) rather than one per reply.
		refill := sent == recv || outstanding <= window/2
		for refill && sent < len(reqs) && stop == nil && (sent == recv || outstanding+len(reqs[sent].line)+2 <= window) {
			if err := checkArg(reqs[sent].verb, reqs[sent].line); err != nil {
				stop = err
				break
			}
			if err := c.writeCmd(reqs[sent].line); err != nil {
				err = ioFailure(reqs[sent].verb, err)
				c.fail(err)
				return err
			}
			outstanding += len(reqs[sent].line) + 2
			sent++
			wrote = true
		}
		if wrote {
			if err := c.bw.Flush(); err != nil {
				err = ioFailure(reqs[recv].verb, err)
				c.fail(err)
				return err
			}
		}
		if recv == sent {
			break // stopped before sending more
		}
		r := reqs[recv]
		if err := c.reply(r, stop == nil); err != nil {
			if h, ok := err.(handlerErr); ok {
				err = h.error
			} else if fatal(err) {
				c.fail(err)
				return err
			}
			if stop == nil {
				stop = err
			}
		}
		outstanding -= len(r.line) + 2
		recv++
	}
	return stop
}

// handlerErr marks an error that a handler returned while the session
// stayed in step, so pipeline does not end the session for it.
type handlerErr struct{ error }

func (e handlerErr) Unwrap() error { return e.error }

// reply reads one reply and, if call is set, hands it to the handler.
func (c *Client) reply(r request, call bool) error {
	st, err := c.readStatus(r.verb)
	if err != nil {
		return err
	}
	if st.cont {
		return protocolErr(r.verb, "unexpected SASL continuation", []byte("+ "+st.text))
	}
	var body *bodyReader
	if st.ok && r.multi {
		body = c.newBody(r)
	}
	var herr error
	if call && r.handle != nil {
		herr = r.handle(st, body)
	} else if call && !st.ok {
		herr = replyErr(r.verb, st)
	}
	if body != nil {
		if err := body.drain(); err != nil {
			return err // the stream is out of step: fatal
		}
	}
	if herr != nil && fatal(herr) {
		// The body was drained, so the session is still in step even
		// though the handler failed (say, on a malformed listing line).
		return handlerErr{herr}
	}
	return herr
}

func (c *Client) newBody(r request) *bodyReader {
	if r.listing {
		return newBodyReader(c.br, r.verb, statusLineMax, c.opts.MaxListingSize, limitListing)
	}
	return newBodyReader(c.br, r.verb, c.opts.MaxLineLength, c.opts.MaxMessageSize, limitMessage)
}

// canPipeline reports whether commands may go out before the replies to
// earlier ones: the server announced PIPELINING (RFC 2449 §6.6) and
// Options.DisablePipelining is not set. After login, until CAPA is read
// again, what the server announced before login counts.
func (c *Client) canPipeline() bool {
	if c.opts.DisablePipelining {
		return false
	}
	if c.caps == nil {
		return c.pipelinedBeforeLogin
	}
	return c.caps.Pipelining
}
