package auth

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ccojocar/zxcvbn-go"
	"github.com/ccojocar/zxcvbn-go/frequency"
	"golang.org/x/text/secure/precis"
)

// The password policy follows NIST SP 800-63B: a length range
// (MinPasswordLen to MaxPasswordLen) and a check against passwords known to
// be common, guessable or tied to the service, with no rules about which
// kinds of characters to mix.

// serviceWords are the words of this service that a password must not be
// built on.
var serviceWords = []string{"quizd", "quiz", "flashcard", "flashcards"}

// commonPasswords is the list of passwords most seen in breaches that
// zxcvbn ships (the Go port kept up by the gosec project), folded to
// lower case.
var commonPasswords = func() map[string]bool {
	list := frequency.Lists["Passwords"].List
	m := make(map[string]bool, len(list))
	for _, p := range list {
		m[strings.ToLower(p)] = true
	}
	return m
}()

// CheckPolicy checks a password against the policy: long enough, not too
// long, not the username, not one character over and over, not a common
// password, and not one a guesser would find quickly: zxcvbn's lowest
// score, from dictionaries, keyboard patterns, sequences, repeats, dates
// and the user's own name and this service's.
func CheckPolicy(username, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		return &PolicyError{"password", fmt.Sprintf("is too short: use at least %d characters", MinPasswordLen)}
	case n > MaxPasswordLen:
		return &PolicyError{"password", fmt.Sprintf("is too long: use at most %d characters", MaxPasswordLen)}
	case strings.TrimSpace(password) == "":
		return &PolicyError{"password", "is only spaces: use words or other characters"}
	case oneCharacter(password):
		return &PolicyError{"password", "is one character over and over: choose another"}
	case strings.EqualFold(password, username):
		return &PolicyError{"password", "must not be the username"}
	case commonPasswords[strings.ToLower(password)]:
		return &PolicyError{"password", "is one of the most common passwords: choose another"}
	}
	inputs := append([]string{username}, serviceWords...)
	if zxcvbn.PasswordStrength(firstRunes(password, guessWindow), inputs).Score == 0 {
		return &PolicyError{"password", "is too easy to guess: use a few words that do not belong together, or a longer phrase"}
	}
	return nil
}

// guessWindow is how many characters zxcvbn scores. Its matching grows
// faster than the length (a 128-digit run takes tens of ms and MB); 32
// keep the worst shapes found to about 5 ms, and a password whose first 32
// characters are easy to guess is easy to start guessing.
const guessWindow = 32

func firstRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

func oneCharacter(s string) bool {
	first, _ := utf8.DecodeRuneInString(s)
	return strings.Trim(s, string(first)) == ""
}

// CheckUsername checks a new account's name: 3 to 32 letters, digits,
// dots, dashes or underscores, starting with a letter or digit, valid
// under the PRECIS username profile, and in one script (or one of the
// mixes that Japanese, Chinese and Korean names use), so that a name
// cannot pass for another with a look-alike letter: "аdmin" with a
// Cyrillic "а" is refused.
func CheckUsername(username string) error {
	n := utf8.RuneCountInString(username)
	if n < 3 || n > 32 {
		return &PolicyError{"username", "must be 3 to 32 characters long"}
	}
	for i, r := range username {
		ok := unicode.IsLetter(r) || unicode.IsDigit(r) || (i > 0 && strings.ContainsRune("._-", r))
		if !ok {
			return &PolicyError{"username", "may hold only letters, digits, dots, dashes and underscores, and must start with a letter or digit"}
		}
	}
	if _, err := precis.UsernameCaseMapped.String(username); err != nil {
		return &PolicyError{"username", "holds a character that usernames may not use: write it with plain letters and digits"}
	}
	if !oneScript(username) {
		return &PolicyError{"username", "mixes letters of different alphabets: write it in one alphabet"}
	}
	return nil
}

// scriptMixes are the sets of scripts that one name may mix, after
// Unicode's "highly restrictive" level (UTS #39): any one script, or Latin
// with Han and the scripts written beside it.
var scriptMixes = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// oneScript reports whether the letters of s come from one script or from
// one of scriptMixes. Digits and punctuation belong to every script.
func oneScript(s string) bool {
	used := map[string]bool{}
	for _, r := range s {
		if name := scriptOf(r); name != "" {
			used[name] = true
		}
	}
	if len(used) <= 1 {
		return true
	}
	for _, mix := range scriptMixes {
		allowed := 0
		for _, name := range mix {
			if used[name] {
				allowed++
			}
		}
		if allowed == len(used) {
			return true
		}
	}
	return false
}

// scriptOf is the script of a letter, or "" for a character shared by
// every script (Common, Inherited).
func scriptOf(r rune) string {
	if unicode.Is(unicode.Common, r) || unicode.Is(unicode.Inherited, r) {
		return ""
	}
	for name, table := range unicode.Scripts {
		if unicode.Is(table, r) {
			return name
		}
	}
	return ""
}
