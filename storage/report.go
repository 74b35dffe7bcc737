package storage

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"quizd/questions/report"
	"quizd/questions/srs"
)

// ReportScope says whose progress in which bank a report covers: one
// student, the members of a class, or (with neither) every student who
// studied the bank.
type ReportScope struct {
	BankID    uint
	ClassID   uint // 0 for none
	StudentID uint // 0 for none
}

// StudentRef names a student in a report.
type StudentRef struct {
	ID       uint
	Username string
}

// reportPage is how many students a report reads at a time: small enough
// that a page's cards fit in memory whatever the class size, large enough
// to keep queries few.
const reportPage = 200

// ReportStudents lists the students a report covers, by id.
func (s *Store) ReportStudents(ctx context.Context, sc ReportScope) ([]StudentRef, error) {
	db := s.read(ctx).Model(&userRow{}).Select("users.id, users.username").Order("users.id")
	switch {
	case sc.StudentID != 0:
		db = db.Where("users.id = ?", sc.StudentID)
	case sc.ClassID != 0:
		db = db.Where("users.id IN (?)", s.read(ctx).Model(&classMemberRow{}).Select("user_id").Where("class_id = ?", sc.ClassID))
	default:
		db = db.Where("users.id IN (?)", s.read(ctx).Model(&cardRow{}).Distinct("user_id").Where("bank_id = ?", sc.BankID))
	}
	var out []StudentRef
	if err := db.Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("storage: students of report: %w", err)
	}
	return out, nil
}

// ReportItemQuestions lists the questions of a bank's item analysis in
// bank order: the studied ones, and the retired ones someone answered,
// marked Retired, so that retiring a question keeps its history in reports.
func (s *Store) ReportItemQuestions(ctx context.Context, bankID uint) ([]report.Question, error) {
	db := s.read(ctx)
	var rows []questionRow
	answered := db.Model(&reviewRow{}).Select("1").Where("reviews.question_id = questions.id")
	err := db.Select("qid, topic, prompt, retired").Where("bank_id = ? AND (retired = ? OR EXISTS (?))", bankID, false, answered).
		Order("position, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: questions of the item report: %w", err)
	}
	out := make([]report.Question, len(rows))
	for i, r := range rows {
		out[i] = report.Question{ID: r.QID, Topic: r.Topic, Prompt: r.Prompt, Retired: r.Retired}
	}
	return out, nil
}

// ReportTopics lists a bank's topics with their question counts.
func (s *Store) ReportTopics(ctx context.Context, bankID uint) ([]report.Topic, error) {
	ts, err := s.Topics(ctx, bankID)
	if err != nil {
		return nil, err
	}
	out := make([]report.Topic, len(ts))
	for i, t := range ts {
		out[i] = report.Topic{Name: t.Topic, Questions: t.Questions}
	}
	return out, nil
}

// StudentFacts is what a report reads of one student.
type StudentFacts struct {
	Student StudentRef
	Cards   map[string]*report.Card // by question id
	Answers []report.Answer         // oldest first; read only when asked for
}

// cardList is the student's cards as a list.
func (f *StudentFacts) cardList() []report.Card {
	out := make([]report.Card, 0, len(f.Cards))
	for _, c := range f.Cards {
		out = append(out, *c)
	}
	return out
}

// itemInput is what item analysis needs of the student: their first
// answer to each question, their attempts and their cards' lapses.
func (f *StudentFacts) itemInput() report.ItemInput {
	in := report.ItemInput{First: map[string]bool{}, Attempts: map[string]int{}, Lapses: map[string]uint64{}}
	for _, a := range f.Answers {
		if _, seen := in.First[a.QuestionID]; !seen {
			in.First[a.QuestionID] = a.Right()
		}
		in.Attempts[a.QuestionID]++
	}
	for q, c := range f.Cards {
		in.Lapses[q] = c.Lapses
	}
	return in
}

// EachStudent calls fn for each student, in order, with their cards (and
// answers, when withAnswers) in the bank. It reads a page of students at a
// time in short read transactions, so that a report of any size holds one
// page in memory and never keeps a long read open.
func (s *Store) EachStudent(ctx context.Context, bankID uint, students []StudentRef, withAnswers bool, fn func(*StudentFacts) error) error {
	for start := 0; start < len(students); start += reportPage {
		page := students[start:min(start+reportPage, len(students))]
		ids := make([]uint, len(page))
		facts := make(map[uint]*StudentFacts, len(page))
		for i, st := range page {
			ids[i] = st.ID
			facts[st.ID] = &StudentFacts{Student: st, Cards: map[string]*report.Card{}}
		}
		if err := s.studentCards(ctx, bankID, ids, facts); err != nil {
			return err
		}
		if withAnswers {
			if err := s.studentAnswers(ctx, bankID, ids, facts); err != nil {
				return err
			}
		}
		for _, st := range page {
			if err := fn(facts[st.ID]); err != nil {
				return err
			}
		}
	}
	return nil
}

