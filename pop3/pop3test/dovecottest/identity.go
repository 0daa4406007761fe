//go:build unix

package dovecottest

import (
	"fmt"
	"os"
	"os/user"
	"strconv"
)

// identity is who Dovecot's processes run as, and so who must be able to
// read the files the harness writes.
type identity struct {
	root bool

	// Users Dovecot's own processes run as: internal (auth, anvil, stats)
	// and login (pop3-login). Root mode uses the ones the Debian package
	// creates; rootless mode uses the current user for both.
	internalUser, internalGroup, loginUser string

	// mailUID and mailGID own the maildirs and run the pop3 processes.
	mailUID, mailGID int
}

// currentIdentity decides between root mode and rootless mode.
//
// Root mode does not use uid 0 for mail: Dovecot refuses mail access for
// users below first_valid_uid, a guard meant to keep mail away from system
// accounts, and root would read files whatever their owner. nobody exists
// on every Debian and every Unix, needs no package, and owns nothing else,
// so handing it the temporary maildirs is harmless.
func currentIdentity() (identity, error) {
	if os.Geteuid() == 0 {
		id := identity{root: true, internalUser: "dovecot", internalGroup: "dovecot", loginUser: "dovenull", mailUID: 65534, mailGID: 65534}
		for _, name := range []string{id.internalUser, id.loginUser} {
			if _, err := user.Lookup(name); err != nil {
				return identity{}, fmt.Errorf("dovecottest: Dovecot's system user %q is missing (reinstall dovecot-core): %w", name, err)
			}
		}
		if _, err := user.LookupGroup(id.internalGroup); err != nil {
			return identity{}, fmt.Errorf("dovecottest: Dovecot's system group %q is missing (reinstall dovecot-core): %w", id.internalGroup, err)
		}
		if u, err := user.Lookup("nobody"); err == nil {
			id.mailUID, _ = strconv.Atoi(u.Uid)
			id.mailGID, _ = strconv.Atoi(u.Gid)
		}
		return id, nil
	}
	// Rootless: Dovecot resolves these names with getpwnam, so the current
	// uid must have a passwd entry.
	u, err := user.Current()
	if err != nil {
		return identity{}, fmt.Errorf("dovecottest: current user: %w", err)
	}
	g, err := user.LookupGroupId(u.Gid)
	if err != nil {
		return identity{}, fmt.Errorf("dovecottest: group of the current user: %w", err)
	}
	id := identity{internalUser: u.Username, internalGroup: g.Name, loginUser: u.Username}
	id.mailUID, _ = strconv.Atoi(u.Uid)
	id.mailGID, _ = strconv.Atoi(u.Gid)
	return id, nil
}

// chown gives path to the mail user. It is a no-op in rootless mode, where
// the harness and Dovecot are the same user already.
func (id identity) chown(path string) error {
	if !id.root {
		return nil
	}
	if err := os.Lchown(path, id.mailUID, id.mailGID); err != nil {
		return fmt.Errorf("dovecottest: %w", err)
	}
	return nil
}
