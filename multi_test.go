package main

import (
	"fmt"
	"strings"
	"syscall"
	"testing"

	"quizd/storage/testdb"
)

// TestTwoServersOnePostgres starts two real quizd servers at once on one
// empty PostgreSQL database, each on its own port, with 100 students spread over both
// answering at once. Under that load, what one server changes holds on
// the other from its next request: a token revoked, a sign-in limit
// reached, an account disabled, a bank renamed. Then one server is killed
// with SIGKILL: the other goes on serving without a refusal, and every
// answer either acknowledged is in the database.
func TestTwoServersOnePostgres(t *testing.T) {
	db := testdb.PostgresPath(t)
	if r := quizd(t, "user", "add", "--username", "root", "--password", "correct horse", "--role", "admin", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// Both at once: one migrates the database and stores the bundled
	// bank, the other waits for it and finds them done.
	servers := startServers(t, db, 2)
	a, b := servers[0], servers[1]
	students := makeStudents(t, db, "s", 100)
	for i, s := range students {
		s.base = []string{a.base, b.base}[i%2]
	}
	others := makeStudents(t, db, "x", 3) // revoked, disabled, limited
	revoked, disabled, limited := others[0], others[1], others[2]

	_, login := call(t, "POST", a.base+"/api/v1/login", "", `{"username":"root","password":"correct horse"}`)
	admin, _ := login["token"].(string)
	if admin == "" {
		t.Fatalf("the admin's sign-in gave no token: %v", login)
	}
	_, banks := call(t, "GET", b.base+"/api/v1/banks", students[0].token, "")
	bank := banks["banks"].([]any)[0].(map[string]any)
	bankID := int(bank["id"].(float64))

	load := startLoad(bankID, students)
	if !load.waitAcks(200) {
		t.Fatalf("the students got %d answers acknowledged in a minute: the load does not run; statuses %v %v", load.acked(), load.statusesOf(a.base), load.statusesOf(b.base))
	}

	t.Run("a token revoked through A is refused by B", func(t *testing.T) {
		if code, _ := call(t, "GET", b.base+"/api/v1/me/tokens", revoked.token, ""); code != 200 {
			t.Fatalf("B before the revocation: %d", code)
		}
		if code, _ := call(t, "DELETE", a.base+"/api/v1/me/token", revoked.token, ""); code != 204 {
			t.Fatalf("revoke through A: %d", code)
		}
		if code, body := call(t, "GET", b.base+"/api/v1/me/tokens", revoked.token, ""); code != 401 {
			t.Errorf("B after the revocation: %d %v, want 401", code, body)
		}
	})

	t.Run("a sign-in limit reached through A holds on B", func(t *testing.T) {
		wrong := fmt.Sprintf(`{"username":%q,"password":"wrong password"}`, limited.name)
		for i := range 5 {
			if code, body := call(t, "POST", a.base+"/api/v1/login", "", wrong); code != 401 {
				t.Fatalf("wrong password %d through A: %d %v", i+1, code, body)
			}
		}
		right := fmt.Sprintf(`{"username":%q,"password":"correct horse"}`, limited.name)
		code, header, body := send(t, "POST", b.base+"/api/v1/login", "", right)
		if code != 429 || header.Get("Retry-After") == "" {
			t.Errorf("the right password through B after 5 wrong through A: %d (Retry-After %q) %s, want 429 with Retry-After", code, header.Get("Retry-After"), body)
		}
	})

	t.Run("an account disabled through A is refused by B", func(t *testing.T) {
		if code, _ := call(t, "GET", b.base+"/api/v1/me/settings", disabled.token, ""); code != 200 {
			t.Fatalf("B before disabling: %d", code)
		}
		if code, body := call(t, "PATCH", fmt.Sprintf("%s/api/v1/admin/users/%d", a.base, disabled.id), admin, `{"disabled":true}`); code != 200 {
			t.Fatalf("disable through A: %d %v", code, body)
		}
		// Disabling ends the account's tokens: B refuses the token as
		// ended, and the right password as the password of a disabled
		// account.
		if code, body := call(t, "GET", b.base+"/api/v1/me/settings", disabled.token, ""); code != 401 {
			t.Errorf("the token through B after disabling: %d %v, want 401", code, body)
		}
		code, body := call(t, "POST", b.base+"/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":"correct horse"}`, disabled.name))
		if code != 403 || !strings.Contains(fmt.Sprint(body["error"]), "this account is disabled") {
			t.Errorf("sign-in through B after disabling: %d %v, want 403 saying the account is disabled", code, body)
		}
	})

	t.Run("a bank renamed through A is renamed on B", func(t *testing.T) {
		if title := bankTitle(t, b.base, students[1].token, bankID); title != bank["title"] {
			t.Fatalf("B before the rename: %q, want %q", title, bank["title"])
		}
		if code, body := call(t, "PATCH", fmt.Sprintf("%s/api/v1/banks/%d", a.base, bankID), admin, `{"title":"Renamed through A"}`); code != 200 {
			t.Fatalf("rename through A: %d %v", code, body)
		}
		if title := bankTitle(t, b.base, students[1].token, bankID); title != "Renamed through A" {
			t.Errorf("B after the rename: %q", title)
		}
	})

	// SIGKILL A in the middle of the load; B's students go on.
	if !load.waitAcks(100) {
		t.Fatal("the load stood still")
	}
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = a.cmd.Wait()
	beforeB := load.statusesOf(b.base)[200]
	if !load.waitAcks(300) {
		t.Fatalf("B acknowledged no 300 answers in the minute after A was killed: %v", load.statusesOf(b.base))
	}
	load.halt()
	if gotB := load.statusesOf(b.base); len(gotB) != 1 || gotB[200] <= beforeB {
		t.Errorf("B's answers: %v, want only 200s, and more after A was killed (%d before)", gotB, beforeB)
	}
	if got := load.statusesOf(a.base); got[200] == 0 {
		t.Errorf("A's answers: %v, want some 200s before it was killed", got)
	}
	checkAcknowledged(t, db, load, students)
	if strings.Contains(b.logs.String(), "panic") {
		t.Errorf("B's log holds a panic:\n%s", b.logs.String())
	}
	t.Logf("%d answers acknowledged (A %v, B %v)", len(load.acks), load.statusesOf(a.base), load.statusesOf(b.base))
	b.stop(t)
}

// bankTitle is the title of a bank in the list a student gets.
func bankTitle(t *testing.T, base, token string, id int) string {
	t.Helper()
	code, banks := call(t, "GET", base+"/api/v1/banks", token, "")
	if code != 200 {
		t.Fatalf("list the banks: %d %v", code, banks)
	}
	list, _ := banks["banks"].([]any)
	for _, b := range list {
		if m, _ := b.(map[string]any); m != nil && int(m["id"].(float64)) == id {
			return fmt.Sprint(m["title"])
		}
	}
	t.Fatalf("bank %d is not listed: %v", id, banks)
	return ""
}
