package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
)

var errHelp = errors.New("help requested")

// listFlag is a repeatable flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// splitList splits every value of a repeatable flag on commas, dropping
// empty entries: "-public-name a,b" is "-public-name a -public-name b".
func splitList(l listFlag) []string {
	var out []string
	for _, v := range l {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// envName is the environment variable of a flag: -max-sessions is
// POPPY_MAX_SESSIONS.
func envName(flagName string) string {
	return "POPPY_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// applyEnv sets every flag not given on the command line from its
// environment variable. A repeatable flag splits the variable on commas and
// spaces. It returns the names of flags set either way.
func applyEnv(fs *flag.FlagSet, lookup func(string) (string, bool)) (map[string]bool, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		v, ok := lookup(envName(f.Name))
		if !ok {
			return
		}
		values := []string{v}
		if _, isList := f.Value.(*listFlag); isList {
			values = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' })
		}
		for _, x := range values {
			if e := fs.Set(f.Name, x); e != nil {
				err = fmt.Errorf("%s=%q: %v", envName(f.Name), v, e)
				return
			}
		}
		set[f.Name] = true
	})
	return set, err
}

// usageWithEnv prints the flags with their environment variables.
func usageWithEnv(fs *flag.FlagSet, head string) func() {
	return func() {
		w := fs.Output()
		fmt.Fprint(w, head)
		fs.VisitAll(func(f *flag.Flag) {
			name, usage := flag.UnquoteUsage(f)
			fmt.Fprintf(w, "  -%s", f.Name)
			if name != "" {
				fmt.Fprintf(w, " %s", name)
			}
			fmt.Fprintf(w, "   ($%s)\n    \t%s", envName(f.Name), strings.ReplaceAll(usage, "\n", "\n    \t"))
			if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
				fmt.Fprintf(w, " (default %s)", f.DefValue)
			}
			fmt.Fprintln(w)
		})
	}
}
