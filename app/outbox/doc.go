// Package outbox sends the messages a person wrote, and never loses one
// nor sends one twice without the person's word.
//
// It is the client side of message submission (RFC 6409, over the SMTP of
// RFC 5321) as a queue on the device. Queue stores a message as "queued"
// first, so that the person sees it queued even offline; Flush then sends
// what is queued when a connection exists, through a Sender that speaks
// submission (package submission), and moves each entry along the states
// of store.OutboxState:
//
//	queued ──Flush──▶ sending ──250 after DATA──▶ sent (moved to Sent)
//	  ▲                  │
//	  │   failure before the final dot, and a 4xx (NotSentRetry): queued,
//	  ├───────────────── with backoff, retried by Flush
//	  │                  ├── refused for good (NotSentPermanent) ──▶ failed
//	  │                  └── lost after the final dot (MaybeSent) ──▶ maybe-sent
//	  └── Resolve(sent=false), Retry ◀── maybe-sent, failed
//
// The rules, each held by a test:
//   - "sending" is written before the first byte goes out, and a message
//     leaves the outbox only once the server accepted its DATA (RFC 5321
//     section 4.1.1.4: the 250 reply to the final dot is the server taking
//     responsibility for it). The move to Sent and the removal from the
//     outbox are one store transaction.
//   - What submission.Outcome calls MaybeSent (the connection was lost
//     after the final dot and before the reply: RFC 5321 section 6.1
//     leaves the client unable to tell) becomes "maybe-sent", which Flush
//     never sends again: only Resolve, the person's decision, does.
//   - A failure before the final dot cannot have delivered anything, so
//     the entry goes back to "queued", with a backoff, and Flush retries it
//     (call Online when the connection comes back to retry at once).
//   - An entry found in "sending" whose lease has run out belonged to a
//     tab that crashed or was closed mid-send: it becomes "maybe-sent"
//     (see Recover for why).
//
// # Two tabs
//
// Each tab runs its own Outbox over one store (IndexedDB). An entry goes
// from "queued" to "sending" in one store transaction that checks the
// state and writes it with a lease (an owner ID and an expiry), and
// IndexedDB runs read-write transactions on one store one after the
// other, so of two tabs that flush at once, exactly one takes an entry;
// the other sees it "sending" and leaves it. The lease is renewed while
// the send runs, and a tab only ever takes a "queued" entry, never one
// whose lease ran out (that one becomes "maybe-sent").
//
// What remains possible, and why: a message is sent twice only when a
// person says so. The server may have accepted a message whose reply was
// lost ("maybe-sent"); if the person then says it was not sent, it goes
// again. And a tab frozen for longer than a lease (a browser suspends
// background tabs; a laptop sleeps mid-send) may wake and finish a send
// that another tab has meanwhile marked "maybe-sent": the finishing tab
// still records the true outcome, since the lease's owner is kept, but a
// person who answered "not sent" before it did will have sent the
// message twice. Neither case is decided by a program.
//
// Bcc to self (store.Identity.BccSelf) adds the identity's address to the
// envelope only, so the message's header does not show it.
package outbox