// IsMember reports whether a user belongs to a class.
func (s *Store) IsMember(ctx context.Context, classID, userID uint) (bool, error) {
	var n int64
	if err := s.read(ctx).Model(&classMemberRow{}).Where("class_id = ? AND user_id = ?", classID, userID).Count(&n).Error; err != nil {
		return false, fmt.Errorf("storage: membership: %w", err)
	}
	return n > 0, nil
}

// InstructorOf reports whether a student belongs to a class the user owns.
func (s *Store) InstructorOf(ctx context.Context, instructorID, studentID uint) (bool, error) {
	var n int64
	err := s.read(ctx).Model(&classMemberRow{}).
		Where("user_id = ? AND class_id IN (?)", studentID, s.read(ctx).Model(&classRow{}).Select("id").Where("owner_id = ?", instructorID)).
		Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("storage: instructor of: %w", err)
	}
	return n > 0, nil
}

// SeedReport fills a bank with students and cards for the report
// benchmark: students × the bank's questions cards, written in large
// batches. It returns the class holding them all.
func (s *Store) SeedReport(ctx context.Context, bankID, ownerID uint, students int, now time.Time) (*Class, error) {
	cl, err := s.CreateClass(ctx, ownerID, "Benchmark class")
	if err != nil {
		return nil, err
	}
	var qs []questionRow
	if err := s.read(ctx).Select("id").Where("bank_id = ? AND retired = ?", bankID, false).Order("new_order, id").Find(&qs).Error; err != nil {
		return nil, err
	}
	const batch = 500
	for start := 0; start < students; start += batch {
		n := min(batch, students-start)
		err := s.write(ctx, func(tx *gorm.DB) error {
			users := make([]userRow, n)
			for i := range users {
				name := fmt.Sprintf("bench%06d", start+i)
				users[i] = userRow{Username: name, UsernameKey: name, PasswordHash: "-", Role: string(Student), DesiredRetention: 0.9, NewPerDay: 20}
			}
			if err := tx.CreateInBatches(users, 200).Error; err != nil {
				return err
			}
			members := make([]classMemberRow, n)
			cards := make([]cardRow, 0, n*len(qs))
			for i, u := range users {
				members[i] = classMemberRow{ClassID: cl.ID, UserID: u.ID, JoinedAt: now}
				for j, q := range qs {
					last := now.Add(-time.Duration((i+j)%30) * 24 * time.Hour)
					cards = append(cards, cardRow{UserID: u.ID, BankID: bankID, QuestionID: q.ID, LastRating: int8(1 + (i+j)%4), UpdatedAt: now,
						St: cardState{State: int8(srs.Review), Due: last.Add(time.Duration(1+(i*j)%40) * 24 * time.Hour), Stability: float64(1 + (i*j)%60),
							Difficulty: 5, Reps: uint64(1 + j%5), Lapses: uint64(i % 3), LastReview: &last}})
				}
			}
			if err := tx.CreateInBatches(members, 500).Error; err != nil {
				return err
			}
			return tx.CreateInBatches(cards, 1500).Error
		})
		if err != nil {
			return nil, fmt.Errorf("storage: seed report: %w", err)
		}
	}
	return cl, nil
}

// Report views.
const (
	ViewProgress = "progress"
	ViewSummary  = "summary"
	ViewItems    = "items"
)

// ReportColumns are the columns of a view of a bank.
func (s *Store) ReportColumns(ctx context.Context, view string, bankID uint) ([]report.Column, error) {
	switch view {
	case ViewProgress:
		return report.ProgressColumns, nil
	case ViewSummary:
		topics, err := s.ReportTopics(ctx, bankID)
		if err != nil {
			return nil, err
		}
		return report.SummaryColumns(topics), nil
	case ViewItems:
		return report.ItemColumns, nil
	}
	return nil, fmt.Errorf("storage: unknown report view %q (progress, summary or items)", view)
}

