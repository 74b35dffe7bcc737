package auth

import (
	"fmt"
	"strings"
	"testing"
)

func TestHashAndCheck(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q does not carry the OWASP parameters", h)
	}
	if ok, err := CheckPassword(h, "correct horse battery"); !ok || err != nil {
		t.Errorf("the right password is refused: %v", err)
	}
	if ok, _ := CheckPassword(h, "correct horse batterz"); ok {
		t.Error("a wrong password is accepted")
	}
	h2, _ := HashPassword("correct horse battery")
	if h2 == h {
		t.Error("two hashes of one password are the same: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", "$argon2id$v=19$m=19456,t=2,p=1$!!$AA"} {
		if _, err := CheckPassword(bad, "x"); err != ErrBadHash {
			t.Errorf("CheckPassword(%q) error %v, want ErrBadHash", bad, err)
		}
	}
}

func TestPolicy(t *testing.T) {
	tests := []struct {
		user, pass string
		want       string
	}{
		{"ada", "correct horse", ""},
		{"ada", "short", "too short"},
		{"ada", strings.Repeat("x", 129), "too long"},
		{"adalovelace", "AdaLovelace", "must not be the username"},
		{"ada", "Password1", "most common"},
		{"ada", "qwertyuiop", "most common"},
		{"ada", "abcdefgh", "most common"},
		{"ada", "quizd123", "too easy to guess"},
		{"ada", "ada12345", "too easy to guess"},
		{"ada", "flashcards!", "too easy to guess"},
		{"ada", "zzzzzzzzzz", "one character over and over"},
		{"ada", "ééééééééé", "one character over and over"},
		{"ada", "        ", "only spaces"},
		{"ada", "\t \u3000\t \t \t ", "only spaces"},
		{"ada", "a long passphrase", ""},
		{"ada", "Tr0ub4dor&3", ""},
	}
	for _, tc := range tests {
		err := CheckPolicy(tc.user, tc.pass)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.pass, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.pass, err, tc.want)
		}
	}
}

func TestUsername(t *testing.T) {
	for _, ok := range []string{"ada", "Ada_L", "j.doe-2", "Şahin", "Émile", "Νίκος", "Дмитрий", "山田たろう", "김민준", "taro山田"} {
		if err := CheckUsername(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "ab", strings.Repeat("a", 33), "_ada", "ada lovelace", "a<b>c", "ada;drop",
		"\u0430dmin", "pаypal", "Ωmega", "ﬁona"} {
		if err := CheckUsername(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestTokens(t *testing.T) {
	tok, hash, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if len(tok) < 40 || hash != TokenHash(tok) || hash == tok {
		t.Errorf("token %q hash %q", tok, hash)
	}
	tok2, _, _ := NewToken()
	if tok2 == tok {
		t.Error("two tokens are the same")
	}
}

func BenchmarkCheckPolicy(b *testing.B) {
	// A passphrase, and the costliest shape found for zxcvbn: runs of digits.
	for _, shape := range []string{"correct horse battery staple ", "1234567890"} {
		for _, n := range []int{MinPasswordLen, 32, MaxPasswordLen} {
			pw := strings.Repeat(shape, MaxPasswordLen)[:n]
			b.Run(fmt.Sprintf("%.6s/%d", shape, n), func(b *testing.B) {
				for b.Loop() {
					_ = CheckPolicy("ada", pw)
				}
			})
		}
	}
}
