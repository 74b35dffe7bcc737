package storage

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/report"
	"quizd/questions/srs"
)

// Which questions a browse shows by whether they are retired.
const (
	BrowseActive  = "active"
	BrowseRetired = "retired"
	BrowseAll     = "all"
)

// BrowseStatuses are the values of BrowseQuery.Status.
var BrowseStatuses = []string{BrowseActive, BrowseRetired, BrowseAll}

// What a browse may be sorted by; SortPosition is the bank's own order.
const (
	SortPosition       = "position"
	SortFacility       = "facility"
	SortDiscrimination = "discrimination"
	SortAttempts       = "attempts"
	SortAppeals        = "appeals"
)

// BrowseSorts are the values of BrowseQuery.Sort.
var BrowseSorts = []string{SortPosition, SortFacility, SortDiscrimination, SortAttempts, SortAppeals}

// BrowsePageSize is how many questions a page of a browse holds.
const BrowsePageSize = 50

// MaxBrowsePage is the last page a browse may ask for: a bank of
// questions.DefaultMaxQuestions has 200 pages.
const MaxBrowsePage = 1000

// MaxBrowseText is the longest search text a browse takes.
const MaxBrowseText = 200

// BrowseQuery is what the question browser asks for.
type BrowseQuery struct {
	BankID uint
	// Text is searched for in the prompt, the answers and the choices,
	// ignoring case and accents; "" matches every question.
	Text  string
	Topic string         // "" for every topic
	Type  questions.Type // "" for every type
	// Status is one of BrowseStatuses; "" is BrowseActive.
	Status string
	// Flagged keeps the questions with an open flag; Leech those that
	// are a leech for at least one student.
	Flagged, Leech bool
	// Sort is one of BrowseSorts ("" is SortPosition); Desc reverses it.
	// Questions nobody answered sort last by facility and discrimination
	// either way.
	Sort string
	Desc bool
	// Page counts from 1; 0 is 1.
	Page int
}

// BrowsedQuestion is a question with what the browser shows of it.
type BrowsedQuestion struct {
	StoredQuestion
	QuestionStats
}

// QuestionStats are a question's figures across every student of the
// bank. Attempts, Facility and Discrimination are the item report's
// (report.Items): Facility is its first-try success.
type QuestionStats struct {
	Attempts int
	// Students is how many students answered it.
	Students int
	// Facility and Discrimination are NaN when there is too little to
	// say (see report.Item).
	Facility, Discrimination float64
	// Appeals counts the question's flags, OpenAppeals those not yet
	// decided.
	Appeals, OpenAppeals int
	// Leeches is how many students' cards of it are leeches.
	Leeches int
}

// BrowseResult is one page of a browse.
type BrowseResult struct {
	Questions []BrowsedQuestion
	// Total is how many questions match, on every page.
	Total int
	// Topics are every topic of the bank, retired questions' too, in bank
	// order: what the topic filter offers.
	Topics []string
}

// CheckBrowse says what is wrong with a query, naming the parameter and
// the values it takes; nil when nothing is.
func CheckBrowse(q BrowseQuery) error {
	bad := func(param, msg string) error { return &BrowseError{Param: param, Msg: msg} }
	switch {
	case q.Status != "" && !slices.Contains(BrowseStatuses, q.Status):
		return bad("status", fmt.Sprintf("status %q is not one of %s", q.Status, strings.Join(BrowseStatuses, ", ")))
	case q.Sort != "" && !slices.Contains(BrowseSorts, q.Sort):
		return bad("sort", fmt.Sprintf("sort %q is not one of %s (with - before it for the largest first)", q.Sort, strings.Join(BrowseSorts, ", ")))
	case q.Type != "" && !q.Type.Valid():
		names := make([]string, len(questions.Types))
		for i, t := range questions.Types {
			names[i] = string(t)
		}
		return bad("type", fmt.Sprintf("type %q is not one of %s", q.Type, strings.Join(names, ", ")))
	case q.Page < 0 || q.Page > MaxBrowsePage:
		return bad("page", fmt.Sprintf("page %d is not between 1 and %d", q.Page, MaxBrowsePage))
	case len(q.Text) > MaxBrowseText:
		return bad("q", fmt.Sprintf("the search text is %d characters long: search for at most %d", len(q.Text), MaxBrowseText))
	case len(q.Topic) > MaxBrowseText:
		return bad("topic", fmt.Sprintf("the topic is %d characters long: no topic is longer than %d", len(q.Topic), MaxBrowseText))
	}
	return nil
}

