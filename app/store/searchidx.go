package store

import "context"

// SearchIndex keeps each account's body-search index (package
// app/search) as numbered chunks of bytes, and tells which bodies the
// cache holds, so that the index can drop a body the cache evicted.
//
// The index is derived data: it can be built again from the messages on
// the device, so it is written with relaxed durability and, like the
// cache, Clear and RemoveAccount drop it (Clear leaves the kept copies:
// the app indexes them again). Mem and IDB implement it.
type SearchIndex interface {
	// SearchChunks returns every stored chunk of account's index, by
	// number; an account without an index has none, not an error.
	SearchChunks(ctx context.Context, account string) (map[int][]byte, error)
	// PutSearchChunks writes chunks of account's index in one
	// transaction; an empty chunk deletes the stored one.
	PutSearchChunks(ctx context.Context, account string, chunks map[int][]byte) error
	// BodyUIDs returns, sorted, the UIDs of account whose body the cache
	// holds (PutBody), without counting a read.
	BodyUIDs(ctx context.Context, account string) ([]string, error)
}

var (
	_ SearchIndex = (*Mem)(nil)
)
