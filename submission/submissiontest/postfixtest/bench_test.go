//go:build unix

package postfixtest

import (
	"testing"
	"time"
)

// BenchmarkStartClose measures what a test pays for its own Postfix:
// ns/op is a whole Start (Dovecot included) and Close; postfix-start-ms
// is the master's start until both listeners greet, postfix-stop-ms its
// stop until no process is left.
//
//	go test -run '^$' -bench StartClose -benchtime 5x ./submission/submissiontest/postfixtest
func BenchmarkStartClose(b *testing.B) {
	var start, stop time.Duration
	for i := 0; i < b.N; i++ {
		s := Start(b, nil)
		s.Close()
		start += s.took.start
		stop += s.took.stop
	}
	b.ReportMetric(float64(start.Milliseconds())/float64(b.N), "postfix-start-ms")
	b.ReportMetric(float64(stop.Milliseconds())/float64(b.N), "postfix-stop-ms")
}
