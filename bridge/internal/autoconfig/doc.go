// Package autoconfig finds the POP3 and submission servers of an e-mail
// address, for the bridge's GET /api/autoconfig (see bridgeapi.Autoconfig).
// A browser cannot query DNS SRV records, so the bridge does the lookup;
// it never sees a password.
//
// The lookup tries, in order, and stops at the first step that yields a
// usable POP3 server:
//
//  1. the domain's SRV records (RFC 6186, RFC 2782): _pop3s._tcp and
//     _pop3._tcp, _submissions._tcp and _submission._tcp, by priority and
//     weight, a target of "." meaning the service is not offered, implicit
//     TLS preferred over STARTTLS (RFC 8314 §5.1);
//  2. the domain's Mozilla autoconfig file (config-v1.1.xml, the ISPDB
//     format) over HTTPS from https://autoconfig.DOMAIN/mail/config-v1.1.xml,
//     then https://DOMAIN/.well-known/autoconfig/mail/config-v1.1.xml;
//  3. a small built-in table of large providers (providers.json);
//  4. guesses: pop.DOMAIN and mail.DOMAIN on 995 (implicit TLS), then on
//     110 with STLS (RFC 2595), each answering CAPA (RFC 2449) before it
//     counts; and with a guessed POP3 server, its submission server
//     (RFC 6409): smtp.DOMAIN and mail.DOMAIN on 465 (implicit TLS), then
//     on 587 with STARTTLS (RFC 3207), each offering AUTH (RFC 4954) in
//     its EHLO reply over verified TLS before it counts.
//
// Every server found goes through the vetting of user-entered servers
// (targets.Custom: public unicast addresses only unless the operator
// allows a range, ports of the custom policy), and so does every host the
// autoconfig file is fetched from: the fetch dials the address it vetted,
// follows no redirect off the domain's own hosts or to plain HTTP, and is
// bounded in time and size. Plain POP3 over the Internet is refused unless
// the operator allows it, and is then flagged.
//
// DNS is queried directly (a small RFC 1035 client over UDP, TCP when the
// answer is truncated) so that the answers' TTLs are known: a finding is
// cached for the smallest TTL among the records it rests on, bounded by
// Options.MaxCacheTTL, in a cache of bounded size.
package autoconfig
