package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions/srs"
)

// SeedReportAnswers gives the cards of a class in a bank (as SeedReport
// writes them) one to three answers each, the first wrong for about one
// in five, with one of four wrong responses, so that a benchmark's item
// analysis and accuracy have figures to show. It returns the number of
// answers written.
func (s *Store) SeedReportAnswers(ctx context.Context, classID, bankID uint, now time.Time) (int, error) {
	var cards []cardRow
	err := s.read(ctx).Where("bank_id = ? AND user_id IN (?)", bankID, s.read(ctx).Model(&classMemberRow{}).Select("user_id").Where("class_id = ?", classID)).
		Order("user_id, question_id").Find(&cards).Error
	if err != nil {
		return 0, fmt.Errorf("storage: seed report answers: %w", err)
	}
	right, wrong := true, false
	reviews := make([]reviewRow, 0, 2*len(cards))
	for i, c := range cards {
		n := 1 + i%3
		for k := range n {
			at := now.Add(-time.Duration(n-k) * 24 * time.Hour).Add(-time.Duration(i%600) * time.Minute)
			r := reviewRow{UserID: c.UserID, BankID: bankID, QuestionID: c.QuestionID, CardID: c.ID, Rating: int8(srs.Good), Correct: &right,
				Response: `["right"]`, ResponseMS: int64(2000 + i%5000), ReviewedAt: at, Before: cardState{State: int8(srs.Review), Stability: 3}, After: c.St}
			if k == 0 {
				r.Before = cardState{State: int8(srs.New)}
				if (3*int(c.UserID)+int(c.QuestionID))%5 == 0 {
					r.Rating, r.Correct, r.Response = int8(srs.Again), &wrong, fmt.Sprintf(`["wrong %d"]`, (i+int(c.QuestionID))%4)
				}
			}
			reviews = append(reviews, r)
		}
	}
	const batch = 20000
	for start := 0; start < len(reviews); start += batch {
		part := reviews[start:min(start+batch, len(reviews))]
		if err := s.write(ctx, func(tx *gorm.DB) error { return tx.CreateInBatches(part, 1000).Error }); err != nil {
			return 0, fmt.Errorf("storage: seed report answers: %w", err)
		}
	}
	return len(reviews), nil
}
