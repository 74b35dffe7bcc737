package server

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

// The study flow shared by the pages and the API.

// bankParam reads and checks the :id of a bank route: the bank must be
// open to the user, and an archived one is open to its managers only.
func (a *app) bankParam(c *fiber.Ctx) (*storage.Bank, error) {
	id, err := parseID("id", "bank id", c.Params("id"))
	if err != nil {
		return nil, err
	}
	b, err := a.store.BankByID(c.UserContext(), id)
	if err != nil {
		return nil, classifyNotFound(err, "no bank with this id")
	}
	if u := currentUser(c); u != nil {
		if b.Archived && !storage.CanManageBank(u, b) {
			return nil, errForbidden("this question set is archived: its owner has put it away, and your progress in it is kept; choose another set on the home page")
		}
		ok, err := a.store.CanSeeBank(c.UserContext(), u, b.ID)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, errForbidden("this bank is not open to you: join the class it is assigned to")
		}
	}
	return b, nil
}

func classifyNotFound(err error, msg string) error {
	e := classify(err)
	if e.Status == fiber.StatusNotFound {
		return &Error{Status: fiber.StatusNotFound, Msg: msg, Cause: err}
	}
	return err
}

// next finds the student's next card in a bank, at their pace there
// (class_pace.go).
func (a *app) next(c *fiber.Ctx, u *storage.User, bankID uint) (*storage.Next, time.Time, error) {
	return a.nextCard(c, u, bankID, false)
}

// nextCard is next; lean asks only for the card and the due and new
// counts, as the API answers them (storage.NextQuery.Lean).
func (a *app) nextCard(c *fiber.Ctx, u *storage.User, bankID uint, lean bool) (*storage.Next, time.Time, error) {
	now := a.cfg.Now().UTC()
	p, err := a.paceFor(c, u, bankID)
	if err != nil {
		return nil, now, err
	}
	n, err := a.store.NextCard(c.UserContext(), storage.NextQuery{
		UserID: u.ID, BankID: bankID, Now: now,
		DayStart: storage.DayStart(now, a.cfg.Location), NewPerDay: p.NewPerDay, Deadlines: p.Deadlines, Lean: lean,
	})
	return n, now, err
}

// schedulerAt is the FSRS scheduler at a desired retention: fuzzed but in
// tests that assert exact intervals.
func (a *app) schedulerAt(retention float64) *srs.Scheduler {
	s := srs.NewScheduler(retention)
	if a.cfg.ExactIntervals {
		return s
	}
	return s.Fuzzed()
}

// progressOf is the session's progress: today's goal stays put while the
// student works through it (storage.Next.Goal).
func progressOf(n *storage.Next) views.Progress {
	p := views.Progress{Done: n.Finished, Total: n.Goal, Due: n.DueCount, New: n.NewCount}
	if p.Total > 0 {
		p.Percent = 100 * p.Done / p.Total
	}
	return p
}

// ratingButtons labels Again, Hard, Good and Easy with the interval each
// would give the card now.
func ratingButtons(sched *srs.Scheduler, card srs.Card, now time.Time, current srs.Rating) ([]views.RatingButton, error) {
	preview, err := sched.Preview(card, now)
	if err != nil {
		return nil, err
	}
	out := make([]views.RatingButton, 0, 4)
	for _, r := range srs.Ratings {
		out = append(out, views.RatingButton{Rating: int(r), Label: srs.RatingName(r), Interval: srs.FormatInterval(preview[r].Interval), Current: r == current})
	}
	return out, nil
}

// seededShuffle puts xs in an order fixed by the seed, and never in the
// order given when there is another.
func seededShuffle(seed string, xs []string) []string {
	out := slices.Clone(xs)
	h := sha256.Sum256([]byte(seed))
	r := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(h[:8]), binary.LittleEndian.Uint64(h[8:16])))
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	if len(out) > 1 && slices.Equal(out, xs) {
		out = append(out[1:], out[0])
	}
	return out
}

// questionView is a question as its widget shows it: nothing that gives
// the answer away, but for a flashcard's back.
func questionView(q *storage.StoredQuestion, reps uint64, isNew bool) views.QuestionView {
	v := views.QuestionView{ID: q.ID, Type: string(q.Type), Topic: q.Topic, Prompt: q.Prompt,
		Explanation: q.Explanation, Source: q.SourceRef, IsNew: isNew}
	seed := fmt.Sprintf("%s/%d", q.ID, reps)
	switch q.Type {
	case questions.Cloze:
		v.Before, v.After, _ = strings.Cut(q.Prompt, questions.Blank)
	case questions.MultipleChoice:
		v.Choices, v.Multiple = q.Choices, q.MultipleAnswers()
	case questions.Ordering:
		v.Items = seededShuffle(seed, q.Items)
		for i := range q.Items {
			v.Positions = append(v.Positions, i+1)
			v.Selects = append(v.Selects, newSelect(fmt.Sprintf("Position %d", i+1), v.Items))
		}
	case questions.Matching:
		var rights []string
		for _, p := range q.Pairs {
			v.Lefts = append(v.Lefts, p.Left)
			rights = append(rights, p.Right)
		}
		v.Rights = seededShuffle(seed, rights)
		for _, l := range v.Lefts {
			v.Selects = append(v.Selects, newSelect(l, v.Rights))
		}
	}
	v.Back = expectedText(&q.Question)
	switch q.Type {
	case questions.Ordering:
		v.BackList = q.Items
	case questions.Matching:
		for _, p := range q.Pairs {
			v.BackList = append(v.BackList, p.Left+" — "+p.Right)
		}
	}
	return v
}

