// Package auth holds account rules that need no web framework: password
// hashing with argon2id, the password policy, usernames and API tokens.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// The argon2id parameters of OWASP's password storage guidance: 19 MiB of
// memory, two passes, one thread.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	saltLen        = 16
)

// HashPassword hashes a password with argon2id and a random salt, in the
// PHC string format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
//
// The encoding is written here rather than taken from a library because
// x/crypto/argon2 gives only the raw key and the format is a few lines.
func HashPassword(password string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	release, err := Reserve()
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	defer release()
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// ErrBadHash means a stored hash is not one HashPassword wrote.
var ErrBadHash = errors.New("auth: malformed password hash")

// CheckPassword reports whether password matches hash, in time that does
// not depend on where they differ.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrBadHash
	}
	var mem, iter uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &iter, &threads); err != nil || mem == 0 || iter == 0 || threads == 0 || mem > 1<<20 {
		return false, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, ErrBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 || len(want) > 128 {
		return false, ErrBadHash
	}
	release, err := Reserve()
	if err != nil {
		return false, fmt.Errorf("auth: check password: %w", err)
	}
	defer release()
	got := argon2.IDKey([]byte(password), salt, iter, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when a user does not exist, so that a
// sign-in takes as long for a missing name as for a wrong password.
var dummyHash = func() string {
	h, err := HashPassword("not a real password")
	if err != nil {
		panic(err)
	}
	return h
}()

// CheckMissing spends the time of a password check, for a missing user;
// its error is ErrBusy when no hashing slot came free.
func CheckMissing(password string) error {
	_, err := CheckPassword(dummyHash, password)
	return err
}

// The password policy.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

// PolicyError says why a password or username is refused.
type PolicyError struct{ Field, Msg string }

func (e *PolicyError) Error() string { return e.Field + ": " + e.Msg }

// NewToken returns a new random API token and the hash to store for it:
// the token itself is shown once and never stored.
func NewToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: new token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, TokenHash(token), nil
}

// TokenHash is what is stored for a token. A token has 256 random bits, so
// a fast hash is enough.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
