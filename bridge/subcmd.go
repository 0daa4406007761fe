package main

import (
	"flag"
	"fmt"
	"io"
)

// newSubcommand is the flag set of `bridge NAME`, whose usage prints
// synopsis and about above its flags.
func newSubcommand(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("bridge "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: bridge %s %s\n\n%s\n\n", name, synopsis, about)
		fs.PrintDefaults()
	}
	return fs
}

// parseSubcommand parses args, which must leave nargs arguments. When it
// returns false, the subcommand exits with code: 0 for -help, 2 for a
// usage error (the usage is printed).
func parseSubcommand(fs *flag.FlagSet, args []string, nargs int) (code int, ok bool) {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0, false
		}
		return 2, false
	}
	if fs.NArg() != nargs {
		fs.Usage()
		return 2, false
	}
	return 0, true
}
