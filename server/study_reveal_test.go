package server

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	questionIDRE = regexp.MustCompile(`name="question_id" value="([^"]+)"`)
	dataTypeRE   = regexp.MustCompile(`data-type="([^"]+)"`)
)

func fieldOf(t *testing.T, re *regexp.Regexp, page string) string {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no %s in the page:\n%.800s", re, page)
	}
	return m[1]
}

// signedIn is a browser signed in as a new student.
func (e *testEnv) signedIn(name string) *browser {
	e.t.Helper()
	b := e.browser()
	_, page, _ := b.request("GET", "/signup", nil)
	if status, body, _ := b.post("/signup", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
		e.t.Fatalf("sign up %s: %d %.300s", name, status, body)
	}
	return b
}

func (e *testEnv) reviewsOf(t *testing.T, name string) int {
	t.Helper()
	u, _, err := e.store.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := e.store.TodaySummary(context.Background(), u.ID, e.bank.ID, e.clock.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	return sum.Answers
}

// A card shown as a quiz question can't be turned into a flashcard, whose
// page holds the answer, before it is answered; the flashcard flow still
// works for the cards after it.
func TestQuizCardIsNotRevealedBeforeItIsAnswered(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study", e.bank.ID)
	// Rate the flashcard questions away until a quiz question comes.
	var page, qid string
	for range 10 {
		_, page, _ = b.request("GET", study+"?mode=quiz", nil)
		qid = fieldOf(t, questionIDRE, page)
		if fieldOf(t, dataTypeRE, page) != "flashcard" {
			break
		}
		_, page, _ = b.request("GET", study+"?mode=quiz&reveal="+qid, nil)
		b.post(study[:len(study)-len("/study")]+"/answer", page, url.Values{"question_id": {qid}, "rating": {"3"}, "mode": {"quiz"}})
	}
	if strings.Contains(page, `id="back"`) {
		t.Fatalf("the quiz question %s has a back on its page", qid)
	}
	answered := e.reviewsOf(t, "ada")
	for _, path := range []string{study + "?mode=flashcard&reveal=" + qid, study + "?mode=flashcard", study + "?mode=quiz&reveal=" + qid} {
		status, body, _ := b.request("GET", path, nil)
		if status != 200 || fieldOf(t, questionIDRE, body) != qid {
			t.Fatalf("GET %s: %d, card %q, want the quiz card %s again", path, status, fieldOf(t, questionIDRE, body), qid)
		}
		if strings.Contains(body, `id="back"`) || strings.Contains(body, `class="answer"`) {
			t.Errorf("GET %s shows the answer of the quiz card %s before it is answered", path, qid)
		}
		if strings.Contains(path, "flashcard") && !strings.Contains(body, "This card was shown as a quiz question, so answer it here first") {
			t.Errorf("GET %s does not say why the card is still a quiz question:\n%.1500s", path, body)
		}
	}
	// A second browser of the same student gets no further.
	b2 := e.browser()
	_, login, _ := b2.request("GET", "/login", nil)
	b2.post("/login", login, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if _, body, _ := b2.request("GET", study+"?mode=flashcard&reveal="+qid, nil); strings.Contains(body, `id="back"`) {
		t.Error("a second browser reveals the quiz card")
	}
	// An incomplete response to another card, sent as a flashcard, shows
	// that card as a quiz question again, not its back.
	other := "or"
	if qid == "or" {
		other = "ma"
	}
	status, body, _ := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, url.Values{"question_id": {other}, "order": {"founded"}, "match": {"condemned"}, "mode": {"flashcard"}})
	if status != 422 || strings.Contains(body, `id="back"`) {
		t.Errorf("an incomplete %s sent as a flashcard: %d, back shown %v", other, status, strings.Contains(body, `id="back"`))
	}
	if got := e.reviewsOf(t, "ada"); got != answered {
		t.Fatalf("looking at the card recorded %d answers", got-answered)
	}
	// Answered in the quiz, the card is done; the next one is a flashcard
	// with its back, revealed on request.
	_, page, _ = b.request("GET", study+"?mode=flashcard", nil)
	form := url.Values{"question_id": {qid}, "mode": {"flashcard"}}
	switch qid {
	case "or":
		form["order"] = []string{"founded", "deployed", "withdrew"}
	case "ma":
		form["match"] = []string{"condemned", "evaded", "supported"}
	default:
		form["response"] = []string{"x"}
	}
	if status, _, h := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, form); status != 303 || !strings.Contains(h.Get("Location"), "/feedback/") {
		t.Fatalf("answering the quiz card %s: %d to %q", qid, status, h.Get("Location"))
	}
	_, body, _ = b.request("GET", study+"?mode=flashcard", nil)
	next := fieldOf(t, questionIDRE, body)
	if next == qid || strings.Contains(body, `id="back"`) || strings.Contains(body, `name="rating"`) || !strings.Contains(body, `id="reveal"`) {
		t.Fatalf("the card after it in flashcard mode: %s, back on the page %v, rating buttons %v",
			next, strings.Contains(body, `id="back"`), strings.Contains(body, `name="rating"`))
	}
	// A stale reveal link, for another card, shows nothing.
	if _, stale, _ := b.request("GET", study+"?mode=flashcard&reveal="+qid, nil); strings.Contains(stale, `id="back"`) {
		t.Error("a reveal link for another card shows this card's back")
	}
	_, body, _ = b.request("GET", study+"?mode=flashcard&reveal="+next, nil)
	if !strings.Contains(body, `id="back">`) || !strings.Contains(body, `name="rating"`) {
		t.Errorf("a flashcard is not revealed:\n%.2000s", body)
	}
	// Shown as a flashcard, it stays one in quiz mode until rated.
	_, body, _ = b.request("GET", study+"?mode=quiz", nil)
	if fieldOf(t, questionIDRE, body) != next || !strings.Contains(body, `data-mode="flashcard"`) || !strings.Contains(body, "This card was shown as a flashcard, so rate it here first") {
		t.Errorf("the flashcard asked for as a quiz question:\n%.1500s", body)
	}
}

