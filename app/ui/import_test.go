package ui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// The import report says what was imported and each reason something was
// skipped, and words a full device and other failures apart.
func TestImportReportText(t *testing.T) {
	full := mailbox.ImportReport{
		Imported: 3,
		Skipped: []mailbox.ImportSkip{
			{Number: 3, From: "a@x", Why: mailbox.SkipSameID},
			{Number: 4, From: "b@x", Why: mailbox.SkipSameID},
			{Number: 5, From: "c@x", Why: mailbox.SkipSameContent},
			{Number: 6, From: "d@x", Why: mailbox.SkipTruncated},
			{Number: 7, From: "e@x", Why: mailbox.SkipTooLarge},
		},
		Garbage: 33, MixedEndings: 1, FromLines: 2,
	}
	quota := &store.Error{Op: "keep message", Err: store.ErrQuota}
	for _, tt := range []struct {
		name string
		rep  mailbox.ImportReport
		err  error
		want []string
		not  []string
	}{
		{"everything", full, nil, []string{
			"Imported from a.mbox: 3 messages",
			"same Message-ID is already on this device: 2.",
			"the same message is already on this device: 1.",
			"Message 6 (from d@x) was skipped: the file ends in the middle of it.",
			"Message 7 (from e@x) was skipped: it is larger than",
			"The first 33 B of the file were not part of any message",
			"kept with CRLF: 1.",
			"kept as text rather than split: 2.",
		}, []string{"stopped"}},
		{"nothing to say", mailbox.ImportReport{Imported: 1}, nil, []string{"Imported from a.mbox: 1 messages"}, []string{"Skipped", "CRLF", "From "}},
		{"full device", mailbox.ImportReport{Imported: 2}, quota, []string{"no space left", "before it stopped: 2."}, []string{"Imported from"}},
		{"other failure", mailbox.ImportReport{}, errors.New("boom"), []string{"The import stopped: boom."}, nil},
		{"no keeping", mailbox.ImportReport{}, fmt.Errorf("x: %w", mailbox.ErrNoKeeping), []string{"cannot keep imported mail"}, []string{"Imported"}},
	} {
		got := importReportText("a.mbox", tt.rep, tt.err)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q does not say %q", tt.name, got, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(got, n) {
				t.Errorf("%s: %q says %q", tt.name, got, n)
			}
		}
	}
}

// #archive-status has a sentence for each state of the archive.
func TestArchiveStatusText(t *testing.T) {
	on := store.ArchiveSettings{On: true, Folder: "Mail"}
	for _, tt := range []struct {
		st   archiveState
		want string
	}{
		{archiveState{}, "This browser cannot write to a folder"},
		{archiveState{Supported: true}, "Measuring"},
		{archiveState{Supported: true, Loaded: true}, "Off:"},
		{archiveState{Supported: true, Loaded: true, Settings: on, Problem: archivePermission}, "Poppy may no longer write to the folder Mail."},
		{archiveState{Supported: true, Loaded: true, Settings: on, Problem: archiveFull}, "The disk with the folder Mail is full"},
		{archiveState{Supported: true, Loaded: true, Settings: on, Problem: archiveFailed, Detail: "oops"}, "The archive stopped: oops."},
		{archiveState{Supported: true, Loaded: true, Settings: on, Running: true, Written: 2, Left: 5}, "Writing to the folder Mail: 2 written, 5 to go."},
		{archiveState{Supported: true, Loaded: true, Settings: on, Due: true}, "Checking which messages the folder Mail still needs"},
		{archiveState{Supported: true, Loaded: true, Settings: on}, "Every message kept on this device is in the folder Mail."},
	} {
		if got := archiveStatusText(tt.st); !strings.HasPrefix(got, tt.want) {
			t.Errorf("%+v: %q, want it to start with %q", tt.st, got, tt.want)
		}
	}
}
