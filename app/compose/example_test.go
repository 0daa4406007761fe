package compose_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/compose"
)

func ExampleBuild() {
	to, err := compose.ParseAddressList(`Bob <bob@example.net>, "Smith, J" <j@example.com>,`)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := compose.NewDraft(compose.Identity{Name: "Ann", Address: "ann@example.org", Signature: "Ann"})
	d.To = to
	d.Bcc = []compose.Address{{Address: "archive@example.org"}}
	d.Subject = "Grüße"
	d.Body = "See you at noon." + d.Body
	opts := &compose.BuildOptions{
		Now:  func() time.Time { return time.Date(2026, 12, 6, 10, 30, 0, 0, time.UTC) },
		Rand: bytes.NewReader(make([]byte, 16)), // fixed for the example only
	}
	msg, env, err := compose.Build(d, opts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("MAIL FROM", env.From, "RCPT TO", env.To)
	// CRLF shown as LF, and the trailing space of the signature
	// separator "-- " as ␠.
	fmt.Print(strings.ReplaceAll(strings.ReplaceAll(string(msg), "\r\n", "\n"), " \n", "␠\n"))
	// Output:
	// MAIL FROM ann@example.org RCPT TO [bob@example.net j@example.com archive@example.org]
	// Content-Type: text/plain; charset=utf-8; format=flowed
	// Content-Transfer-Encoding: 7bit
	// Date: Sun, 06 Dec 2026 10:30:00 +0000
	// From: "Ann" <ann@example.org>
	// To: "Bob" <bob@example.net>, "Smith, J" <j@example.com>
	// Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=
	// Message-Id: <mxbp9qo0.00000000000000000000000000000000@example.org>
	// Mime-Version: 1.0
	//
	// See you at noon.
	//
	// --␠
	// Ann
}

func ExampleReply() {
	orig := []byte("From: Bob <bob@example.net>\r\n" +
		"To: Ann <ann@example.org>, carol@example.com\r\n" +
		"Date: Fri, 4 Dec 2026 09:15:00 -0500\r\n" +
		"Subject: Lunch?\r\n" +
		"Message-ID: <lunch@example.net>\r\n" +
		"\r\n" +
		"Noon at the usual place?\r\n")
	me := []compose.Identity{{Name: "Ann", Address: "ann@example.org"}}
	d, err := compose.Reply(orig, me, true, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("From:", d.From.Address)
	fmt.Println("To:", d.To[0].Address, d.To[1].Address)
	fmt.Println("Subject:", d.Subject)
	fmt.Println("In-Reply-To:", d.InReplyTo)
	fmt.Print(d.Body)
	// Output:
	// From: ann@example.org
	// To: bob@example.net carol@example.com
	// Subject: Re: Lunch?
	// In-Reply-To: lunch@example.net
	// On Fri, 4 Dec 2026 09:15 -0500, Bob wrote:
	// > Noon at the usual place?
}

func ExampleParseAddressList() {
	list, err := compose.ParseAddressList("Ann <ann@example.org>; bob@bücher.de,")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range list {
		fmt.Println(a.String(), compose.NeedsSMTPUTF8(a.Address))
	}
	_, err = compose.ParseAddressList("ann@example.org, bob")
	fmt.Println(err)
	// Output:
	// "Ann" <ann@example.org> false
	// <bob@bücher.de> true
	// compose: "bob" is not an email address: it has no @; an address looks like name@example.org
}
