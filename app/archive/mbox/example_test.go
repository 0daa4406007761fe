package mbox_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/archive/mbox"
)

func Example() {
	var file bytes.Buffer
	w := mbox.NewWriter(&file)
	date := time.Date(2025, 12, 5, 9, 10, 11, 0, time.UTC)
	_ = w.WriteMessage("ann@example.com", date, strings.NewReader("Subject: hi\r\n\r\nFrom Paris, with love.\r\n"))
	_ = w.WriteMessage("", date, strings.NewReader("Subject: too big\r\n\r\n"+strings.Repeat("x", 100)+"\r\n"))
	file.WriteString("From bob@example.com Fri Dec  5 09:10:11 2025\nSubject: cut off\n\nThe end is mis")
	fmt.Print(file.String()[:83], "...\n")

	r := mbox.NewReader(&file, &mbox.ReaderOptions{MaxMessageSize: 100})
	for {
		m, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		body, err := io.ReadAll(m)
		if errors.Is(err, mbox.ErrTooLarge) {
			continue // skipped; the report says so
		}
		fmt.Printf("%s %q key %s warning %v\n", m.From, body, mbox.Key(body)[:15], m.Warning() != nil)
	}
	fmt.Println(r.Report())
	// Output:
	// From ann@example.com Fri Dec  5 09:10:11 2025
	// Subject: hi
	//
	// >From Paris, with love.
	// ...
	// ann@example.com "Subject: hi\n\nFrom Paris, with love.\n" key sha256:507f3f1c warning false
	// bob@example.com "Subject: cut off\n\nThe end is mis" key sha256:a88a8257 warning true
	// 2 messages read, 1 skipped: mbox: message larger than the size limit (message 2 from MAILER-DAEMON, 164 bytes at byte 84); warning: mbox: the file ends in the middle of a message, which may be incomplete (message 3 from bob@example.com, 78 bytes at byte 248)
}
