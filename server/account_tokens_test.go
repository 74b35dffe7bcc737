package server

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"quizd/storage"
)

func TestAPITokensAreListedAndExpireUnused(t *testing.T) {
	e := newEnv(t, true)
	old := e.user("ada")
	e.user("bob")
	start := e.clock.Now()
	e.clock.Add(2 * time.Hour)
	status, body := e.api("POST", "/api/v1/login", "", creds("ada", "correct horse"))
	var login struct{ Token string }
	if status != 200 || json.Unmarshal([]byte(body), &login) != nil {
		t.Fatalf("login: %d %s", status, body)
	}
	status, body = e.api("GET", "/api/v1/me/tokens", login.Token, "")
	var list struct {
		Tokens []struct {
			ID       uint
			Created  string `json:"created_at"`
			LastUsed string `json:"last_used_at"`
			Expires  string `json:"expires_at"`
		}
	}
	if status != 200 || json.Unmarshal([]byte(body), &list) != nil || len(list.Tokens) != 2 {
		t.Fatalf("tokens: %d %s, want ada's two", status, body)
	}
	if list.Tokens[1].Created != start.Format(time.RFC3339) || list.Tokens[1].Expires != start.Add(storage.TokenIdle).Format(time.RFC3339) {
		t.Errorf("the older token: %+v", list.Tokens[1])
	}
	// The settings page shows them too.
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", "/settings", nil)
	if !strings.Contains(page, "Made 2 March 2026, last used 2 March 2026: ends 31 May 2026 unless used before.") {
		t.Errorf("the settings page does not list the tokens: %.2000s", page[strings.Index(page, "<main"):])
	}
	// Used now, the new token lives on; the old one, unused for 90 days, ends.
	e.clock.Add(storage.TokenIdle - time.Hour)
	if status, _ := e.api("GET", "/api/v1/me/settings", login.Token, ""); status != 200 {
		t.Fatalf("the new token before 90 days: %d", status)
	}
	e.clock.Add(2 * time.Hour)
	if status, body := e.api("GET", "/api/v1/me/settings", old, ""); status != 401 || !strings.Contains(body, "unused for 90 days") {
		t.Errorf("a token unused for 90 days: %d %s, want 401", status, body)
	}
	if status, _ := e.api("GET", "/api/v1/me/settings", login.Token, ""); status != 200 {
		t.Errorf("a token used within 90 days: %d", status)
	}
}
