// Package token makes the opaque secrets the store hands out (sessions, password-reset links, guest carts):
// 256 random bits for the client, and a SHA-256 of them for the database, so a copy of the database opens
// nothing.
package token

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// MaxLen bounds what a client may send as a token (ours are 43 characters); longer input is refused unread.
const MaxLen = 100

// New returns a random token (43 URL-safe characters) and the hash to store.
func New() (tok string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms (Go 1.24+)
	tok = base64.RawURLEncoding.EncodeToString(b)
	return tok, Hash(tok)
}

// Hash returns the SHA-256 of a token, as stored.
func Hash(tok string) []byte {
	sum := sha256.Sum256([]byte(tok))
	return sum[:]
}