// BrowseError is a browse parameter with a value it does not take.
type BrowseError struct{ Param, Msg string }

func (e *BrowseError) Error() string { return e.Msg }

// BrowseQuestions finds a bank's questions for the question browser: one
// page of them, with their figures. It reads the bank's questions once,
// its flags and leeches once each (grouped by question), and its answers
// once, as the item report does; the time it takes grows with the bank's
// questions and answers and nothing else.
func (s *Store) BrowseQuestions(ctx context.Context, q BrowseQuery) (*BrowseResult, error) {
	if err := CheckBrowse(q); err != nil {
		return nil, err
	}
	fail := func(err error) (*BrowseResult, error) {
		return nil, fmt.Errorf("storage: browse questions of bank %d: %w", q.BankID, err)
	}
	db := s.read(ctx)
	var rows []questionRow
	if err := db.Where("bank_id = ?", q.BankID).Order("position, id").Find(&rows).Error; err != nil {
		return fail(err)
	}
	res := &BrowseResult{}
	seenTopic := map[string]bool{}
	qids := make(map[uint]string, len(rows))
	for _, r := range rows {
		qids[r.ID] = r.QID
		if !seenTopic[r.Topic] {
			seenTopic[r.Topic] = true
			res.Topics = append(res.Topics, r.Topic)
		}
	}
	flags, err := s.flagCounts(ctx, q.BankID)
	if err != nil {
		return fail(err)
	}
	leeches, err := s.leechCounts(ctx, q.BankID)
	if err != nil {
		return fail(err)
	}
	text := questions.Fold(strings.TrimSpace(q.Text))
	var found []BrowsedQuestion
	for i := range rows {
		r := &rows[i]
		if !statusMatches(q.Status, r.Retired) || q.Topic != "" && r.Topic != q.Topic || q.Type != "" && r.Type != string(q.Type) {
			continue
		}
		if q.Flagged && flags[r.ID].open == 0 || q.Leech && leeches[r.ID] == 0 {
			continue
		}
		sq, err := r.question()
		if err != nil {
			return fail(err)
		}
		if text != "" && !strings.Contains(searchText(&sq.Question), text) {
			continue
		}
		found = append(found, BrowsedQuestion{StoredQuestion: *sq, QuestionStats: QuestionStats{
			Appeals: flags[r.ID].all, OpenAppeals: flags[r.ID].open, Leeches: leeches[r.ID],
			Facility: math.NaN(), Discrimination: math.NaN(),
		}})
	}
	res.Total = len(found)
	page := max(q.Page, 1)
	// The item figures of the questions shown: every one found when they
	// decide the order, else only the page's.
	byFigure := q.Sort == SortFacility || q.Sort == SortDiscrimination || q.Sort == SortAttempts
	if !byFigure {
		sortBrowsed(found, q.Sort, q.Desc)
		found = pageOf(found, page)
	}
	if err := s.addItemStats(ctx, q.BankID, qids, found); err != nil {
		return fail(err)
	}
	if byFigure {
		sortBrowsed(found, q.Sort, q.Desc)
		found = pageOf(found, page)
	}
	res.Questions = found
	return res, nil
}

func statusMatches(status string, retired bool) bool {
	switch status {
	case BrowseAll:
		return true
	case BrowseRetired:
		return retired
	}
	return !retired
}

// searchText is what a search looks in: the prompt, the answers and the
// choices, folded as the search text is.
func searchText(q *questions.Question) string {
	parts := []string{q.Prompt, q.Answer}
	parts = append(parts, q.Accept...)
	parts = append(parts, q.Choices...)
	parts = append(parts, q.Answers...)
	parts = append(parts, q.Items...)
	for _, p := range q.Pairs {
		parts = append(parts, p.Left, p.Right)
	}
	return questions.Fold(strings.Join(parts, "\x1f"))
}

func pageOf(qs []BrowsedQuestion, page int) []BrowsedQuestion {
	start := (page - 1) * BrowsePageSize
	if start >= len(qs) {
		return nil
	}
	return qs[start:min(start+BrowsePageSize, len(qs))]
}

