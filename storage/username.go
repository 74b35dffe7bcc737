package storage

import (
	"errors"
	"fmt"
	"strings"

	"golang.org/x/text/secure/precis"
)

// UsernameKey is what a username is looked up and kept unique by: the name
// under the PRECIS UsernameCaseMapped profile (RFC 8265), so that "Émile",
// "émile" and an "E" followed by a combining accent are one name. SQLite's
// LOWER() folds ASCII only, so the key is made here, in Go, for every
// database alike.
func UsernameKey(name string) (string, error) {
	k, err := precis.UsernameCaseMapped.String(strings.TrimSpace(name))
	if err == nil && k == "" {
		err = errors.New("is empty")
	}
	if err != nil {
		return "", fmt.Errorf("storage: username %q: %w", name, err)
	}
	return k, nil
}

// usernameShown is a name as it is kept and shown: its letter case as
// typed, in one Unicode normal form.
func usernameShown(name string) (string, error) {
	n, err := precis.UsernameCasePreserved.String(strings.TrimSpace(name))
	if err != nil {
		return "", fmt.Errorf("storage: username %q: %w", name, err)
	}
	return n, nil
}
