package pop3server

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LoadDir reads the messages of a folder, for the demo mailbox and for
// tests with real-world mail. The folder is either
//
//   - a maildir: a folder with a cur/ or new/ subfolder, whose files are
//     the messages (tmp/ and dot-files are ignored), or
//   - a folder of *.eml files.
//
// Messages come sorted by file name, which for a maildir is roughly
// delivery order. Bare LFs become CRLF (see Message). The UID is derived
// from the file name, so it is stable across runs and across restarts of
// the server: the base name without ".eml", or for a maildir the unique
// part before the ":2,flags" suffix (which changes when flags change). A
// name that is not a valid UID (too long, or with spaces or non-ASCII) is
// kept readable but shortened and completed with a hash of the full name.
func LoadDir(path string) ([]Message, error) {
	files, err := listMessageFiles(path)
	if err != nil {
		return nil, fmt.Errorf("pop3server: load %s: %w", path, err)
	}
	msgs := make([]Message, 0, len(files))
	seen := make(map[string]string, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return nil, fmt.Errorf("pop3server: load %s: %w", path, err)
		}
		uid := uidFromName(f.key)
		if prev, dup := seen[uid]; dup {
			return nil, fmt.Errorf("pop3server: load %s: %w", path,
				&UIDError{UID: uid, Reason: "same UID for " + prev + " and " + f.path})
		}
		seen[uid] = f.path
		msgs = append(msgs, Message{UID: uid, Data: toCRLF(data)})
	}
	return msgs, nil
}

// messageFile is a file to load and the name its UID comes from.
type messageFile struct {
	path, key string
}

func listMessageFiles(dir string) ([]messageFile, error) {
	if fi, err := os.Stat(dir); err != nil {
		return nil, err
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("not a directory")
	}
	var files []messageFile
	if isMaildir(dir) {
		for _, sub := range []string{"cur", "new"} {
			entries, err := os.ReadDir(filepath.Join(dir, sub))
			if os.IsNotExist(err) {
				continue
			}
			if err != nil {
				return nil, err
			}
			for _, e := range entries {
				if e.Type().IsRegular() && !strings.HasPrefix(e.Name(), ".") {
					unique, _, _ := strings.Cut(e.Name(), ":")
					files = append(files, messageFile{path: filepath.Join(dir, sub, e.Name()), key: unique})
				}
			}
		}
	} else {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := e.Name()
			if e.Type().IsRegular() && strings.EqualFold(filepath.Ext(name), ".eml") && !strings.HasPrefix(name, ".") {
				files = append(files, messageFile{path: filepath.Join(dir, name), key: name[:len(name)-len(".eml")]})
			}
		}
	}
	// By base name across cur/ and new/: maildir names start with the
	// delivery time, so this is delivery order whatever the flags.
	sort.Slice(files, func(i, j int) bool {
		bi, bj := filepath.Base(files[i].path), filepath.Base(files[j].path)
		if bi != bj {
			return bi < bj
		}
		return files[i].path < files[j].path
	})
	return files, nil
}

func isMaildir(dir string) bool {
	for _, sub := range []string{"cur", "new"} {
		if fi, err := os.Stat(filepath.Join(dir, sub)); err == nil && fi.IsDir() {
			return true
		}
	}
	return false
}

// uidFromName maps a file name to a valid UID: unchanged when it already
// is one; otherwise the printable part, cut to leave room, plus "." and 32
// hex digits of SHA-256 of the whole name, so two names never map to one
// UID by accident.
func uidFromName(name string) string {
	if checkUID(name) == nil {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name) && b.Len() < maxUIDLen-33; i++ {
		if c := name[i]; c > 0x20 && c < 0x7f {
			b.WriteByte(c)
		}
	}
	sum := sha256.Sum256([]byte(name))
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(hex.EncodeToString(sum[:16]))
	return b.String()
}
