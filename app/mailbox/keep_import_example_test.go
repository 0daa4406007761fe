package mailbox_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// ImportMbox keeps mail from another program as copies only on this
// device, and skips what the device has already.
func ExampleMailbox_ImportMbox() {
	const file = "From ann@example.org Mon Mar  3 10:00:00 2025\n" +
		"Message-ID: <1@example.org>\nSubject: Hello\n\nFrom Ann, with love.\n\n" +
		"From ann@example.org Mon Mar  3 10:00:00 2025\n" +
		"Message-ID: <1@example.org>\nSubject: Hello again\n\nThe same ID.\n\n"
	mb := mailbox.New(nil, mailbox.Account{Server: "pop", Username: "ann"}, &mailbox.Options{Store: store.NewMem(nil)})
	rep, err := mb.ImportMbox(context.Background(), strings.NewReader(file), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Imported, rep.Skipped[0].Why, rep.FromLines)
	for _, r := range mb.Messages() {
		fmt.Println(r.Subject, r.LocalOnly)
	}
	// Output:
	// 1 same-message-id 1
	// Hello true
}
