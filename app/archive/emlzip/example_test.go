package emlzip_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/archive/emlzip"
)

func ExampleWriter() {
	var buf bytes.Buffer
	w := emlzip.NewWriter(&buf)
	date := time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)
	_ = w.Add("Lunch?", date, []byte("Subject: Lunch?\r\n\r\nAt noon.\r\n"))
	_ = w.Close()
	zr, _ := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	for _, f := range zr.File {
		fmt.Println(f.Name, f.UncompressedSize64)
	}
	// Output: 00001 2025-03-03 Lunch_.eml 29
}
