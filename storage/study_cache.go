package storage

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"sync"
	"time"

	"gorm.io/gorm"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// The study cache keeps a student's schedule in a bank in memory between
// requests, so that the API's next card is picked without a statement
// whose cost grows with the student's cards: their cards, their holds and
// the day's new cards and Again answers, and each bank's questions in the
// order new cards are introduced.
//
// Like the rest of the cache it is invalidated, never aged. Each
// student has a mark in the database (study_marks) that every write to
// their cards, reviews and holds moves on by one, in the same transaction
// (Store.writeStudy); a next card reads the mark (one indexed row) and
// uses the student's schedule only when it was read at that mark or a
// later one. A server that records an answer applies it to the schedule
// it holds when the answer's mark follows the schedule's, so that the
// student's next card does not read the schedule again; a write through
// another server, or any other write to the schedule, moves the mark on
// and the schedule is read again. Anything else that changes what the
// next card depends on (a question retired or restored, a bank replaced)
// moves the cache epoch on, which empties the study cache with the rest.
//
// The picks and counts are those of the lean next card in SQL
// (nextLeanSQL), which TestLeanNextCardAgreesWithTheFullOne compares with
// the full one.

// studyCardsMax bounds the cards the study cache holds, over all its
// students (about 200 bytes each): past it, the study cache is emptied
// and filled again.
const studyCardsMax = 250_000

// studyEntry is one student's schedule in one bank, as of mark.
type studyEntry struct {
	mu   sync.Mutex
	mark int64
	// day is the start of the day newToday and again count from.
	day      time.Time
	cards    map[uint]*cardRow // by question row id
	list     []*cardRow        // the same cards, to go through in order
	again    map[uint]int      // the day's Again answers, by card id
	newToday int               // the day's answers to new cards
	holds    map[uint]studyHold
}

type studyHold struct {
	suspended   bool
	buriedUntil time.Time // zero when not buried
}

func (h studyHold) held(now time.Time) bool { return h.suspended || h.buriedUntil.After(now) }

// bankOrder is a bank's questions as new cards are introduced from it.
type bankOrder struct {
	active  []uint        // row ids of the studied questions, by new_order and id
	retired map[uint]bool // row ids of the retired ones
}

type studyKey struct{ user, bank uint }

const (
	studyMarkSQL = "SELECT n FROM study_marks WHERE user_id = ?"
	// bumpStudyMarkSQL moves a student's mark on and gives its new value.
	bumpStudyMarkSQL = "INSERT INTO study_marks (user_id, n) VALUES (?, 1) ON CONFLICT (user_id) DO UPDATE SET n = study_marks.n + 1 RETURNING n"
	studyCardsSQL    = "SELECT " + cardColumns + " FROM cards WHERE user_id = ? AND bank_id = ?"
	studyHoldsSQL    = "SELECT question_id, suspended, buried_until FROM card_holds WHERE user_id = ? AND bank_id = ?"
	studyNewTodaySQL = "SELECT COUNT(*) FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ? AND before_state = 0"
	studyAgainSQL    = "SELECT card_id, COUNT(*) FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ? AND rating = 1 GROUP BY card_id"
	bankOrderSQL     = "SELECT id, retired FROM questions WHERE bank_id = ? ORDER BY new_order, id"
)

// writeStudy is writeUncached for a change to a student's cards, reviews
// or holds: it moves the student's study mark on in the same transaction
// and gives the mark the write left.
func (s *Store) writeStudy(ctx context.Context, userID uint, fn func(tx *gorm.DB) error) (mark int64, err error) {
	err = s.writeUncached(ctx, func(tx *gorm.DB) error {
		if err := fn(tx); err != nil {
			return err
		}
		t, err := sqlTx(tx)
		if err != nil {
			return err
		}
		return t.QueryRowContext(tx.Statement.Context, s.rawSQL(bumpStudyMarkSQL), userID).Scan(&mark)
	})
	return mark, err
}

