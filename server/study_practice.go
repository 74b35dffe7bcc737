package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

// Practice: questions asked off the schedule. Answers are graded and kept
// (storage.RecordPractice) but no card's FSRS state or due date changes.

// defaultTestSize is the number of questions a practice test has unless
// the student asks for another.
const defaultTestSize = 10

// practiceTarget is what a student practises: a set of cards, or a test.
type practiceTarget struct {
	Set    storage.PracticeSet
	TestID uint
}

// practiceTargetOf reads and checks the topic, filter and test of a
// practice request against the bank.
func (a *app) practiceTargetOf(c *fiber.Ctx, bank *storage.Bank, topic, filter, test string) (*practiceTarget, error) {
	p := &practiceTarget{}
	switch filter {
	case "", "all":
	case storage.PracticeMistakes, storage.PracticeLeeches:
		p.Set.Filter = filter
	default:
		return nil, errBadRequest("filter", fmt.Sprintf("The filter %q is not one of all, mistakes or leeches: use one of those.", clip(filter)))
	}
	if topic != "" {
		topics, err := a.bankTopics(c, bank.ID)
		if err != nil {
			return nil, err
		}
		if !slices.Contains(topics, topic) {
			return nil, errBadRequest("topic", fmt.Sprintf("This bank has no topic %q: use one of %s.", clip(topic), strings.Join(topics, ", ")))
		}
		p.Set.Topic = topic
	}
	if test != "" {
		id, err := parseID("test", "practice test id", test)
		if err != nil {
			return nil, err
		}
		p.TestID = id
	}
	return p, nil
}

// clip shortens a value quoted back in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

func (a *app) bankTopics(c *fiber.Ctx, bankID uint) ([]string, error) {
	tc, err := a.store.Topics(c.UserContext(), bankID)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(tc))
	for i, t := range tc {
		out[i] = t.Topic
	}
	return out, nil
}

// label names a practice set in a sentence.
func (p *practiceTarget) label(set storage.PracticeSet) string {
	s := "the whole bank"
	switch set.Filter {
	case storage.PracticeMistakes:
		s = "today's mistakes"
	case storage.PracticeLeeches:
		s = "your leeches"
	}
	switch {
	case set.Topic != "" && set.Filter == "":
		s = "the topic " + set.Topic
	case set.Topic != "":
		s += " in the topic " + set.Topic
	}
	if p.TestID != 0 {
		s = "a practice test of " + s
	}
	return s
}

