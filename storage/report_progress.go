package storage

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"quizd/questions/report"
	"quizd/questions/srs"
)

// progressSlots caps the cards the progress export holds at once: a page
// of students is as many as have this many cards between them, so that
// the export's memory stays flat whatever the class and the bank.
const progressSlots = 1 << 15

// progressQuestion is a question of the progress report with its row id.
type progressQuestion struct {
	rowID uint
	q     report.Question
}

// progressQuestions lists a bank's studied questions in bank order, with
// their row ids.
func (s *Store) progressQuestions(ctx context.Context, bankID uint) ([]progressQuestion, error) {
	var rows []questionRow
	if err := s.read(ctx).Select("id, qid, topic, prompt").Where("bank_id = ? AND retired = ?", bankID, false).Order("position, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: questions of the progress report: %w", err)
	}
	out := make([]progressQuestion, len(rows))
	for i, r := range rows {
		out[i] = progressQuestion{rowID: r.ID, q: report.Question{ID: r.QID, Topic: r.Topic, Prompt: r.Prompt}}
	}
	return out, nil
}

// progressSlot is one student's card of one question in a page, or not
// seen when they have none.
type progressSlot struct {
	seen bool
	card report.Card
}

// writeProgress writes the progress view: one row per student and
// question, students in id order and questions in bank order, a question
// without a card as new. It is the export of millions of rows, so it reads
// through database/sql rather than GORM: a page of students' cards at a
// time in one short query each, scanned into reused variables and slots
// and written as typed cells into the writer's reused line, with no
// reflection and no value boxed per row.
func (s *Store) writeProgress(ctx context.Context, bankID uint, students []StudentRef, w report.Writer, now time.Time) (int, error) {
	qs, err := s.progressQuestions(ctx, bankID)
	if err != nil || len(qs) == 0 {
		return 0, err
	}
	question := make(map[uint]int, len(qs))
	for i, q := range qs {
		question[q.rowID] = i
	}
	perPage := max(1, min(reportPage, progressSlots/len(qs)))
	slots := make([]progressSlot, perPage*len(qs))
	student := make(map[uint]int, perPage)
	cw := report.CellsTo(w)
	var cells []report.Cell
	rows := 0
	for start := 0; start < len(students); start += perPage {
		page := students[start:min(start+perPage, len(students))]
		clear(student)
		for i, st := range page {
			student[st.ID] = i
		}
		clear(slots)
		if err := s.progressPage(ctx, bankID, page, student, question, slots, len(qs)); err != nil {
			return rows, err
		}
		for i, st := range page {
			for j, q := range qs {
				var c *report.Card
				if slot := &slots[i*len(qs)+j]; slot.seen {
					c = &slot.card
				}
				cells = report.ProgressCells(cells, st.Username, q.q, c, now)
				if err := cw.Cells(cells); err != nil {
					return rows, err
				}
				rows++
			}
		}
	}
	return rows, nil
}

// progressPage reads the cards of a page of students into their slots:
// slots[student*questions+question].
func (s *Store) progressPage(ctx context.Context, bankID uint, page []StudentRef, student, question map[uint]int, slots []progressSlot, questions int) error {
	ids := make([]uint, len(page))
	for i, st := range page {
		ids[i] = st.ID
	}
	args := bankAndIDs(bankID, ids)
	// likely() hides the times' declared type from the driver, which would
	// parse each through time.Parse's layouts: sqliteTime reads them.
	q := "SELECT user_id, question_id, state, stability, reps, lapses, likely(due), likely(last_review), last_rating FROM cards WHERE bank_id = ? AND user_id IN " + inList(len(page))
	rs, err := s.reportQuery(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("storage: progress report cards: %w", err)
	}
	defer rs.Close()
	// Scanning into any takes the driver's values as they are: no
	// conversion through reflection.
	var userID, questionID, state, stability, reps, lapses, due, last, rating any
	for rs.Next() {
		if err := rs.Scan(&userID, &questionID, &state, &stability, &reps, &lapses, &due, &last, &rating); err != nil {
			return fmt.Errorf("storage: progress report cards: %w", err)
		}
		uid, _ := userID.(int64)
		qid, _ := questionID.(int64)
		i, ok := student[uint(uid)]
		j, studied := question[uint(qid)]
		if !ok || !studied {
			continue // a retired question's card
		}
		slot := &slots[i*questions+j]
		slot.seen = true
		c := &slot.card
		c.State = srs.State(intOf(state))
		c.Stability = floatOf(stability)
		c.Reps = uint64(intOf(reps))
		c.Lapses = uint64(intOf(lapses))
		c.LastRating = srs.Rating(intOf(rating))
		if c.Due, err = sqliteTime(due); err != nil {
			return fmt.Errorf("storage: progress report cards: due: %w", err)
		}
		if c.LastReview, err = sqliteTime(last); err != nil {
			return fmt.Errorf("storage: progress report cards: last review: %w", err)
		}
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("storage: progress report cards: %w", err)
	}
	return nil
}

// intOf is an integer column's value as the driver gives it (SQLite's
// always an int64, PostgreSQL's by the column's width: a smallint such as
// a card's state is an int16); 0 for NULL.
func intOf(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	}
	return 0
}

// floatOf is a real column's value as the driver gives it; 0 for NULL.
func floatOf(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	case string:
		// PostgreSQL's numeric, as text.
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}
