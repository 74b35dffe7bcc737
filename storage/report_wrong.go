package storage

import (
	"context"
	"encoding/json"
	"fmt"

	"quizd/questions"
	"quizd/questions/report"
)

// wrongTally counts the wrong responses to each question of a report, as
// the students of its scope are read: question id → stored response →
// count. It holds each distinct response once, whatever the class size.
type wrongTally map[string]map[string]int

func (w wrongTally) add(f *StudentFacts) {
	for _, a := range f.Answers {
		if a.Correct == nil || *a.Correct || a.Response == "" {
			continue
		}
		m := w[a.QuestionID]
		if m == nil {
			m = map[string]int{}
			w[a.QuestionID] = m
		}
		m[a.Response]++
	}
}

// commonWrong writes each question's tallied wrong responses as the
// student gave them (questions.ResponseText), and keeps the most common
// (report.CommonWrong).
func (s *Store) commonWrong(ctx context.Context, bankID uint, w wrongTally, items []report.Item) error {
	if len(w) == 0 {
		return nil
	}
	var rows []questionRow
	if err := s.read(ctx).Select("qid, data").Where("bank_id = ?", bankID).Find(&rows).Error; err != nil {
		return fmt.Errorf("storage: wrong responses: %w", err)
	}
	byID := make(map[string]*questions.Question, len(rows))
	for _, r := range rows {
		var q questions.Question
		if err := json.Unmarshal([]byte(r.Data), &q); err != nil {
			return fmt.Errorf("storage: wrong responses: question %s: %w", r.QID, err)
		}
		byID[r.QID] = &q
	}
	for i := range items {
		counts, q := w[items[i].QuestionID], byID[items[i].QuestionID]
		if q == nil {
			continue
		}
		given := make([]report.Response, 0, len(counts))
		for stored, n := range counts {
			var resp []string
			if json.Unmarshal([]byte(stored), &resp) != nil {
				continue
			}
			given = append(given, report.Response{Response: questions.ResponseText(q, resp), Count: n})
		}
		items[i].CommonWrong = report.CommonWrong(given, report.MaxCommonWrong)
	}
	return nil
}
