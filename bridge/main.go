package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr, nil))
}

// dispatch runs a subcommand and returns the exit status. ready, when not
// nil, is told the URL once the server listens (for tests).
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(url string)) int {
	if len(args) > 0 {
		switch args[0] {
		case "probe":
			return runProbe(ctx, args[1:], stdout, stderr)
		case "export":
			return runExport(args[1:], stdout, stderr)
		case "healthcheck":
			return runHealthcheck(ctx, args[1:], os.LookupEnv, stderr)
		}
	}
	cfg, err := parseServeFlags(args, os.LookupEnv, stderr)
	if err != nil {
		if err == errHelp {
			return 0
		}
		fmt.Fprintln(stderr, "bridge:", err)
		return 2
	}
	if err := serve(ctx, cfg, stdout, stderr, ready); err != nil {
		fmt.Fprintln(stderr, "bridge:", err)
		return 1
	}
	return 0
}