func newSelect(label string, options []string) views.Select {
	s := views.Select{Label: label}
	for _, o := range options {
		s.Options = append(s.Options, views.Option{Value: o})
	}
	return s
}

// keepPicks puts a refused response back in the selects of v, so that the
// student changes only what was wrong, and marks the select at fault.
func keepPicks(v *views.QuestionView, response []string, re *questions.ResponseError) {
	for i := range v.Selects {
		if i >= len(response) {
			break
		}
		for j := range v.Selects[i].Options {
			v.Selects[i].Options[j].Selected = v.Selects[i].Options[j].Value == response[i]
		}
	}
	if re == nil || re.At < 1 || re.At > len(v.Selects) {
		return
	}
	at, picked := re.At-1, response[re.At-1]
	switch {
	case picked == "":
		v.Selects[at].Fault = "Choose one here."
	case slices.Index(response, picked) < at:
		v.Selects[at].Fault = fmt.Sprintf("“%s” is chosen above too: choose another here.", picked)
	default:
		v.Selects[at].Fault = fmt.Sprintf("“%s” is not one of the options: choose one here.", picked)
	}
}

// expectedText is the right answer as a sentence shows it.
func expectedText(q *questions.Question) string {
	switch q.Type {
	case questions.TrueFalse:
		if q.Answer == "true" {
			return "True"
		}
		return "False"
	case questions.Ordering:
		return strings.Join(q.Items, " → ")
	case questions.Matching:
		parts := make([]string, len(q.Pairs))
		for i, p := range q.Pairs {
			parts[i] = p.Left + " — " + p.Right
		}
		return strings.Join(parts, "; ")
	case questions.MultipleChoice:
		return strings.Join(q.CorrectChoices(), "; ")
	}
	return q.Answer
}

// answerInput is one answer as a page or an API call gives it.
type answerInput struct {
	QuestionID string
	// Rating is set for a self-rated answer, or to override the rating a
	// graded answer earned.
	Rating   srs.Rating
	Response []string // nil for a self-rated answer
	Took     time.Duration
	Reps     *uint64
	// RequireRevealed refuses a self-rating of a card whose back was not
	// shown (storage.ErrNotRevealed).
	RequireRevealed bool
	// Practice answers are kept apart and change no schedule; TestID
	// names the practice test one belongs to.
	Practice bool
	TestID   uint
}

// answerResult is what an answer did, for the feedback page and the API.
type answerResult struct {
	Rec      *storage.Recorded
	Graded   bool
	Result   questions.Result
	Rating   srs.Rating
	Expected string
	// Practice is set for a practice answer (Rec is then nil).
	Practice *storage.PracticeRecorded
}

// answer grades a response (or takes a self-rating) and records it.
func (a *app) answer(c *fiber.Ctx, u *storage.User, bank *storage.Bank, in answerInput) (*answerResult, error) {
	if strings.TrimSpace(in.QuestionID) == "" {
		return nil, errBadRequest("question_id", "question_id is missing")
	}
	q, err := a.store.Question(c.UserContext(), bank.ID, in.QuestionID)
	if err != nil {
		return nil, classifyNotFound(err, fmt.Sprintf("question_id: no question %q in this bank", in.QuestionID))
	}
	res := &answerResult{Rating: in.Rating, Expected: expectedText(&q.Question)}
	var correct *bool
	respJSON := ""
	if in.Response != nil {
		r, err := questions.Grade(&q.Question, in.Response)
		if err != nil {
			return nil, err
		}
		res.Graded, res.Result = true, r
		correct = &r.Correct
		if res.Rating == 0 {
			res.Rating = srs.RatingFromGrade(r.Correct, r.Typo, in.Took, q.Type)
		}
		data, _ := json.Marshal(in.Response)
		respJSON = string(data)
	}
	if res.Rating == 0 {
		return nil, errBadRequest("rating", "give a rating (1-4) or a response")
	}
	if in.Practice {
		return a.recordPractice(c, u, bank, q, in, res, correct, respJSON)
	}
	sched, err := a.bankScheduler(c, u, bank.ID)
	if err != nil {
		return nil, err
	}
	rec, err := a.store.RecordAnswer(c.UserContext(), storage.Answer{
		UserID: u.ID, BankID: bank.ID, QuestionID: q.ID, Rating: res.Rating, Correct: correct,
		Response: respJSON, ResponseMS: in.Took.Milliseconds(), ExpectReps: in.Reps, RequireRevealed: in.RequireRevealed,
		Now: a.cfg.Now(), Scheduler: sched, Question: q,
	})
	if err != nil {
		return nil, err
	}
	res.Rec = rec
	return res, nil
}
