package storage

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
	"quizd/questions/srs"
)

// FlagDecision is the decision of a bank's owner (or an admin) on a flag.
type FlagDecision struct {
	FlagID    uint
	DeciderID uint
	Accept    bool
	Now       time.Time
	// Scheduler makes the scheduler of a student's re-rated cards from
	// their desired retention, as their answers are scheduled.
	Scheduler func(retention float64) *srs.Scheduler
}

// Decided is what a decision did.
type Decided struct {
	Flag *Flag
	// Question is the question after an accepted "should count" added the
	// response to its accepted answers (a new version); nil when the
	// question did not change.
	Question *StoredQuestion
	// Regraded are the answers now marked right, the flagged one and every
	// other answer to the question with the same response; Cards how many
	// cards were re-rated from them.
	Regraded []uint
	Cards    int
	// AlsoAccepted counts other students' open "should count" flags of
	// the re-graded answers, accepted with this one.
	AlsoAccepted int
}

// DecideFlag accepts or rejects an open flag, in one transaction; a flag
// decided already is ErrDecided. Rejecting, or accepting any reason but
// "should_count", only records the decision. Accepting "should_count":
//
//   - for a typed answer (flashcard, short answer, cloze) the response
//     becomes one of the question's accepted answers, as a new version of
//     the question by the decider (reason "appeal"), and the question's
//     wrong answers that are now right with the same response (as grading
//     normalises it) are re-graded;
//   - for the other types (true/false, multiple choice, ordering,
//     matching) an accepted answer does not fit: the question stays as it
//     is, and the answers with the same response (the same choice or
//     choices, the same order, the same pairs) are credited as right;
//
// and each card those answers belong to is re-rated: its reviews are
// replayed with the scheduler from the earliest re-graded one on, so that
// later reviews' states, the card's due date and undo follow the
// corrected grade. A re-graded answer rated Again (the rating of a wrong
// answer) gets the rating its corrected grade earns; one the student rated
// otherwise keeps the student's rating.
func (s *Store) DecideFlag(ctx context.Context, d FlagDecision) (*Decided, error) {
	out := &Decided{}
	now := d.Now.UTC()
	err := s.write(ctx, func(tx *gorm.DB) error {
		var f flagRow
		if err := tx.Take(&f, d.FlagID).Error; err != nil {
			return notFound(err)
		}
		if f.Status != FlagOpen {
			return ErrDecided
		}
		status := FlagRejected
		if d.Accept {
			status = FlagAccepted
		}
		res := tx.Model(&flagRow{}).Where("id = ? AND status = ?", f.ID, FlagOpen).
			Updates(map[string]any{"status": status, "decided_by": d.DeciderID, "decided_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrDecided
		}
		if !d.Accept || f.Reason != FlagShouldCount {
			return nil
		}
		return s.acceptAnswer(tx, f, d, now, out)
	})
	if err != nil {
		return nil, fmt.Errorf("storage: decide flag %d: %w", d.FlagID, err)
	}
	if out.Flag, err = s.FlagByID(ctx, d.FlagID); err != nil {
		return nil, err
	}
	return out, nil
}

// acceptAnswer makes a flagged response count: see DecideFlag.
func (s *Store) acceptAnswer(tx *gorm.DB, f flagRow, d FlagDecision, now time.Time, out *Decided) error {
	var resp []string
	if err := json.Unmarshal([]byte(f.Response), &resp); err != nil {
		return fmt.Errorf("response of flag %d: %w", f.ID, err)
	}
	q, err := questionByRow(tx, f.QuestionID)
	if err != nil {
		return err
	}
	text := questions.AcceptsText(q.Type) && len(resp) == 1 && strings.TrimSpace(resp[0]) != ""
	if text {
		typed := strings.TrimSpace(resp[0])
		edited, err := editQuestion(tx, QuestionEdit{BankID: q.BankID, QID: q.ID, AuthorID: &d.DeciderID, Reason: ReasonAppeal,
			Change: func(nq *questions.Question) error {
				for _, a := range append([]string{nq.Answer}, nq.Accept...) {
					if questions.Normalize(a) == questions.Normalize(typed) {
						return nil
					}
				}
				nq.Accept = append(nq.Accept, typed)
				return nil
			}}, now)
		if err != nil {
			return err
		}
		if edited.Version != q.Version {
			out.Question = edited
		}
		q = edited
	}
	same := sameResponse(&q.Question, resp, text)
	var wrong []reviewRow
	if err := tx.Where("question_id = ? AND correct = ?", f.QuestionID, false).Order("id").Find(&wrong).Error; err != nil {
		return err
	}
	// The new rating of each re-graded answer, by card.
	rerated := map[uint]map[uint]srs.Rating{}
	for _, rv := range wrong {
		var got []string
		if json.Unmarshal([]byte(rv.Response), &got) != nil || !same(got) {
			continue
		}
		typo := false
		if text {
			g, err := questions.Grade(&q.Question, got)
			if err != nil || !g.Correct {
				continue
			}
			typo = g.Typo
		}
		r := srs.Rating(rv.Rating)
		if r == srs.Again {
			r = srs.RatingFromGrade(true, typo, time.Duration(rv.ResponseMS)*time.Millisecond, q.Type)
		}
		if rerated[rv.CardID] == nil {
			rerated[rv.CardID] = map[uint]srs.Rating{}
		}
		rerated[rv.CardID][rv.ID] = r
		out.Regraded = append(out.Regraded, rv.ID)
	}
	cards := make([]uint, 0, len(rerated))
	for id := range rerated {
		cards = append(cards, id)
	}
	slices.Sort(cards)
	for _, id := range cards {
		if err := replayCard(tx, id, rerated[id], d.Scheduler, now); err != nil {
			return err
		}
	}
	out.Cards = len(cards)
	if len(out.Regraded) > 0 {
		res := tx.Model(&flagRow{}).Where("review_id IN ? AND status = ? AND reason = ? AND id <> ?", out.Regraded, FlagOpen, FlagShouldCount, f.ID).
			Updates(map[string]any{"status": FlagAccepted, "decided_by": d.DeciderID, "decided_at": now})
		if res.Error != nil {
			return res.Error
		}
		out.AlsoAccepted = int(res.RowsAffected)
	}
	return nil
}

// sameResponse says which responses to q are the flagged response resp.
// A typed response is the same when grading would take it for resp as
// the only answer, but for a typo: "8 Jan 2022" and "8 January 2022",
// "Paris" and "paris". Other responses are the same when they pick the
// same choices, or give the same order or pairs (questions.ResponseKey).
func sameResponse(q *questions.Question, resp []string, text bool) func([]string) bool {
	if text {
		only := questions.Question{ID: q.ID, Type: q.Type, Prompt: q.Prompt, Answer: strings.TrimSpace(resp[0]), YearOptional: q.YearOptional}
		return func(got []string) bool {
			g, err := questions.Grade(&only, got)
			return err == nil && g.Correct && !g.Typo
		}
	}
	key := questions.ResponseKey(q, resp)
	return func(got []string) bool { return questions.ResponseKey(q, got) == key }
}

// replayCard marks the answers in ratings right with their new ratings and
// replays the card's reviews from the earliest of them on, each at the
// time it was given, so that every later state follows.
func replayCard(tx *gorm.DB, cardID uint, ratings map[uint]srs.Rating, sched func(float64) *srs.Scheduler, now time.Time) error {
	first := uint(0)
	for id := range ratings {
		if first == 0 || id < first {
			first = id
		}
	}
	var card cardRow
	if err := tx.Take(&card, cardID).Error; err != nil {
		return notFound(err)
	}
	var u userRow
	if err := tx.Select("id, desired_retention").Take(&u, card.UserID).Error; err != nil {
		return notFound(err)
	}
	sc := sched(u.DesiredRetention)
	var reviews []reviewRow
	if err := tx.Where("card_id = ? AND id >= ?", cardID, first).Order("id").Find(&reviews).Error; err != nil {
		return err
	}
	if len(reviews) == 0 {
		return nil
	}
	right := true
	st := reviews[0].Before.card()
	for i := range reviews {
		rv := &reviews[i]
		r := srs.Rating(rv.Rating)
		if nr, ok := ratings[rv.ID]; ok {
			r, rv.Correct = nr, &right
		}
		o, err := sc.Apply(st, rv.ReviewedAt.UTC(), r)
		if err != nil {
			return err
		}
		rv.Before, rv.After, rv.Rating = stateOf(st), stateOf(o.Card), int8(r)
		if err := tx.Select("*").Save(rv).Error; err != nil {
			return err
		}
		st = o.Card
	}
	last := reviews[len(reviews)-1]
	return tx.Model(&cardRow{}).Where("id = ?", card.ID).Select("*").Updates(&cardRow{ID: card.ID, UserID: card.UserID,
		BankID: card.BankID, QuestionID: card.QuestionID, St: stateOf(st), LastRating: last.Rating,
		Leech: srs.IsLeech(st), UpdatedAt: now}).Error
}
