package server

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNextKeepsRedirectsOnThisSite(t *testing.T) {
	tests := []struct {
		name, next, want string
	}{
		{"a page of the site", "/stats", "/stats"},
		{"a page with a query", "/banks/1/study?mode=quiz&reveal=0", "/banks/1/study?mode=quiz&reveal=0"},
		{"an encoded slash stays a path", "/%2F%2Fhost/x", "/%2F%2Fhost/x"},
		{"an at sign in a path", "/@host", "/@host"},
		{"a fragment", "/stats#today", "/stats#today"},
		{"empty", "", "/"},
		{"a relative path", "stats", "/"},
		{"a host alone", "host.example", "/"},
		{"scheme relative", "//host.example/x", "/"},
		{"three slashes", "///host.example/x", "/"},
		{"an absolute URL", "https://host.example/x", "/"},
		{"a scheme without slashes", "https:host.example", "/"},
		{"javascript", "javascript:alert(1)", "/"},
		{"a data URL", "data:text/html,hi", "/"},
		{"a tab after the slash", "/\t/host.example/x", "/"},
		{"a tab between slashes", "/\t\t/host.example", "/"},
		{"a newline after the slash", "/\n/host.example", "/"},
		{"a carriage return", "/\r/host.example", "/"},
		{"a NUL", "/\x00/host.example", "/"},
		{"a DEL", "/\x7f/host.example", "/"},
		{"a space", "/ /host.example", "/"},
		{"a leading space", " //host.example", "/"},
		{"a backslash after the slash", "/\\host.example", "/"},
		{"a slash and a backslash", "/\\/host.example", "/"},
		{"two backslashes", "\\\\host.example", "/"},
		{"a backslash later", "/x/..\\..\\host", "/"},
		{"a fullwidth solidus", "/\uff0fhost.example", "/"},
		{"a Unicode line separator", "/\u2028/host.example", "/"},
		{"too long", "/" + strings.Repeat("a", 3000), "/"},
		{"a broken escape", "/%zz", "/"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := safeNext(tc.next); got != tc.want {
				t.Errorf("safeNext(%.80q) = %.80q, want %q", tc.next, got, tc.want)
			}
		})
	}
}

// FuzzSafeNext checks that whatever safeNext keeps is a path that every
// URL parser, browsers' included, reads as on this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/stats", "/\t/host", "//host", "/\\host", "https://host", "/%09/host/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got == "/" {
			return
		}
		if got != next {
			t.Fatalf("safeNext(%q) = %q: it must give next or /", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n") {
			t.Fatalf("safeNext kept %q, which can leave the site", got)
		}
	})
}

func TestSignInRedirectStaysOnThisSite(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login?next=/%09/host.example/x", nil)
	status, _, h := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}, "next": {"/\t/host.example/x"}})
	if status != 303 || h.Get("Location") != "/" {
		t.Errorf("sign-in with next=/\\t/host.example/x: %d to %q, want 303 to /", status, h.Get("Location"))
	}
	// Signed in, the sign-in page sends the browser on at once.
	status, _, h = b.request("GET", "/login?next=/%09/host.example/x", nil)
	if status != 303 || h.Get("Location") != "/" {
		t.Errorf("GET /login?next=/%%09/host.example/x signed in: %d to %q, want 303 to /", status, h.Get("Location"))
	}
	status, _, h = b.request("GET", "/login?next=%2Fstats", nil)
	if status != 303 || h.Get("Location") != "/stats" {
		t.Errorf("GET /login?next=/stats signed in: %d to %q, want 303 to /stats", status, h.Get("Location"))
	}
}