// WriteReport writes a view of a scope's progress row by row: progress is
// one row per student and question, summary one per student, items one per
// question. It returns the number of rows written.
func (s *Store) WriteReport(ctx context.Context, view string, sc ReportScope, w report.Writer, now time.Time) (int, error) {
	students, err := s.ReportStudents(ctx, sc)
	if err != nil {
		return 0, err
	}
	cw := report.CellsTo(w)
	var cells []report.Cell
	rows := 0
	switch view {
	case ViewProgress:
		return s.writeProgress(ctx, sc.BankID, students, w, now)
	case ViewSummary:
		topics, terr := s.ReportTopics(ctx, sc.BankID)
		if terr != nil {
			return 0, terr
		}
		err = s.EachStudent(ctx, sc.BankID, students, true, func(f *StudentFacts) error {
			rows++
			cells = report.SummaryCells(cells, f.Student.Username, report.Summarize(f.cardList(), f.Answers, topics, now))
			return cw.Cells(cells)
		})
	case ViewItems:
		qs, qerr := s.ReportItemQuestions(ctx, sc.BankID)
		if qerr != nil {
			return 0, qerr
		}
		var inputs []report.ItemInput
		wrong := wrongTally{}
		err = s.EachStudent(ctx, sc.BankID, students, true, func(f *StudentFacts) error {
			inputs = append(inputs, f.itemInput())
			wrong.add(f)
			return nil
		})
		var items []report.Item
		if err == nil {
			ids := make([]string, len(qs))
			for i, q := range qs {
				ids[i] = q.ID
			}
			items = report.Items(ids, inputs)
			err = s.commonWrong(ctx, sc.BankID, wrong, items)
		}
		if err == nil {
			for i, it := range items {
				cells = report.ItemCells(cells, qs[i], it)
				if err = cw.Cells(cells); err != nil {
					break
				}
				rows++
			}
		}
	default:
		return 0, fmt.Errorf("storage: unknown report view %q (progress, summary or items)", view)
	}
	return rows, err
}

// ClassReport is what the class report page shows.
type ClassReport struct {
	Topics    []report.Topic
	Students  []StudentRef
	Summaries []report.Summary
	Questions []report.Question
	Items     []report.Item
	// ReviewsPerDay counts the class's answers on each of the last
	// StatsDays days, oldest first; DueForecast the cards due on each of the
	// next StatsDays days (overdue ones today).
	ReviewsPerDay []DayCount
	DueForecast   []DayCount
	// RetentionWeeks is true retention in each of the last 8 weeks, oldest
	// first; NaN for a week with no review.
	RetentionWeeks []float64
	WeekStarts     []time.Time
}

// RetentionWeeks is how many weeks of retention the class report shows.
const RetentionWeeks = 8

// ClassReportData gathers the class report of a bank.
func (s *Store) ClassReportData(ctx context.Context, sc ReportScope, now time.Time, loc *time.Location) (*ClassReport, error) {
	students, err := s.ReportStudents(ctx, sc)
	if err != nil {
		return nil, err
	}
	topics, err := s.ReportTopics(ctx, sc.BankID)
	if err != nil {
		return nil, err
	}
	qs, err := s.ReportItemQuestions(ctx, sc.BankID)
	if err != nil {
		return nil, err
	}
	today := dayStart(now, loc)
	from := today.AddDate(0, 0, -(StatsDays - 1))
	weekFrom := today.AddDate(0, 0, -7*RetentionWeeks+1)
	r := &ClassReport{Topics: topics, Students: students, Questions: qs, RetentionWeeks: make([]float64, RetentionWeeks)}
	for i := range StatsDays {
		r.ReviewsPerDay = append(r.ReviewsPerDay, DayCount{Day: from.AddDate(0, 0, i)})
		r.DueForecast = append(r.DueForecast, DayCount{Day: today.AddDate(0, 0, i)})
	}
	for w := range RetentionWeeks {
		r.WeekStarts = append(r.WeekStarts, weekFrom.AddDate(0, 0, 7*w))
	}
	kept, total := make([]int, RetentionWeeks), make([]int, RetentionWeeks)
	var inputs []report.ItemInput
	wrong := wrongTally{}
	err = s.EachStudent(ctx, sc.BankID, students, true, func(f *StudentFacts) error {
		wrong.add(f)
		for _, c := range f.Cards {
			i := max(dayIndex(today, c.Due, loc), 0)
			if i < StatsDays {
				r.DueForecast[i].Count++
			}
		}
		for _, a := range f.Answers {
			if i := dayIndex(from, a.At, loc); i >= 0 && i < StatsDays {
				r.ReviewsPerDay[i].Count++
			}
			if w := dayIndex(weekFrom, a.At, loc) / 7; a.BeforeState == srs.Review && !a.At.Before(weekFrom) && w < RetentionWeeks {
				total[w]++
				if a.Rating != srs.Again {
					kept[w]++
				}
			}
		}
		inputs = append(inputs, f.itemInput())
		r.Summaries = append(r.Summaries, report.Summarize(f.cardList(), f.Answers, topics, now))
		return nil
	})
	if err != nil {
		return nil, err
	}
	for w := range RetentionWeeks {
		r.RetentionWeeks[w] = math.NaN()
		if total[w] > 0 {
			r.RetentionWeeks[w] = float64(kept[w]) / float64(total[w])
		}
	}
	ids := make([]string, len(qs))
	for i, q := range qs {
		ids[i] = q.ID
	}
	r.Items = report.Items(ids, inputs)
	if err := s.commonWrong(ctx, sc.BankID, wrong, r.Items); err != nil {
		return nil, err
	}
	return r, nil
}
