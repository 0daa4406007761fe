package i18n_test

import (
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/i18n"
)

func Example() {
	// The browser prefers Swiss German, then English.
	tag := i18n.Negotiate([]string{"de-CH", "en"})
	l := i18n.For(tag)
	fmt.Println(l.Tag(), l.Dir())
	fmt.Println(l.Size(1234567))
	fmt.Println(l.Date(time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC), i18n.DayMonthYear))
	fmt.Println(i18n.For("ar").Dir())
	// Output:
	// de ltr
	// 1,2 MB
	// 2. März 2026
	// rtl
}
