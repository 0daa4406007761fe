// Package thread groups messages into conversations by the fields RFC
// 5322 section 3.6.4 defines for it: Message-ID, In-Reply-To and
// References, with the subject as the fallback for a reply that carries
// neither (as JWZ's threading and RFC 5256's REFERENCES do).
//
// It groups; it builds no tree. Key reduces a message's three fields to
// a short string that an inbox row can keep (hashes of its own ID, of
// its conversation's root and of its parent), and Group joins the
// messages whose keys share an ID, and a reply without references to
// the conversation of its subject. Both are pure functions.
package thread