// sortBrowsed orders questions found in bank order by a figure, keeping
// bank order among equals and putting the questions without the figure
// last.
func sortBrowsed(qs []BrowsedQuestion, by string, desc bool) {
	figure := func(b *BrowsedQuestion) float64 {
		switch by {
		case SortFacility:
			return b.Facility
		case SortDiscrimination:
			return b.Discrimination
		case SortAttempts:
			return float64(b.Attempts)
		case SortAppeals:
			return float64(b.Appeals)
		}
		return 0
	}
	if by == "" || by == SortPosition {
		if desc {
			slices.Reverse(qs)
		}
		return
	}
	slices.SortStableFunc(qs, func(a, b BrowsedQuestion) int {
		x, y := figure(&a), figure(&b)
		switch xn, yn := math.IsNaN(x), math.IsNaN(y); {
		case xn && yn:
			return 0
		case xn:
			return 1
		case yn:
			return -1
		}
		if desc {
			return cmp.Compare(y, x)
		}
		return cmp.Compare(x, y)
	})
}

type flagCount struct{ all, open int }

// flagCounts counts each question's flags, and its open ones.
func (s *Store) flagCounts(ctx context.Context, bankID uint) (map[uint]flagCount, error) {
	var rows []struct {
		QuestionID uint
		All, Open  int
	}
	err := s.read(ctx).Model(&flagRow{}).
		Select("question_id, COUNT(*) AS \"all\", SUM(CASE WHEN status = ? THEN 1 ELSE 0 END) AS open", flagStatusOpen).
		Where("bank_id = ?", bankID).Group("question_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("flags: %w", err)
	}
	out := make(map[uint]flagCount, len(rows))
	for _, r := range rows {
		out[r.QuestionID] = flagCount{all: r.All, open: r.Open}
	}
	return out, nil
}

// leechCounts counts each question's leech cards.
func (s *Store) leechCounts(ctx context.Context, bankID uint) (map[uint]int, error) {
	var rows []struct {
		QuestionID uint
		N          int
	}
	err := s.read(ctx).Model(&cardRow{}).Select("question_id, COUNT(*) AS n").
		Where("bank_id = ? AND leech = ?", bankID, true).Group("question_id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("leeches: %w", err)
	}
	out := make(map[uint]int, len(rows))
	for _, r := range rows {
		out[r.QuestionID] = r.N
	}
	return out, nil
}

// addItemStats fills in the item report's figures of qs, over every
// student who answered in the bank: the report's own analysis
// (report.Items) of the inputs the report builds (itemInput), read from
// the answers alone: the figures do not need the cards. qids maps the
// bank's question rows to their IDs.
func (s *Store) addItemStats(ctx context.Context, bankID uint, qids map[uint]string, qs []BrowsedQuestion) error {
	if len(qs) == 0 {
		return nil
	}
	// Rows scanned by hand: GORM's Scan into structs takes most of the
	// time of a large bank's browse (BenchmarkBrowse).
	rows, err := s.read(ctx).Model(&reviewRow{}).Select("user_id, question_id, rating, correct").
		Where("bank_id = ?", bankID).Order("id").Rows()
	if err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	defer rows.Close()
	// In the order of the reviews' ids, which a scan of the table gives
	// without sorting; each student's answers oldest first.
	var students []*StudentFacts
	byUser := map[uint]*StudentFacts{}
	for rows.Next() {
		var user, question uint
		var rating int8
		var correct sql.NullBool
		if err := rows.Scan(&user, &question, &rating, &correct); err != nil {
			return fmt.Errorf("answers: %w", err)
		}
		a := report.Answer{QuestionID: qids[question], Rating: srs.Rating(rating)}
		if correct.Valid {
			a.Correct = &correct.Bool
		}
		f := byUser[user]
		if f == nil {
			f = &StudentFacts{Student: StudentRef{ID: user}}
			byUser[user] = f
			students = append(students, f)
		}
		f.Answers = append(f.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("answers: %w", err)
	}
	// Students in the report's order, by id: it breaks the ties of the
	// discrimination's ranking.
	slices.SortFunc(students, func(a, b *StudentFacts) int { return cmp.Compare(a.Student.ID, b.Student.ID) })
	inputs := make([]report.ItemInput, len(students))
	for i, f := range students {
		inputs[i] = f.itemInput()
	}
	ids := make([]string, len(qs))
	for i := range qs {
		ids[i] = qs[i].ID
	}
	for i, it := range report.Items(ids, inputs) {
		qs[i].Attempts, qs[i].Students = it.Attempts, it.Students
		qs[i].Facility, qs[i].Discrimination = it.FirstTryRight, it.Discrimination
	}
	return nil
}

// flagStatusOpen is the status of a flag not yet decided (migration 0015's
// default).
const flagStatusOpen = "open"
