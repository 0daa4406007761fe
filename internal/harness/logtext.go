package harness

import (
	"os"
	"strings"
)

// LogText returns a server's log file, then, under a heading naming who
// printed it, what the server wrote to stdout and stderr before its own
// logging ran (a configuration error, a failed bind). Missing files
// count as empty.
func LogText(logPath, outPath, who string) string {
	var b strings.Builder
	if log, err := os.ReadFile(logPath); err == nil {
		b.Write(log)
	}
	if out, err := os.ReadFile(outPath); err == nil && len(out) > 0 {
		b.WriteString("--- " + who + " stdout/stderr ---\n")
		b.Write(out)
	}
	return b.String()
}
