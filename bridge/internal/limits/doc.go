// Package limits holds the admission controls of the bridge: how many
// sessions may run at once in total and per client, how fast a client may
// open new ones, and who the client is when the bridge sits behind a reverse
// proxy.
//
// Limits are on by default (see Options). A client is an IPv4 address or an
// IPv6 /64, because one IPv6 subscriber usually holds a whole /64 and could
// otherwise rotate addresses to escape every per-client limit.
package limits
