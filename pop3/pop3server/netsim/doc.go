// Package netsim simulates network conditions on a [net.Conn] for tests and
// benchmarks.
//
// [Delay] models a link with a fixed one-way delay and unlimited bandwidth.
// It is what makes the cost of round trips visible on loopback, where a
// round trip is otherwise almost free: a POP3 client that waits for every
// reply pays 2×delay per command, while one that pipelines (RFC 2449 §6.6)
// pays about 2×delay per batch. Sleeping before each reply would not model
// this, because it serialises the replies and so hides the very gain that
// pipelining buys.
package netsim
