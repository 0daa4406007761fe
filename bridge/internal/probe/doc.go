// Package probe is the bridge's diagnostic: it connects to a POP3 server the
// way the browser will (implicit TLS per RFC 8314, STLS per RFC 2595, or
// plain RFC 1939), and reports the greeting, the CAPA list (RFC 2449), the
// TLS version and certificate chain with the verification result, the login
// result and STAT. An operator runs it on the bridge's host to check that
// the bridge can reach a mail server before users try.
//
// RunSubmission does the same for a message submission server (RFC 6409):
// implicit TLS per RFC 8314 or STARTTLS per RFC 3207, the EHLO extensions
// (RFC 5321), and whether it offers AUTH (RFC 4954). It sends no
// credentials and no mail; address lookups use it to test a guess.
//
// Credentials are never sent over a connection whose certificate did not
// verify, nor over plain POP3 unless the server is on loopback.
package probe
