package maildir_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/poppymail/poppy/app/archive/maildir"
)

func Example() {
	dir, err := os.MkdirTemp("", "maildir-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	fsys := maildir.OSFS{Dir: dir}
	ctx := context.Background()

	msg := "From: ann@example.org\r\nSubject: Lunch\r\n\r\nNoon?\r\n"
	if _, err := maildir.Deliver(ctx, fsys, strings.NewReader(msg), &maildir.DeliverOptions{Seen: true}); err != nil {
		log.Fatal(err) // a full disk is an *maildir.Error wrapping ENOSPC
	}

	msgs, skipped, err := maildir.List(ctx, fsys)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range msgs {
		fmt.Printf("%s: %d bytes, seen %v\n", m.Folder, m.Size, m.Has('S'))
	}
	fmt.Println("skipped:", len(skipped))
	// Output:
	// cur: 48 bytes, seen true
	// skipped: 0
}
