package auth

import (
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
	for _, ok := range []string{"ada", "Ada_L", "j.doe-2", "Şahin"} {
		if err := CheckUsername(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "ab", strings.Repeat("a", 33), "_ada", "ada lovelace", "a<b>c", "ada;drop"} {
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
