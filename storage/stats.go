package storage

import (
	"context"
	"fmt"
	"time"

	"quizd/questions/srs"
)

// StatsDays is how many days the stats look back and ahead.
const StatsDays = 30

// Stats is one student's record in one bank.
type Stats struct {
	// ReviewsPerDay counts answers on each of the last StatsDays days,
	// oldest first, today last.
	ReviewsPerDay []DayCount
	Reviews       int // in the last StatsDays days
	// Retention is the share of answers to cards in review that were not
	// Again, over the last StatsDays days ("true retention"); -1 when there
	// were none.
	Retention      float64
	RetentionCount int
	// DueForecast counts cards due on each of the next StatsDays days,
	// today first (overdue cards count as due today).
	DueForecast []DayCount
	Topics      []TopicMastery
	// Leeches are the student's cards that lapsed srs.LeechLapses times:
	// they are no longer shown.
	Leeches []Leech
}

// Leech is a card set aside for lapsing too often.
type Leech struct {
	QuestionID, Topic, Prompt string
	Lapses                    uint64
}

// DayCount is a number for one day.
type DayCount struct {
	Day   time.Time
	Count int
}

// TopicMastery is how far a student is in one topic.
type TopicMastery struct {
	Topic     string
	Questions int
	Seen      int
	Mastered  int // see srs.Mastered
}

// dayStart is the start of the day of t in loc.
func dayStart(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// DayStart is the start of the day of t in loc; study days begin at
// midnight in the server's time zone.
func DayStart(t time.Time, loc *time.Location) time.Time { return dayStart(t, loc) }

// StudentStats computes a student's stats in a bank. Days are calendar
// days in loc.
func (s *Store) StudentStats(ctx context.Context, userID, bankID uint, now time.Time, loc *time.Location) (*Stats, error) {
	db := s.read(ctx)
	today := dayStart(now, loc)
	from := today.AddDate(0, 0, -(StatsDays - 1))
	st := &Stats{Retention: -1}
	for i := range StatsDays {
		st.ReviewsPerDay = append(st.ReviewsPerDay, DayCount{Day: from.AddDate(0, 0, i)})
		st.DueForecast = append(st.DueForecast, DayCount{Day: today.AddDate(0, 0, i)})
	}
	var reviews []reviewRow
	err := db.Select("reviewed_at, rating, before_state").
		Where("user_id = ? AND bank_id = ? AND reviewed_at >= ?", userID, bankID, from.UTC()).
		Find(&reviews).Error
	if err != nil {
		return nil, fmt.Errorf("storage: stats of user %d: %w", userID, err)
	}
	kept := 0
	for _, r := range reviews {
		i := dayIndex(from, r.ReviewedAt, loc)
		if i >= 0 && i < StatsDays {
			st.ReviewsPerDay[i].Count++
		}
		st.Reviews++
		if srs.State(r.Before.State) == srs.Review {
			st.RetentionCount++
			if srs.Rating(r.Rating) != srs.Again {
				kept++
			}
		}
	}
	if st.RetentionCount > 0 {
		st.Retention = float64(kept) / float64(st.RetentionCount)
	}
	type cardTopic struct {
		Topic      string
		State      int8
		Stability  float64
		Due        time.Time
		QuestionID uint
	}
	var cards []cardTopic
	err = s.dueCards(db, userID, bankID).Select("questions.topic, cards.state, cards.stability, cards.due, cards.question_id").Scan(&cards).Error
	if err != nil {
		return nil, fmt.Errorf("storage: stats of user %d: %w", userID, err)
	}
	topics, err := s.Topics(ctx, bankID)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, t := range topics {
		index[t.Topic] = i
		st.Topics = append(st.Topics, TopicMastery{Topic: t.Topic, Questions: t.Questions})
	}
	type leechRow struct {
		Qid, Topic, Prompt string
		Lapses             uint64
	}
	var leeches []leechRow
	err = s.dueCards(db, userID, bankID).Where("cards.leech = ?", true).
		Select("questions.qid, questions.topic, questions.prompt, cards.lapses").Order("questions.new_order, questions.id").Scan(&leeches).Error
	if err != nil {
		return nil, fmt.Errorf("storage: stats of user %d: %w", userID, err)
	}
	for _, l := range leeches {
		st.Leeches = append(st.Leeches, Leech{QuestionID: l.Qid, Topic: l.Topic, Prompt: l.Prompt, Lapses: l.Lapses})
	}
	for _, c := range cards {
		i := dayIndex(today, c.Due, loc)
		if i < 0 {
			i = 0
		}
		if i < StatsDays {
			st.DueForecast[i].Count++
		}
		if ti, ok := index[c.Topic]; ok {
			st.Topics[ti].Seen++
			if srs.Mastered(srs.Card{Card: cardWith(c.State, c.Stability)}) {
				st.Topics[ti].Mastered++
			}
		}
	}
	return st, nil
}

// dayIndex is how many calendar days in loc t falls after from (a day's
// start), at most 10×StatsDays+1 either way.
func dayIndex(from, t time.Time, loc *time.Location) int {
	// Count calendar days, not 24-hour spans, so daylight saving does not
	// shift a day: the dates' difference as dates of a zone without it.
	civil := func(x time.Time) time.Time {
		y, m, d := x.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	n := int(civil(t).Sub(civil(from)).Round(time.Hour) / (24 * time.Hour))
	return max(min(n, 10*StatsDays+1), -10*StatsDays-1)
}

// Today is a summary of a student's answers in a bank since a day began.
type Today struct {
	Answers, Graded, Correct int
}

// TodaySummary counts a student's answers in a bank since dayStart.
func (s *Store) TodaySummary(ctx context.Context, userID, bankID uint, dayStart time.Time) (*Today, error) {
	var rows []reviewRow
	err := s.read(ctx).Select("correct").
		Where("user_id = ? AND bank_id = ? AND reviewed_at >= ?", userID, bankID, dayStart.UTC()).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: today's summary of user %d: %w", userID, err)
	}
	t := &Today{Answers: len(rows)}
	for _, r := range rows {
		if r.Correct != nil {
			t.Graded++
			if *r.Correct {
				t.Correct++
			}
		}
	}
	return t, nil
}

// BanksStudied lists the banks a student has answered in, but for the
// archived ones (ArchiveBank), whose records wait for RestoreBank.
func (s *Store) BanksStudied(ctx context.Context, userID uint) ([]*Bank, error) {
	var ids []uint
	live := s.read(ctx).Model(&bankRow{}).Select("id").Where("archived_at IS NULL")
	if err := s.read(ctx).Model(&cardRow{}).Distinct("bank_id").Where("user_id = ? AND bank_id IN (?)", userID, live).Pluck("bank_id", &ids).Error; err != nil {
		return nil, fmt.Errorf("storage: banks of user %d: %w", userID, err)
	}
	var out []*Bank
	for _, id := range ids {
		b, err := s.BankByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
