package views

import (
	"net/url"
	"strings"
	"testing"
)

// The account pages' samples (issue 12), kept beside the others'.
func init() {
	samples["admin_users"] = AdminUsersPage{Layout: Layout{User: &UserInfo{Username: "root", Role: "admin"}}, Query: `"><script>x</script>`,
		Users: []AdminUserRow{{ID: 1, Username: "<b>g</b>", DisplayName: "<i>t</i>", Role: "student", Disabled: true}}, Roles: []string{"student", "admin"},
		Prev: "/admin/users?offset=0", Error: "<b>g</b>", Field: "username", New: NewAccountForm{Username: `"><script>x</script>`, Role: "admin"}}
	samples["reset_link"] = ResetLinkPage{Created: "<b>g</b>", Username: "<i>t</i>", URL: `https://x/reset/"><script>alert(1)</script>`, Back: "/admin/users"}
	samples["reset"] = ResetPage{Username: `"><script>x</script>`, Error: "<b>g</b>"}
	samples["roster"] = RosterPage{ClassID: 1, ClassName: "<script>alert(1)</script>", Error: "<b>g</b>",
		Problems: []RosterProblem{{Line: 2, Column: "username", Message: "<i>t</i>"}},
		Results:  []RosterRow{{Username: "<b>g</b>", DisplayName: "<img src=x onerror=1>", Created: true, Link: "https://x/reset/t"}},
		CSV:      CSVDataURL([][]string{{"<script>alert(1)</script>", `"quoted", and more`}})}
}

func TestCSVDataURL(t *testing.T) {
	got := string(CSVDataURL([][]string{{"username", "display_name"}, {"ann", `=cmd|"/c calc"!A1`}, {"bob", "Bob <b>B</b>, Jr."}}))
	data, ok := strings.CutPrefix(got, "data:text/csv;charset=utf-8,")
	if !ok {
		t.Fatalf("not a CSV data address: %q", got)
	}
	for _, c := range data {
		if !strings.ContainsRune("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~%", c) {
			t.Fatalf("%q is not percent-encoded in %q", c, data)
		}
	}
	text, err := url.PathUnescape(data)
	want := "username,display_name\nann,\"'=cmd|\"\"/c calc\"\"!A1\"\nbob,\"Bob <b>B</b>, Jr.\"\n"
	if err != nil || text != want {
		t.Errorf("the file is\n%q, want\n%q (%v)", text, want, err)
	}
}
