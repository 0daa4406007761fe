package submission_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/submission"
)

const message = "From: Ann <ann@example.org>\r\n" +
	"To: Bob <bob@example.org>\r\n" +
	"Subject: Lunch?\r\n" +
	"\r\n" +
	"Noon at the usual place?\r\n"

// A whole submission: greeting and EHLO, AUTH PLAIN, the message, QUIT.
// In the app the connection is TLS over the bridge's WebSocket
// (transport.DialSubmission); here it is a pipe to go-smtp's server.
func Example() {
	be := &backend{}
	l, stop := startGoSMTP(be)
	defer stop()

	ctx := context.Background()
	// AllowInsecureAuth only because this pipe is not a network.
	c, err := submission.NewClient(l.dial(), &submission.Options{AllowInsecureAuth: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	if err := c.Auth(ctx, sasl.NewPlainClient("", "ann@example.org", "secret")); err != nil {
		fmt.Println(err)
		return
	}
	env := submission.Envelope{From: "ann@example.org", To: []string{"bob@example.org"}}
	err = c.Send(ctx, env, strings.NewReader(message), int64(len(message)), nil)
	fmt.Println(submission.Outcome(err))
	c.Quit()

	got := be.delivered()[0]
	fmt.Println(got.to, string(got.data) == message)
	// Output:
	// delivered
	// [bob@example.org] true
}

// What an outbox does with the error of Send: the one classification
// that decides between sent, retry, give up and ask the person.
func ExampleOutcome() {
	be := &backend{refuse: map[string]*smtp.SMTPError{
		"cy@example.org": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"},
	}}
	l, stop := startGoSMTP(be)
	defer stop()

	ctx := context.Background()
	c, err := submission.NewClient(l.dial(), &submission.Options{AllowInsecureAuth: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	c.Auth(ctx, sasl.NewPlainClient("", "ann@example.org", "secret"))
	env := submission.Envelope{From: "ann@example.org", To: []string{"bob@example.org", "cy@example.org"}}
	err = c.Send(ctx, env, strings.NewReader(message), int64(len(message)), nil)

	switch submission.Outcome(err) {
	case submission.Delivered:
		fmt.Println("move to Sent")
	case submission.MaybeSent:
		fmt.Println("ask the person: it may have been sent")
	case submission.NotSentRetry:
		fmt.Println("keep queued, try again later")
	case submission.NotSentPermanent:
		fmt.Println("failed:", err)
		var re *submission.RecipientsError
		if errors.As(err, &re) {
			for _, r := range re.Refused {
				fmt.Printf("%s refused: %d %s %s\n", r.Recipient, r.Code, r.EnhancedCode(), r.Text)
			}
		}
	}
	c.Close()
	stop() // waits for the server's session to end
	fmt.Println("delivered to anyone:", len(be.delivered()))
	// Output:
	// failed: submission: nothing was sent because the server refused a recipient: <cy@example.org> 550 5.1.1 No such user
	// cy@example.org refused: 550 5.1.1 No such user
	// delivered to anyone: 0
}
