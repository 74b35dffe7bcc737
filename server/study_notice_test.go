package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestStudyNoticesSayWhatWasDone: burying a card from the study page comes
// back with a line saying so; the words come from the server, never from
// the address.
func TestStudyNoticesSayWhatWasDone(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID)
	_, page, _ := b.request("GET", study, nil)
	qid := fieldOf(t, questionIDRE, page)
	status, _, h := b.post(fmt.Sprintf("/banks/%d/questions/%s/bury", e.bank.ID, qid), page, url.Values{"mode": {"quiz"}})
	if status != 303 || !strings.HasSuffix(h.Get("Location"), "&done=buried") {
		t.Fatalf("bury: %d %q", status, h.Get("Location"))
	}
	if _, next, _ := b.request("GET", h.Get("Location"), nil); !strings.Contains(next, "The card is buried until tomorrow.") {
		t.Errorf("no notice of the bury:\n%.1200s", next[strings.Index(next, "<main"):])
	}
	if _, spoof, _ := b.request("GET", study+"&done=Sign+in+again+at+evil.example", nil); strings.Contains(spoof, "evil.example") || strings.Contains(spoof, `id="notice"`) {
		t.Error("the study page shows words from its address as a notice")
	}
}