// studyMark reads a student's mark (0 before their first write).
func (s *Store) studyMark(ctx context.Context, userID uint) (int64, error) {
	var n int64
	err := s.rdb.QueryRowContext(ctx, s.rawSQL(studyMarkSQL), userID).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// studyState is the student's schedule and the bank's order for q, from
// the cache or read now; ok is false when the request has no cache epoch
// or the schedule changed while it was read, and the caller asks the
// database instead.
func (s *Store) studyState(ctx context.Context, q NextQuery) (entry *studyEntry, order *bankOrder, ok bool, err error) {
	e, hasEpoch := ctx.Value(epochKey{}).(int64)
	if !hasEpoch || s.cache == nil {
		return nil, nil, false, nil
	}
	mark, err := s.studyMark(ctx, q.UserID)
	if err != nil {
		return nil, nil, false, err
	}
	day := q.DayStart.UTC()
	key := studyKey{q.UserID, q.BankID}
	c := s.cache
	c.mu.Lock()
	if c.epoch == 0 || e > c.epoch {
		c.reset(e)
	}
	if e != c.epoch {
		c.mu.Unlock()
		return nil, nil, false, nil
	}
	gen := c.gen
	entry, order = c.study[key], c.orders[q.BankID]
	c.mu.Unlock()

	if order == nil {
		if order, err = s.readBankOrder(ctx, q.BankID); err != nil {
			return nil, nil, false, err
		}
		c.mu.Lock()
		if c.gen == gen {
			c.orders[q.BankID] = order
		}
		c.mu.Unlock()
	}
	if entry != nil {
		entry.mu.Lock()
		fresh := entry.mark >= mark && entry.day.Equal(day)
		entry.mu.Unlock()
		if fresh {
			return entry, order, true, nil
		}
	}
	entry, err = s.readStudyEntry(ctx, q.UserID, q.BankID, day, mark)
	if err != nil || entry == nil {
		return nil, nil, false, err
	}
	c.mu.Lock()
	if c.gen == gen {
		if old := c.study[key]; old != nil {
			c.studyCards -= len(old.cards)
		}
		if c.studyCards+len(entry.cards) > studyCardsMax {
			clear(c.study)
			c.studyCards = 0
		}
		c.study[key] = entry
		c.studyCards += len(entry.cards)
	}
	c.mu.Unlock()
	return entry, order, true, nil
}

// readBankOrder reads a bank's questions in the order new cards come.
func (s *Store) readBankOrder(ctx context.Context, bankID uint) (*bankOrder, error) {
	rows, err := s.rdb.QueryContext(ctx, s.rawSQL(bankOrderSQL), bankID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	o := &bankOrder{retired: map[uint]bool{}}
	for rows.Next() {
		var id uint
		var retired bool
		if err := rows.Scan(&id, &retired); err != nil {
			return nil, err
		}
		if retired {
			o.retired[id] = true
		} else {
			o.active = append(o.active, id)
		}
	}
	return o, rows.Err()
}

// readStudyEntry reads a student's schedule in a bank, read at mark; nil
// when a write moved the mark on while it was read, so that what was
// read may be of two moments.
func (s *Store) readStudyEntry(ctx context.Context, userID, bankID uint, day time.Time, mark int64) (*studyEntry, error) {
	entry := &studyEntry{mark: mark, day: day, cards: map[uint]*cardRow{}, again: map[uint]int{}, holds: map[uint]studyHold{}}
	rows, err := s.rdb.QueryContext(ctx, s.rawSQL(studyCardsSQL), userID, bankID)
	if err != nil {
		return nil, err
	}
	var scanned cardRow
	dests := cardRowDests(&scanned)
	for rows.Next() {
		scanned.St.LastReview = nil
		if err := rows.Scan(dests...); err != nil {
			rows.Close()
			return nil, err
		}
		card := new(cardRow)
		*card = scanned
		card.inUTC()
		entry.cards[card.QuestionID] = card
		entry.list = append(entry.list, card)
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if rows, err = s.rdb.QueryContext(ctx, s.rawSQL(studyHoldsSQL), userID, bankID); err != nil {
		return nil, err
	}
	for rows.Next() {
		var qid uint
		var h studyHold
		var until *time.Time
		if err := rows.Scan(&qid, &h.suspended, &until); err != nil {
			rows.Close()
			return nil, err
		}
		if until != nil {
			h.buriedUntil = until.UTC()
		}
		entry.holds[qid] = h
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if err := s.rdb.QueryRowContext(ctx, s.rawSQL(studyNewTodaySQL), userID, bankID, day).Scan(&entry.newToday); err != nil {
		return nil, err
	}
	if rows, err = s.rdb.QueryContext(ctx, s.rawSQL(studyAgainSQL), userID, bankID, day); err != nil {
		return nil, err
	}
	for rows.Next() {
		var id uint
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, err
		}
		entry.again[id] = n
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	after, err := s.studyMark(ctx, userID)
	if err != nil || after != mark {
		return nil, err
	}
	return entry, nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

// studyAnswered applies an answer this server recorded, which left the
// student's mark at mark, to the schedule the cache holds, when that
// schedule is of the mark before; otherwise it leaves the schedule to be
// read again.
func (s *Store) studyAnswered(userID, bankID uint, mark int64, card *cardRow, wasNew bool, rating srs.Rating) {
	if s.cache == nil {
		return
	}
	c := s.cache
	c.mu.Lock()
	entry := c.study[studyKey{userID, bankID}]
	c.mu.Unlock()
	if entry == nil {
		return
	}
	entry.mu.Lock()
	defer entry.mu.Unlock()
	if entry.mark != mark-1 {
		return
	}
	entry.mark = mark
	stored := *card
	if old, ok := entry.cards[card.QuestionID]; ok {
		*old = stored
	} else {
		c.mu.Lock()
		c.studyCards++
		c.mu.Unlock()
		entry.cards[card.QuestionID] = &stored
		entry.list = append(entry.list, &stored)
	}
	if wasNew {
		entry.newToday++
	}
	if rating == srs.Again {
		entry.again[card.ID]++
	}
}

// nextFromState is the lean next card from a student's schedule.
func (s *Store) nextFromState(ctx context.Context, q NextQuery, entry *studyEntry, order *bankOrder) (*Next, error) {
	now := q.Now.UTC()
	day := q.DayStart.UTC()
	bank, err := s.BankByID(ctx, q.BankID)
	if err != nil {
		return nil, err
	}
	entry.mu.Lock()
	held := func(qid uint) bool {
		h, ok := entry.holds[qid]
		return ok && h.held(now)
	}
	var due, seen, heldUnseen, aside int
	var first, ahead, soonest *cardRow
	before := func(a, b *cardRow) bool {
		return b == nil || a.St.Due.Before(b.St.Due) || (a.St.Due.Equal(b.St.Due) && a.ID < b.ID)
	}
	aheadBy := now.Add(srs.LearnAhead)
	for _, card := range entry.list {
		qid := card.QuestionID
		if order.retired[qid] {
			continue
		}
		seen++
		if card.Leech {
			continue
		}
		if entry.again[card.ID] >= srs.SetAsideFails {
			aside++
			continue
		}
		if held(qid) {
			continue
		}
		if !card.St.Due.After(now) {
			due++
			if before(card, first) {
				first = card
			}
		}
		learning := card.St.State == int8(srs.Learning) || card.St.State == int8(srs.Relearning)
		if learning && !card.St.Due.After(aheadBy) && before(card, ahead) {
			ahead = card
		}
		if before(card, soonest) {
			soonest = card
		}
	}
	for qid, h := range entry.holds {
		if _, ok := entry.cards[qid]; !ok && h.held(now) && !order.retired[qid] {
			heldUnseen++
		}
	}
	newToday := entry.newToday
	var unseenQ uint
	out := &Next{DueCount: due, NewLimit: q.NewPerDay}
	unseen := max(0, bank.QuestionCount-seen-heldUnseen)
	if len(q.Deadlines) > 0 {
		out.NewLimit, out.Raised = assign.NewLimit(q.NewPerDay, q.Deadlines, unseen+newToday, seen-newToday, day)
	}
	out.NewCount = max(0, min(unseen, out.NewLimit-newToday))
	var pick *cardRow
	switch {
	case first != nil:
		pick = first
	case out.NewCount > 0:
		if i := slices.IndexFunc(order.active, func(id uint) bool { _, ok := entry.cards[id]; return !ok && !held(id) }); i >= 0 {
			unseenQ = order.active[i]
		}
	default:
		pick = ahead
	}
	var picked cardRow
	if pick != nil {
		picked = *pick
	}
	var nextDue *time.Time
	if soonest != nil {
		t := soonest.St.Due
		nextDue = &t
	}
	entry.mu.Unlock()

	switch {
	case out.NewCount > 0 && first == nil:
		if unseenQ == 0 {
			return nil, ErrNotFound
		}
		if out.Question, err = s.questionByID(ctx, unseenQ); err != nil {
			return nil, err
		}
		out.Card, out.IsNew = srs.NewCard(now), true
		return out, nil
	case pick != nil:
		if out.Question, err = s.questionByID(ctx, picked.QuestionID); err != nil {
			return nil, err
		}
		out.Card = picked.St.card()
		return out, nil
	}
	out.SetAside = aside
	switch {
	case nextDue != nil:
		out.NextDue = nextDue
	case aside > 0:
		t := q.DayStart.AddDate(0, 0, 1).UTC()
		out.NextDue = &t
	}
	return out, nil
}