// url is the practice page of the target.
func (p *practiceTarget) url(bankID uint) string {
	q := url.Values{}
	switch {
	case p.TestID != 0:
		q.Set("test", strconv.FormatUint(uint64(p.TestID), 10))
	default:
		if p.Set.Topic != "" {
			q.Set("topic", p.Set.Topic)
		}
		q.Set("filter", cmpOr(p.Set.Filter, "all"))
	}
	return fmt.Sprintf("/banks/%d/practice?%s", bankID, q.Encode())
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (a *app) nextPractice(c *fiber.Ctx, u *storage.User, bank *storage.Bank, p *practiceTarget) (*storage.PracticeNext, time.Time, error) {
	now := a.cfg.Now().UTC()
	pn, err := a.store.NextPractice(c.UserContext(), storage.PracticeQuery{
		UserID: u.ID, BankID: bank.ID, Set: p.Set, TestID: p.TestID, Now: now, DayStart: storage.DayStart(now, a.cfg.Location),
	})
	if err != nil {
		return nil, now, classifyNotFound(err, fmt.Sprintf("You have no practice test %d in this bank: start one from the practice page.", p.TestID))
	}
	if pn.Test != nil {
		p.Set = pn.Test.Set
	}
	return pn, now, nil
}

type testJSON struct {
	ID       uint   `json:"id"`
	Topic    string `json:"topic"`
	Filter   string `json:"filter"`
	Size     int    `json:"size"`
	Answered int    `json:"answered"`
	Correct  int    `json:"correct"`
	Done     bool   `json:"done"`
}

func testJSONOf(t *storage.TestScore) *testJSON {
	if t == nil {
		return nil
	}
	return &testJSON{ID: t.ID, Topic: t.Set.Topic, Filter: cmpOr(t.Set.Filter, "all"), Size: t.Size, Answered: t.Answered, Correct: t.Correct, Done: t.Done}
}

// apiNextPractice gives the next question to practise, or null when the
// set is empty or the test is over.
func (a *app) apiNextPractice(c *fiber.Ctx, u *storage.User, bank *storage.Bank) error {
	p, err := a.practiceTargetOf(c, bank, c.Query("topic"), c.Query("filter"), c.Query("test"))
	if err != nil {
		return err
	}
	pn, _, err := a.nextPractice(c, u, bank, p)
	if err != nil {
		return err
	}
	body := fiber.Map{"practice": true, "question": nil, "pool": pn.Pool}
	if pn.Test != nil {
		body["test"] = testJSONOf(pn.Test)
	}
	if pn.Question == nil {
		return c.JSON(body)
	}
	v := questionView(pn.Question, pn.Card.Reps, !pn.Seen)
	body["question"] = questionJSON{ID: v.ID, Topic: v.Topic, Type: v.Type, Prompt: v.Prompt, Choices: v.Choices, Multiple: v.Multiple,
		Items: v.Items, Lefts: v.Lefts, Rights: v.Rights, Reps: pn.Card.Reps, IsNew: !pn.Seen}
	if pn.Seen {
		body["due"] = pn.Card.Due
	}
	return c.JSON(body)
}

type practiceTestJSON struct {
	Size   *int    `json:"size"`
	Topic  *string `json:"topic"`
	Filter *string `json:"filter"`
}

// createTest starts a practice test of size questions of a set.
func (a *app) createTest(c *fiber.Ctx, u *storage.User, bank *storage.Bank, p *practiceTarget, size int) (*storage.TestScore, error) {
	if size < 1 || size > storage.MaxPracticeTest {
		return nil, errBadRequest("size", fmt.Sprintf("A practice test has 1 to %d questions, not %d: choose a number in that range.", storage.MaxPracticeTest, size))
	}
	now := a.cfg.Now()
	t, err := a.store.CreatePracticeTest(c.UserContext(), u.ID, bank.ID, p.Set, size, now, storage.DayStart(now, a.cfg.Location))
	if errors.Is(err, storage.ErrNothingToPractise) {
		return nil, &Error{Status: fiber.StatusUnprocessableEntity, Field: "topic",
			Msg: fmt.Sprintf("There is nothing to practise in %s right now: choose another topic or set.", p.label(p.Set)), Cause: err}
	}
	return t, err
}

// apiPracticeTestCreate starts a practice test.
func (a *app) apiPracticeTestCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	var in practiceTestJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	size := defaultTestSize
	if in.Size != nil {
		size = *in.Size
	}
	p, err := a.practiceTargetOf(c, bank, deref(in.Topic), deref(in.Filter), "")
	if err != nil {
		return err
	}
	t, err := a.createTest(c, u, bank, p, size)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(testJSONOf(t))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// apiPracticeTestShow gives how a practice test stands: its score once done.
func (a *app) apiPracticeTestShow(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	id, err := parseID("test", "practice test id", c.Params("test"))
	if err != nil {
		return err
	}
	t, err := a.store.PracticeTest(c.UserContext(), u.ID, bank.ID, id)
	if err != nil {
		return classifyNotFound(err, fmt.Sprintf("you have no practice test %d in this bank", id))
	}
	return c.JSON(testJSONOf(t))
}

// recordPractice keeps a graded or self-rated practice answer.
func (a *app) recordPractice(c *fiber.Ctx, u *storage.User, bank *storage.Bank, q *storage.StoredQuestion, in answerInput, res *answerResult, correct *bool, respJSON string) (*answerResult, error) {
	rec, err := a.store.RecordPractice(c.UserContext(), storage.PracticeAnswer{
		UserID: u.ID, BankID: bank.ID, QuestionID: q.ID, TestID: in.TestID, Rating: res.Rating, Correct: correct,
		Response: respJSON, ResponseMS: in.Took.Milliseconds(), Now: a.cfg.Now(),
	})
	switch {
	case errors.Is(err, storage.ErrConflict):
		return nil, &Error{Status: fiber.StatusConflict, Msg: "This question of the practice test is answered already: go on to the next one.", Cause: err}
	case errors.Is(err, storage.ErrNotFound):
		return nil, &Error{Status: fiber.StatusNotFound, Field: "test_id", Msg: fmt.Sprintf("You have no practice test %d in this bank with question %q in it.", in.TestID, clip(q.ID)), Cause: err}
	case err != nil:
		return nil, err
	}
	res.Practice = rec
	return res, nil
}

func practiceResponse(res *answerResult) fiber.Map {
	out := fiber.Map{
		"practice":    true,
		"correct":     nil,
		"rating":      int(res.Rating),
		"expected":    res.Expected,
		"due":         res.Practice.Due,
		"review_id":   nil,
		"practice_id": res.Practice.ID,
	}
	if res.Graded {
		out["correct"] = res.Result.Correct
	}
	if res.Practice.Test != nil {
		out["test"] = testJSONOf(res.Practice.Test)
	}
	return out
}

// practiceChoices are the sets the done and practice pages offer.
func (a *app) practiceChoices(c *fiber.Ctx, bankID uint) (views.PracticeChoices, error) {
	topics, err := a.bankTopics(c, bankID)
	return views.PracticeChoices{Topics: topics, DefaultSize: defaultTestSize, MaxSize: storage.MaxPracticeTest}, err
}

// practiceShow offers practice, or shows the next question to practise, or
// a finished test's score.
func (a *app) practiceShow(c *fiber.Ctx) error {
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	if c.Query("topic") == "" && c.Query("filter") == "" && c.Query("test") == "" {
		return a.renderPracticePage(c, bank, fiber.StatusOK, views.PracticePage{})
	}
	p, err := a.practiceTargetOf(c, bank, c.Query("topic"), c.Query("filter"), c.Query("test"))
	if err != nil {
		return err
	}
	return a.renderPractice(c, bank, p, c.Query("reveal") == "1", fiber.StatusOK, "")
}

func (a *app) renderPracticePage(c *fiber.Ctx, bank *storage.Bank, status int, page views.PracticePage) error {
	choices, err := a.practiceChoices(c, bank.ID)
	if err != nil {
		return err
	}
	page.Layout, page.Bank, page.Choices = a.layout(c, "Practice", "study"), views.BankRef{ID: bank.ID, Title: bank.Title}, choices
	return c.Status(status).Render("practice", page)
}

// renderPractice shows the next question of p, with a message when the
// last answer did not fit it.
func (a *app) renderPractice(c *fiber.Ctx, bank *storage.Bank, p *practiceTarget, reveal bool, status int, msg string) error {
	u := currentUser(c)
	pn, now, err := a.nextPractice(c, u, bank, p)
	if err != nil {
		return err
	}
	if pn.Question == nil {
		page := views.PracticePage{}
		if t := pn.Test; t != nil {
			page.Score = &views.TestScore{ID: t.ID, Label: p.label(t.Set), Size: t.Size, Answered: t.Answered, Correct: t.Correct}
			if t.Size > 0 {
				page.Score.Percent = roundedPercent(t.Correct, t.Size)
			}
		} else {
			page.Empty = p.label(p.Set)
		}
		return a.renderPracticePage(c, bank, fiber.StatusOK, page)
	}
	shown := storage.ModeQuiz
	if pn.Question.Type == questions.Flashcard {
		shown = storage.ModeFlashcard
	}
	info := &views.PracticeInfo{Label: p.label(p.Set), Topic: p.Set.Topic, Filter: p.Set.Filter, TestID: p.TestID, URL: p.url(bank.ID)}
	if t := pn.Test; t != nil {
		info.Position, info.Size = t.Answered+1, t.Size
	}
	// Practice changes no interval, so the ratings show none.
	var buttons []views.RatingButton
	for _, r := range srs.Ratings {
		buttons = append(buttons, views.RatingButton{Rating: int(r), Label: srs.RatingName(r)})
	}
	return c.Status(status).Render("study", views.StudyPage{
		Layout: a.layout(c, "Practice · "+bank.Title, "study"), Bank: views.BankRef{ID: bank.ID, Title: bank.Title},
		Mode: storage.ModeQuiz, Shown: shown, Q: questionView(pn.Question, pn.Card.Reps, !pn.Seen),
		Reveal: reveal && shown == storage.ModeFlashcard, Buttons: buttons, ShownAt: now.UnixMilli(), Reps: pn.Card.Reps,
		Error: msg, Practice: info,
	})
}

// practiceAnswered goes on from a practice answer given on the study page.
func (a *app) practiceAnswered(c *fiber.Ctx, bank *storage.Bank, p *practiceTarget, res *answerResult, err error) error {
	var re *questions.ResponseError
	switch {
	case errors.Is(err, storage.ErrConflict):
		// A second submit of a test answer: go on to the next question.
		return c.Redirect(p.url(bank.ID), fiber.StatusSeeOther)
	case errors.Is(err, questions.ErrResponseTooLong):
		return a.renderPractice(c, bank, p, false, fiber.StatusUnprocessableEntity, fmt.Sprintf("Your answer is longer than %d KiB: shorten it and answer again.", questions.MaxResponseBytes>>10))
	case errors.As(err, &re):
		return a.renderPractice(c, bank, p, false, fiber.StatusUnprocessableEntity, "Please answer every part: "+strings.TrimPrefix(re.Msg, "response: "))
	case err != nil:
		return err
	}
	if !res.Graded {
		return c.Redirect(p.url(bank.ID), fiber.StatusSeeOther)
	}
	q := url.Values{}
	if p.TestID != 0 {
		q.Set("test", strconv.FormatUint(uint64(p.TestID), 10))
	} else {
		q.Set("topic", p.Set.Topic)
		q.Set("filter", cmpOr(p.Set.Filter, "all"))
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/practice/feedback/%d?%s", bank.ID, res.Practice.ID, q.Encode()), fiber.StatusSeeOther)
}

// practiceTestCreate starts a practice test from the page.
func (a *app) practiceTestCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	size, err := strconv.Atoi(c.FormValue("size"))
	if err != nil {
		return a.renderPracticePage(c, bank, fiber.StatusBadRequest, views.PracticePage{
			Error: fmt.Sprintf("The number of questions %q is not a whole number: enter one from 1 to %d.", clip(c.FormValue("size")), storage.MaxPracticeTest)})
	}
	p, err := a.practiceTargetOf(c, bank, c.FormValue("topic"), c.FormValue("filter"), "")
	if err != nil {
		return err
	}
	t, err := a.createTest(c, u, bank, p, size)
	var e *Error
	if errors.As(err, &e) && e.Status < 500 {
		return a.renderPracticePage(c, bank, e.Status, views.PracticePage{Error: e.Msg})
	}
	if err != nil {
		return err
	}
	p.TestID = t.ID
	return c.Redirect(p.url(bank.ID), fiber.StatusSeeOther)
}

// practiceFeedbackShow shows the verdict on a practice answer.
func (a *app) practiceFeedbackShow(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	id, err := parseID("answer", "the practice answer id", c.Params("answer"))
	if err != nil {
		return err
	}
	pa, err := a.store.PracticeByID(c.UserContext(), u.ID, id)
	if err != nil || pa.BankID != bank.ID {
		return classifyNotFound(orNotFound(err), "There is no such practice answer of yours.")
	}
	p := &practiceTarget{TestID: pa.TestID}
	if p.TestID == 0 {
		if p, err = a.practiceTargetOf(c, bank, c.Query("topic"), c.Query("filter"), ""); err != nil {
			return err
		}
	}
	var resp []string
	_ = json.Unmarshal([]byte(pa.Response), &resp)
	page := views.PracticeFeedbackPage{
		Layout: a.layout(c, "Practice · "+bank.Title, "study"), Bank: views.BankRef{ID: bank.ID, Title: bank.Title},
		Prompt: pa.Question.Prompt, Expected: expectedText(&pa.Question.Question), Explanation: pa.Question.Explanation,
		Source: pa.Question.SourceRef, Given: givenText(&pa.Question.Question, resp),
	}
	if pa.Correct != nil && *pa.Correct {
		page.Correct = true
		r, err := questions.Grade(&pa.Question.Question, resp)
		page.Typo = err == nil && r.Typo
	}
	if p.TestID != 0 {
		t, err := a.store.PracticeTest(c.UserContext(), u.ID, bank.ID, p.TestID)
		if err != nil {
			return err
		}
		p.Set = t.Set
		page.Answered, page.Right, page.Practice.Size = t.Answered, t.Correct, t.Size
	}
	page.Practice.Label, page.Practice.URL = p.label(p.Set), p.url(bank.ID)
	if cs, err := a.store.CardState(c.UserContext(), u.ID, bank.ID, pa.Question.ID); err == nil {
		page.Due = "in " + srs.FormatInterval(cs.After.Due.Sub(a.cfg.Now()))
		if cs.After.Due.Before(a.cfg.Now()) {
			page.Due = "now"
		}
	}
	return c.Render("practice_feedback", page)
}

// undoable is the id of the student's latest answer in a bank, which the
// study pages offer to undo, or 0.
func (a *app) undoable(c *fiber.Ctx, u *storage.User, bankID uint) uint {
	id, err := a.store.LatestReview(c.UserContext(), u.ID, bankID)
	if err != nil {
		return 0
	}
	return id
}

// doneExtras adds to the done page the answer to undo and the practice on offer.
func (a *app) doneExtras(c *fiber.Ctx, u *storage.User, page *views.DonePage) error {
	page.Undo = a.undoable(c, u, page.Bank.ID)
	var err error
	page.Choices, err = a.practiceChoices(c, page.Bank.ID)
	return err
}

// statsCards adds to a bank's stats the cards set aside and those forgotten most.
func (a *app) statsCards(c *fiber.Ctx, u *storage.User, bs *views.BankStats, csrf string, now time.Time) error {
	held, err := a.store.Holds(c.UserContext(), u.ID, bs.Bank.ID, now)
	if err != nil {
		return err
	}
	for _, h := range held {
		hc := views.HeldCard{QuestionID: h.QuestionID, Prompt: h.Prompt, Suspended: h.Suspended}
		if h.BuriedUntil != nil {
			hc.BuriedUntil = h.BuriedUntil.In(a.cfg.Location).Format("Mon 2 Jan 15:04")
		}
		bs.Held = append(bs.Held, hc)
	}
	forgotten, err := a.store.Forgotten(c.UserContext(), u.ID, bs.Bank.ID, 5, now)
	if err != nil {
		return err
	}
	for _, h := range forgotten {
		bs.Forgotten = append(bs.Forgotten, views.HeldCard{QuestionID: h.QuestionID, Prompt: h.Prompt})
	}
	bs.CSRF = csrf
	return nil
}

// roundedPercent is n of total as a whole percentage, rounded to the
// nearest: 2 of 3 is 67%, as a student would work it out.
func roundedPercent(n, total int) int {
	if total <= 0 {
		return 0
	}
	return (200*n + total) / (2 * total)
}
