package server

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/srs"
)

type bankJSON struct {
	ID            uint   `json:"id"`
	Slug          string `json:"slug"`
	Title         string `json:"title"`
	QuestionCount int    `json:"question_count"`
	// Archived: the bank is archived, which only its owner and the
	// admins see; to everyone else it is not listed at all.
	Archived bool `json:"archived"`
}

func (a *app) apiBanks(c *fiber.Ctx) error {
	banks, err := a.store.VisibleBanks(c.UserContext(), currentUser(c))
	if err != nil {
		return err
	}
	out := []bankJSON{}
	for _, b := range banks {
		out = append(out, bankView(b))
	}
	return c.JSON(fiber.Map{"banks": out})
}

// questionJSON is a question to answer: never its answer.
type questionJSON struct {
	ID        string            `json:"id"`
	Topic     string            `json:"topic"`
	Type      string            `json:"type"`
	Prompt    string            `json:"prompt"`
	Choices   []string          `json:"choices,omitempty"`
	Multiple  bool              `json:"multiple,omitempty"`
	Items     []string          `json:"items,omitempty"`
	Lefts     []string          `json:"lefts,omitempty"`
	Rights    []string          `json:"rights,omitempty"`
	Reps      uint64            `json:"reps"`
	IsNew     bool              `json:"is_new"`
	Intervals map[string]string `json:"intervals,omitempty"`
}

// apiNext gives the next card of a bank, or null with when one is due.
func (a *app) apiNext(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	switch c.Query("mode") {
	case "", "review":
	case "practice":
		return a.apiNextPractice(c, u, bank)
	default:
		return errBadRequest("mode", fmt.Sprintf("mode %q is not review or practice", clip(c.Query("mode"))))
	}
	n, now, err := a.nextCard(c, u, bank.ID, true)
	if err != nil {
		return err
	}
	body := fiber.Map{"question": nil, "due_count": n.DueCount, "new_count": n.NewCount}
	if n.Question == nil {
		body["next_due"] = n.NextDue
		return c.JSON(body)
	}
	v := questionView(n.Question, n.Card.Reps, n.IsNew)
	q := questionJSON{ID: v.ID, Topic: v.Topic, Type: v.Type, Prompt: v.Prompt, Choices: v.Choices, Multiple: v.Multiple,
		Items: v.Items, Lefts: v.Lefts, Rights: v.Rights, Reps: n.Card.Reps, IsNew: n.IsNew, Intervals: map[string]string{}}
	sched, err := a.bankScheduler(c, u, bank.ID)
	if err != nil {
		return err
	}
	preview, err := sched.Preview(n.Card, now)
	if err != nil {
		return err
	}
	for r, o := range preview {
		q.Intervals[strings.ToLower(srs.RatingName(r))] = srs.FormatInterval(o.Interval)
	}
	body["question"] = q
	return c.JSON(body)
}

type answerJSON struct {
	QuestionID *string        `json:"question_id"`
	Rating     *int           `json:"rating"`
	Response   *responseValue `json:"response"`
	ResponseMS *int64         `json:"response_ms"`
	Reps       *uint64        `json:"reps"`
	Practice   *bool          `json:"practice"`
	TestID     *uint          `json:"test_id"`
}

// apiAnswer records an answer: a self-rating, or a response to grade.
func (a *app) apiAnswer(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	var in answerJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.QuestionID == nil || *in.QuestionID == "" {
		return errBadRequest("question_id", "question_id is missing")
	}
	if in.Rating == nil && in.Response == nil {
		return errBadRequest("rating", "give a rating (1-4) for a self-rated answer, or a response to grade")
	}
	ai := answerInput{QuestionID: *in.QuestionID, Reps: in.Reps, Practice: in.Practice != nil && *in.Practice}
	if in.TestID != nil {
		if !ai.Practice {
			return errBadRequest("test_id", `test_id is for practice answers: send "practice": true with it`)
		}
		ai.TestID = *in.TestID
	}
	if in.Rating != nil {
		if *in.Rating < 1 || *in.Rating > 4 {
			return errBadRequest("rating", "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
		}
		ai.Rating = srs.Rating(*in.Rating)
	}
	if in.Response != nil {
		ai.Response = []string(*in.Response)
	}
	if in.ResponseMS != nil {
		if *in.ResponseMS < 0 {
			return errBadRequest("response_ms", "response_ms must not be negative")
		}
		ai.Took = time.Duration(min(*in.ResponseMS, int64(time.Hour/time.Millisecond))) * time.Millisecond
	}
	res, err := a.answer(c, u, bank, ai)
	if err != nil {
		return err
	}
	return c.JSON(answerResponse(res))
}

func answerResponse(res *answerResult) fiber.Map {
	if res.Practice != nil {
		return practiceResponse(res)
	}
	out := fiber.Map{
		"correct":       nil,
		"rating":        int(res.Rating),
		"expected":      res.Expected,
		"due":           res.Rec.Card.Due,
		"interval_days": math.Round(res.Rec.Interval.Hours()/24*1000) / 1000,
		"state":         srs.StateName(res.Rec.Card.State),
		"reps":          res.Rec.Card.Reps,
		"review_id":     res.Rec.ReviewID,
	}
	if res.Graded {
		out["correct"] = res.Result.Correct
	}
	return out
}
