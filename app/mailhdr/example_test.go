package mailhdr_test

import (
	"fmt"

	"github.com/poppymail/poppy/app/mailhdr"
)

// Reading what the inbox list and the reader show of a message. The
// right-to-left override inside the address is dropped; the one in the
// display name stays, for the UI to isolate.
func Example() {
	raw := []byte("From: \"PayPal \u202e\" <\u202emoc.lapyap@evil.example>\r\n" +
		"Subject: =?utf-8?q?Caf=C3=A9?= photos\r\n" +
		"Date: Tue, 7 May 2024 09:30:00 +0000\r\n\r\nbody\r\n")
	h, body, _ := mailhdr.Read(raw)
	f := (&mailhdr.Decoder{}).Fields(h)
	fmt.Printf("%+q %q\n", f.From[0].Name, f.From[0].Address)
	fmt.Println(f.Subject, f.Date.Format("2006-01-02"), len(f.Problems))
	fmt.Printf("%q\n", body)
	// Output:
	// "PayPal \u202e" "moc.lapyap@evil.example"
	// Café photos 2024-05-07 0
	// "body\r\n"
}
