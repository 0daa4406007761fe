// Package maildir writes and reads mail in the Maildir format, so that an
// archive Poppy keeps on the user's own disk can be read by Thunderbird,
// mutt, Dovecot or any other tool.
//
// # The format
//
// It follows D. J. Bernstein's maildir(5) (cr.yp.to/proto/maildir.html):
// a maildir is three folders, tmp/, new/ and cur/. A message is written in
// full to a uniquely named file in tmp/, synced, and only then moved into
// new/ (or cur/), so a reader never sees half a message. Names are
// "seconds.unique.host" where unique is Dovecot's "M<microseconds>P<pid>"
// with a process counter Q and random R, and the host has '/' and ':'
// escaped as "\057" and "\072".
//
// On top of that it uses the conventions Courier and Dovecot share: a
// message in cur/ carries ":2,FLAGS" after its name, FLAGS being ASCII
// letters in ASCII order (P passed, R replied, S seen, T trashed, D draft,
// F flagged; Dovecot's lowercase keyword letters are kept as they are),
// and the base name carries ",S=<size in bytes>" and ",W=<size with CRLF
// line endings>", which spare a reader (Dovecot's POP3 LIST among them) a
// scan of the file.
//
// Messages are written byte for byte as given: Poppy stores what RETR
// returned (CRLF line endings), and Dovecot serves such a file unchanged.
//
// # The file system
//
// All access goes through FS, a small interface with just what Maildir
// needs, so that the same code can write through the browser's File
// System Access API or the origin-private file system later. OSFS is the
// implementation over a real directory, for native use and tests.
//
// # Why hand-written
//
// The well-kept Go library, github.com/emersion/go-maildir, is bound to
// the os package: its Dir type is a path string, and delivery, listing
// and flag changes call os.Create, os.Link, os.Rename and os.Open
// directly (its tmp file is made with os.Create, which truncates rather
// than failing on a clash). It has no file-system abstraction to put the
// browser's File System Access API behind, so it cannot serve the archive
// folder Poppy writes from the browser tab. What Poppy needs of the format (a writer with the
// tmp-then-rename protocol, a tolerant lister and a name parser) is small
// enough to write against FS.
package maildir