// A rating sent for a card whose back was never shown is refused and
// changes nothing; once the back is shown the same rating counts; a reveal
// holds only for the reps it was given at.
func TestRatingGivenUnseenIsRefused(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)
	answer := fmt.Sprintf("/banks/%d/answer", e.bank.ID)
	_, page, _ := b.request("GET", study, nil)
	qid := fieldOf(t, questionIDRE, page)
	if strings.Contains(page, `name="rating"`) || strings.Contains(page, `id="back"`) {
		t.Fatalf("the front of %s has rating buttons or its back on the page", qid)
	}
	rate := url.Values{"question_id": {qid}, "rating": {"3"}, "mode": {"flashcard"}, "reps": {"0"}}
	status, body, _ := b.post(answer, page, rate)
	if status != 409 || !strings.Contains(body, "Show the answer first, then rate how well you recalled it.") || strings.Contains(body, `id="back"`) {
		t.Errorf("a rating given unseen: %d %.1200s", status, body)
	}
	if n := e.reviewsOf(t, "ada"); n != 0 {
		t.Fatalf("a rating given unseen was recorded: %d answers", n)
	}
	_, page, _ = b.request("GET", study+"&reveal="+qid, nil)
	if status, _, h := b.post(answer, page, rate); status != 303 || !strings.Contains(h.Get("Location"), "/study") {
		t.Fatalf("a rating once the back is shown: %d to %q", status, h.Get("Location"))
	}
	if n := e.reviewsOf(t, "ada"); n != 1 {
		t.Fatalf("%d answers recorded, want 1", n)
	}
	// Bring the card back at its next reps: the old reveal does not count.
	for range 20 {
		e.clock.Add(11 * time.Minute)
		_, page, _ = b.request("GET", study, nil)
		if fieldOf(t, questionIDRE, page) == qid {
			break
		}
		next := fieldOf(t, questionIDRE, page)
		_, page, _ = b.request("GET", study+"&reveal="+next, nil)
		b.post(answer, page, url.Values{"question_id": {next}, "rating": {"3"}, "mode": {"flashcard"}})
	}
	if fieldOf(t, questionIDRE, page) != qid {
		t.Fatalf("the card %s did not come back", qid)
	}
	before := e.reviewsOf(t, "ada")
	if status, _, _ := b.post(answer, page, url.Values{"question_id": {qid}, "rating": {"3"}, "mode": {"flashcard"}, "reps": {"1"}}); status != 409 {
		t.Errorf("a rating at the next reps without a new reveal: %d, want 409", status)
	}
	if e.reviewsOf(t, "ada") != before {
		t.Error("the refused rating was recorded")
	}
}

// A flashcard whose back was never shown has given nothing away: "switch
// to quiz" asks the same card as a quiz question. Once its back is shown it
// stays a flashcard until rated.
func TestAFlashcardNotRevealedSwitchesToQuiz(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study", e.bank.ID)
	_, page, _ := b.request("GET", study+"?mode=flashcard", nil)
	qid := fieldOf(t, questionIDRE, page)
	_, quiz, _ := b.request("GET", study+"?mode=quiz", nil)
	if fieldOf(t, questionIDRE, quiz) != qid || !strings.Contains(quiz, `name="mode" value="quiz"`) || strings.Contains(quiz, "rate it here first") {
		t.Fatalf("the unrevealed flashcard did not become a quiz question:\n%.1500s", quiz[strings.Index(quiz, "<main"):])
	}
	// Now a quiz question, it stays one until answered: asked for as a
	// flashcard, it shows no answer.
	_, again, _ := b.request("GET", study+"?mode=flashcard&reveal="+qid, nil)
	if strings.Contains(again, `id="back"`) || !strings.Contains(again, "This card was shown as a quiz question, so answer it here first") {
		t.Errorf("a quiz question became a flashcard before it was answered:\n%.1500s", again[strings.Index(again, "<main"):])
	}
}
