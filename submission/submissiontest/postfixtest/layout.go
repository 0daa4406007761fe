//go:build unix

package postfixtest

import (
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
)

// queueDir is one directory of the queue, with the owner and mode that
// Postfix's post-install script gives it (postfix-files): what `postfix
// check` then accepts without a warning.
type queueDir struct {
	name  string
	owner string // "root" or "postfix" (mail_owner)
	group string // "root" or "postdrop" (setgid_group)
	mode  os.FileMode
}

var queueDirs = []queueDir{
	{name: ".", owner: "root", group: "root", mode: 0o755},
	{name: "pid", owner: "root", group: "root", mode: 0o755},
	{name: "active", owner: "postfix", group: "root", mode: 0o700},
	{name: "bounce", owner: "postfix", group: "root", mode: 0o700},
	{name: "corrupt", owner: "postfix", group: "root", mode: 0o700},
	{name: "defer", owner: "postfix", group: "root", mode: 0o700},
	{name: "deferred", owner: "postfix", group: "root", mode: 0o700},
	{name: "flush", owner: "postfix", group: "root", mode: 0o700},
	{name: "hold", owner: "postfix", group: "root", mode: 0o700},
	{name: "incoming", owner: "postfix", group: "root", mode: 0o700},
	{name: "private", owner: "postfix", group: "root", mode: 0o700},
	{name: "saved", owner: "postfix", group: "root", mode: 0o700},
	{name: "trace", owner: "postfix", group: "root", mode: 0o700},
	// Written by postdrop (setgid postdrop), read by pickup: 1730 in
	// postfix-files is 0730 plus the sticky bit.
	{name: "maildrop", owner: "postfix", group: "postdrop", mode: 0o730 | os.ModeSticky},
	{name: "public", owner: "postfix", group: "postdrop", mode: 0o710},
}

// ids resolves the users and groups the layout needs.
func ids() (map[string]int, error) {
	m := map[string]int{"root": 0}
	u, err := user.Lookup("postfix")
	if err != nil {
		return nil, fmt.Errorf("postfixtest: Postfix's system user is missing (reinstall postfix): %w", err)
	}
	m["postfix"], _ = strconv.Atoi(u.Uid)
	g, err := user.LookupGroup("postdrop")
	if err != nil {
		return nil, fmt.Errorf("postfixtest: Postfix's group postdrop is missing (reinstall postfix): %w", err)
	}
	m["postdrop"], _ = strconv.Atoi(g.Gid)
	return m, nil
}

// makeQueue creates the queue directory tree under dir and the data
// directory, owned by the postfix user as Postfix requires.
func makeQueue(queue, data string) error {
	id, err := ids()
	if err != nil {
		return err
	}
	for _, d := range queueDirs {
		path := filepath.Join(queue, d.name)
		if d.name != "." {
			if err := os.Mkdir(path, 0o700); err != nil {
				return fmt.Errorf("postfixtest: %w", err)
			}
		} else if err := os.MkdirAll(path, 0o700); err != nil {
			return fmt.Errorf("postfixtest: %w", err)
		}
		if err := os.Chown(path, id[d.owner], id[d.group]); err != nil {
			return fmt.Errorf("postfixtest: %w", err)
		}
		// Chmod after Chown: chown clears the sticky and set-id bits.
		if err := os.Chmod(path, d.mode); err != nil {
			return fmt.Errorf("postfixtest: %w", err)
		}
	}
	if err := os.Mkdir(data, 0o700); err != nil {
		return fmt.Errorf("postfixtest: %w", err)
	}
	if err := os.Chown(data, id["postfix"], 0); err != nil {
		return fmt.Errorf("postfixtest: %w", err)
	}
	return nil
}
