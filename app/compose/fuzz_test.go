package compose

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// mimeCorpus is the enmime corpus shared by the repository's tests.
const mimeCorpus = "../../testdata/mime"

// FuzzReply answers and forwards arbitrary bytes: nothing may panic,
// each call must finish within a budget linear in the input (generous,
// as the machine may be shared: it catches hangs and quadratic blow-ups,
// not slowness), and what comes out must build into a valid message or
// fail with this package's typed errors. Seeds: every message of the
// enmime corpus and testdata/fuzz/FuzzReply.
func FuzzReply(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(mimeCorpus, "*", "*.raw"))
	if len(files) == 0 {
		f.Fatalf("no seed messages in %s", mimeCorpus)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, true)
	}
	me := []Identity{ann, annWork, {Address: "greg@inbucket.com", Signature: "-- \nGreg", BccSelf: true}}
	f.Fuzz(func(t *testing.T, raw []byte, all bool) {
		budget := 5*time.Second + time.Duration(len(raw))*50*time.Microsecond
		start := time.Now()
		d, err := Reply(raw, me, all, nil)
		if len(raw) == 0 {
			if err != ErrEmptyOriginal {
				t.Fatalf("empty original: err = %v", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Reply: %v", err)
		}
		if !strings.HasPrefix(d.Subject, "Re:") || strings.HasPrefix(d.Subject, "Re: Re:") {
			t.Errorf("reply subject %q", d.Subject)
		}
		checkDraft(t, d)
		fwd, err := Forward(raw, me[0], !all, nil)
		if err != nil {
			t.Fatalf("Forward: %v", err)
		}
		if !strings.HasPrefix(fwd.Subject, "Fwd:") {
			t.Errorf("forward subject %q", fwd.Subject)
		}
		fwd.To = []Address{{Address: "someone@example.net"}}
		checkDraft(t, fwd)
		if took := time.Since(start); took > budget {
			t.Errorf("reply and forward of %d bytes took %v (budget %v)", len(raw), took, budget)
		}
	})
}

// checkDraft builds d: it must give a message whose lines hold the
// limits and that go-message reads, or a typed error of this package.
func checkDraft(t *testing.T, d Draft) {
	t.Helper()
	msg, env, err := Build(d, testOptions())
	if err != nil {
		var ae *AddressError
		if !errors.Is(err, ErrNoRecipients) && !errors.As(err, &ae) {
			t.Fatalf("Build: %v", err)
		}
		return
	}
	checkLines(t, msg)
	h, _ := parseBack(t, msg)
	if h.Has("Bcc") {
		t.Errorf("Bcc in the header")
	}
	if len(env.To) == 0 {
		t.Errorf("no envelope recipients")
	}
}
