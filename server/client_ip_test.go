package server

import (
	"context"
	"net/netip"
	"strings"
	"testing"
	"time"

	"quizd/storage"
	"quizd/storage/testdb"
)

// FuzzClientOf checks that whatever a client writes to the left of what
// the trusted proxies appended, its address stays the same.
func FuzzClientOf(f *testing.F) {
	prefixes, _ := parseProxies([]string{"10.0.0.0/8", "::1"})
	a := &app{proxies: prefixes}
	peer := netip.MustParseAddr("10.0.0.1")
	f.Fuzz(func(t *testing.T, forged, appended string) {
		hops := strings.Split(appended, ",")
		got := a.clientOf(peer, hops)
		if !got.IsValid() {
			t.Fatalf("clientOf(%q) is not an address", appended)
		}
		found := got == peer
		for _, h := range hops {
			if ip, err := netip.ParseAddr(strings.TrimSpace(h)); err == nil && ip.Unmap() == got {
				found = true
			}
		}
		if !found {
			t.Fatalf("clientOf(%q) = %v, which is neither the peer nor an entry", appended, got)
		}
		if a.trusted(got) {
			return
		}
		if again := a.clientOf(peer, append(strings.Split(forged, ","), hops...)); again != got {
			t.Fatalf("entries %q written on the left moved the client from %v to %v", forged, got, again)
		}
		if a.clientOf(netip.MustParseAddr("203.0.113.9"), hops) != netip.MustParseAddr("203.0.113.9") {
			t.Fatal("an untrusted peer's header was believed")
		}
	})
}

// FuzzAnonToken checks that no token but one the server made is accepted.
func FuzzAnonToken(f *testing.F) {
	st, err := storage.Open(context.Background(), storage.Config{Path: testdb.Path(f)})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	tokens := newAnonTokens(st, func() time.Time { return now })
	good := tokens.generate()
	if !tokens.valid(good) {
		f.Fatal("a token just made is refused")
	}
	f.Add(good[:len(good)-1] + "A")
	f.Fuzz(func(t *testing.T, token string) {
		if token != good && tokens.valid(token) {
			t.Fatalf("a token the server did not make is accepted: %q", token)
		}
	})
}
