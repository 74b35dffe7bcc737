package storage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
	"quizd/questions/match"
)

// Bank is a stored bank, without its questions.
type Bank struct {
	ID            uint
	Slug          string
	Title         string
	Version       string
	Source        questions.Source
	OwnerID       *uint
	Public        bool
	Builtin       bool
	QuestionCount int
	UpdatedAt     time.Time
	// Archived: hidden from students (see ArchiveBank); ArchivedAt is when.
	Archived   bool
	ArchivedAt *time.Time
}

func (r *bankRow) bank(count int) *Bank {
	return &Bank{
		ID: r.ID, Slug: r.Slug, Title: r.Title, Version: r.Version,
		Source:  questions.Source{Title: r.SourceTitle, Author: r.SourceAuthor, Location: r.SourceLocation},
		OwnerID: r.OwnerID, Public: r.Public, Builtin: r.Builtin, QuestionCount: count, UpdatedAt: r.UpdatedAt,
		Archived: r.ArchivedAt != nil, ArchivedAt: r.ArchivedAt,
	}
}

// BankOptions say who owns a bank and who sees it.
type BankOptions struct {
	OwnerID *uint
	Public  bool
	Builtin bool
	// Actor, when set, must be allowed to manage the existing bank that
	// is saved over (CanManageBank), or nothing is saved and ErrForbidden
	// is returned.
	Actor *User
	// DryRun computes what saving would do and saves nothing.
	DryRun bool
	// Reject lists the stored ids of near matches (UpsertResult.Matches)
	// that are not the same question: the stored one is retired and the
	// uploaded one is new. An id that is not a near match of this save is
	// an *UnknownMatchError and nothing is saved.
	Reject []string
	// KeepEdited leaves as they are the questions someone changed by hand
	// (questions.edited_by is set): a newer version of the bundled bank
	// neither changes nor retires what an admin edited, nor the title
	// of a bank already stored (an admin may have renamed it).
	KeepEdited bool
}

// AuthorID is who the versions a save writes are attributed to: the
// actor, or nobody (generation, the bundled bank).
func (o BankOptions) AuthorID() *uint {
	if o.Actor == nil {
		return nil
	}
	id := o.Actor.ID
	return &id
}

// UpsertResult counts what saving a bank did to its questions.
type UpsertResult struct {
	Bank                                 *Bank
	Created, Updated, Retired, Unchanged int
	BankCreated, BankChanged             bool
	// Matches are the uploaded questions taken for a stored one whose
	// text is nearly the same (a typo fixed): each keeps the stored id,
	// and its students' cards, unless its ID is in BankOptions.Reject.
	Matches []Match
	// Rejected are the ids of Matches that were rejected.
	Rejected []string
	// Kept are the ids of questions edited by hand that the save left as
	// they were (BankOptions.KeepEdited) though the new version differs.
	Kept []string
}

// Match is an uploaded question taken for a stored one of nearly the same
// text: ID is the stored question's, Old its prompt, New the upload's.
type Match struct {
	ID  string `json:"id"`
	Old string `json:"old"`
	New string `json:"new"`
}

// UnknownMatchError says that BankOptions.Reject names ids that are not
// near matches of the save.
type UnknownMatchError struct{ IDs []string }

func (e *UnknownMatchError) Error() string {
	verb := "are"
	if len(e.IDs) == 1 {
		verb = "is"
	}
	return fmt.Sprintf("reject_matches: %s %s not a proposed match of this upload: reject only ids listed in its matches",
		strings.Join(e.IDs, ", "), verb)
}

// publishChunk is how long one write transaction of a publish runs before
// it commits and lets the other writers in: a student's answer waits for
// at most one chunk, not for the whole bank.
const publishChunk = 25 * time.Millisecond

// bankPlan is what saving a bank will write, worked out by reading only.
type bankPlan struct {
	author  *uint
	row     bankRow
	fresh   []questionRow
	updates []questionUpdate
	retire  []uint
	res     *UpsertResult
	// slugBase, for a bank that must be new, is the slug it was asked
	// for: the slug is made unique again from it when the bank is
	// written, in case another bank took it since the plan.
	slugBase string
}

type questionUpdate struct {
	id     uint
	fields map[string]any
	// version is the new version the update writes, nil when only the
	// question's place or retirement changes.
	version *questionVersionRow
}

// UpsertBank stores a bank, or a new version of the bank with the same
// slug (the bundled bank, quizd import). Questions are matched as
// ReplaceBank matches them.
func (s *Store) UpsertBank(ctx context.Context, b *questions.Bank, opt BankOptions) (*UpsertResult, error) {
	return s.saveBank(ctx, b, opt, func(db *gorm.DB) (*bankRow, error) {
		var row bankRow
		err := db.Where("slug = ?", b.Slug).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, nil
		}
		return &row, err
	})
}

// CreateBank stores b as a new bank, whatever banks there are: its slug is
// made unique (week1, week1-2, week1-3…).
func (s *Store) CreateBank(ctx context.Context, b *questions.Bank, opt BankOptions) (*UpsertResult, error) {
	return s.saveBank(ctx, b, opt, nil)
}

// ReplaceBank stores b as the new content of bank id, which keeps its slug.
// An uploaded question whose id the bank has is that question; the others
// are matched by exact text, then near text, of the same type
// (questions/match), and take the stored id, so that every student's card
// and history stay. Near matches are listed in the result, and applied
// unless opt.Reject names them. Stored questions left unmatched are
// retired. A missing bank is ErrNotFound; an opt.Actor who may not manage
// it gets ErrForbidden.
func (s *Store) ReplaceBank(ctx context.Context, id uint, b *questions.Bank, opt BankOptions) (*UpsertResult, error) {
	return s.saveBank(ctx, b, opt, func(db *gorm.DB) (*bankRow, error) {
		var row bankRow
		if err := db.Take(&row, id).Error; err != nil {
			return nil, notFound(err)
		}
		return &row, nil
	})
}

// saveBank plans and applies a save; find reads the bank saved over (nil,
// nil for a new one), and a nil find always makes a new bank.
//
// What to write is worked out by reading alone, so a dry run writes
// nothing. The writes then go in transactions of at most about
// publishChunk each (a small bank in one), so that a large bank never
// holds the database's one writer long enough to delay an answer. A
// publish stopped half way (the context ended, the disk filled) leaves
// some questions of the new version in place; saving the bank again
// (UpsertBank, ReplaceBank) completes it, as every step matches by
// question ID first.
func (s *Store) saveBank(ctx context.Context, b *questions.Bank, opt BankOptions, find func(*gorm.DB) (*bankRow, error)) (*UpsertResult, error) {
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("storage: save bank %q: %w", b.Slug, err)
	}
	p, err := s.planBank(ctx, b, opt, find)
	if err != nil {
		return nil, fmt.Errorf("storage: save bank %q: %w", b.Slug, err)
	}
	if opt.DryRun {
		return p.res, nil
	}
	if err := s.applyBank(ctx, p); err != nil {
		return nil, fmt.Errorf("storage: save bank %q: %w", b.Slug, err)
	}
	p.res.Bank = p.row.bank(len(b.Questions))
	return p.res, nil
}

// planBank reads the stored bank and works out what saving b changes.
func (s *Store) planBank(ctx context.Context, b *questions.Bank, opt BankOptions, find func(*gorm.DB) (*bankRow, error)) (*bankPlan, error) {
	db := s.read(ctx)
	p := &bankPlan{res: &UpsertResult{}, author: opt.AuthorID()}
	row := &p.row
	var found *bankRow
	if find != nil {
		var err error
		if found, err = find(db); err != nil {
			return nil, err
		}
	}
	if found == nil {
		slug, err := uniqueSlug(db, b.Slug)
		if err != nil {
			return nil, err
		}
		*row = bankRow{Slug: slug, OwnerID: opt.OwnerID, Public: opt.Public, Builtin: opt.Builtin}
		p.res.BankCreated = true
		if find == nil {
			p.slugBase = b.Slug
		}
	} else {
		*row = *found
		if opt.Actor != nil && !CanManageBank(opt.Actor, row.bank(0)) {
			return nil, ErrForbidden
		}
	}
	var existing []questionRow
	if !p.res.BankCreated {
		if err := db.Select("id, qid, position, type, prompt, data, retired, version, edited_by").
			Where("bank_id = ?", row.ID).Order("position, id").Find(&existing).Error; err != nil {
			return nil, err
		}
	}
	qs, matched, err := matchQuestions(existing, b.Questions, opt.Reject, p.res)
	if err != nil {
		return nil, err
	}
	nb := *b
	nb.Questions = qs
	nb.Stamp()
	title := b.Title
	if opt.KeepEdited && !p.res.BankCreated {
		// The stored title may be an admin's rename (RenameBank).
		title = row.Title
	}
	p.res.BankChanged = p.res.BankCreated || row.Version != nb.Version || row.Title != title
	row.Title, row.Version = title, nb.Version
	row.SourceTitle, row.SourceAuthor, row.SourceLocation = b.Source.Title, b.Source.Author, b.Source.Location
	seen := make([]bool, len(existing))
	now := time.Now().UTC()
	for i, q := range qs {
		data, err := json.Marshal(q)
		if err != nil {
			return nil, err
		}
		j := matched[i]
		if j < 0 {
			p.fresh = append(p.fresh, questionRow{QID: q.ID, Position: i + 1, NewOrder: newOrder(q.ID), Topic: q.Topic,
				Type: string(q.Type), Prompt: q.Prompt, Data: string(data), Version: 1})
			p.res.Created++
			continue
		}
		seen[j] = true
		old := &existing[j]
		if old.Data == string(data) && old.Position == i+1 && !old.Retired {
			p.res.Unchanged++
			continue
		}
		if opt.KeepEdited && old.EditedBy != nil {
			if old.Data != string(data) {
				p.res.Kept = append(p.res.Kept, old.QID)
			}
			p.res.Unchanged++
			continue
		}
		p.res.Updated++
		u := questionUpdate{id: old.ID, fields: map[string]any{
			"position": i + 1, "topic": q.Topic, "type": string(q.Type), "prompt": q.Prompt,
			"data": string(data), "retired": false, "updated_at": now,
		}}
		if old.Data != string(data) {
			u.fields["version"] = old.Version + 1
			u.version = &questionVersionRow{QuestionID: old.ID, Version: old.Version + 1, Data: string(data),
				AuthorID: opt.AuthorID(), Reason: ReasonUpload, CreatedAt: now}
		}
		p.updates = append(p.updates, u)
	}
	for j, old := range existing {
		if seen[j] || old.Retired {
			continue
		}
		if opt.KeepEdited && old.EditedBy != nil {
			p.res.Kept = append(p.res.Kept, old.QID)
			continue
		}
		p.res.Retired++
		p.retire = append(p.retire, old.ID)
	}
	p.res.Bank = row.bank(len(b.Questions))
	return p, nil
}

// matchQuestions matches the uploaded questions to the stored ones
// (questions/match) and returns them with the stored ids taken, and for
// each the index of its stored row, or -1 for a new question. Near
// matches are listed in res; those whose stored id is in reject stay
// unmatched.
func matchQuestions(existing []questionRow, in []questions.Question, reject []string, res *UpsertResult) ([]questions.Question, []int, error) {
	stored := make([]match.Stored, len(existing))
	for i, r := range existing {
		stored[i] = match.Stored{ID: r.QID, Type: questions.Type(r.Type), Prompt: r.Prompt, Retired: r.Retired}
	}
	m := match.Questions(stored, in)
	rejected := make(map[string]bool, len(reject))
	for _, id := range reject {
		rejected[id] = true
	}
	qs := slices.Clone(in)
	to := m.To
	proposed := map[string]bool{}
	for i := range qs {
		j := to[i]
		if j < 0 {
			continue
		}
		if m.Kind[i] == match.Near {
			id := existing[j].QID
			proposed[id] = true
			res.Matches = append(res.Matches, Match{ID: id, Old: existing[j].Prompt, New: qs[i].Prompt})
			if rejected[id] {
				res.Rejected = append(res.Rejected, id)
				to[i] = -1
				continue
			}
		}
		qs[i].ID = existing[j].QID
	}
	var unknown []string
	for _, id := range reject {
		if !proposed[id] && !slices.Contains(unknown, id) {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, nil, &UnknownMatchError{IDs: unknown}
	}
	return qs, to, nil
}

// maxSlug is the longest slug a bank may have (the column's size).
const maxSlug = 100

// uniqueSlug returns base, or base-2, base-3… whichever no bank has.
func uniqueSlug(db *gorm.DB, base string) (string, error) {
	if len(base) > maxSlug-6 {
		base = strings.TrimRight(base[:maxSlug-6], "-")
	}
	var taken []string
	if err := db.Model(&bankRow{}).Where("slug = ? OR slug LIKE ?", base, base+"-%").Pluck("slug", &taken).Error; err != nil {
		return "", err
	}
	used := make(map[string]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	slug := base
	for n := 2; used[slug]; n++ {
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	return slug, nil
}

// applyBank writes a plan in chunks: the bank row and as many questions
// as fit in publishChunk, then the rest, a chunk a transaction.
func (s *Store) applyBank(ctx context.Context, p *bankPlan) error {
	const insertBatch, retireBatch = 50, 500
	fresh, updates, retire := p.fresh, p.updates, p.retire
	first := true
	for first || len(fresh)+len(updates)+len(retire) > 0 {
		err := s.write(ctx, func(tx *gorm.DB) error {
			if first {
				if p.slugBase != "" {
					slug, err := uniqueSlug(tx, p.slugBase)
					if err != nil {
						return err
					}
					p.row.Slug = slug
				}
				if err := tx.Save(&p.row).Error; err != nil {
					return err
				}
				for i := range fresh {
					fresh[i].BankID = p.row.ID
				}
			}
			start := time.Now()
			for len(fresh)+len(updates)+len(retire) > 0 && time.Since(start) < publishChunk {
				switch {
				case len(fresh) > 0:
					n := min(insertBatch, len(fresh))
					if err := tx.Create(fresh[:n]).Error; err != nil {
						return err
					}
					if err := tx.Create(firstVersions(fresh[:n], p.author)).Error; err != nil {
						return err
					}
					fresh = fresh[n:]
				case len(updates) > 0:
					u := updates[0]
					if err := tx.Model(&questionRow{}).Where("id = ?", u.id).Updates(u.fields).Error; err != nil {
						return err
					}
					if u.version != nil {
						if err := tx.Create(u.version).Error; err != nil {
							return err
						}
					}
					updates = updates[1:]
				default:
					n := min(retireBatch, len(retire))
					if err := tx.Model(&questionRow{}).Where("id IN ?", retire[:n]).Updates(map[string]any{
						"retired": true, "updated_at": time.Now().UTC(),
					}).Error; err != nil {
						return err
					}
					retire = retire[n:]
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		first = false
	}
	return nil
}

// newOrder is the place of a question among a bank's new cards: a hash of
// its ID, so that the order is fixed but mixes topics and facts.
func newOrder(qid string) int64 {
	h := sha256.Sum256([]byte(qid))
	return int64(binary.BigEndian.Uint64(h[:8]) >> 1)
}

// countActive returns, per bank, how many questions are studied.
func (s *Store) countActive(ctx context.Context, bankIDs []uint) (map[uint]int, error) {
	type count struct {
		BankID uint
		N      int
	}
	var counts []count
	err := s.read(ctx).Model(&questionRow{}).Select("bank_id, COUNT(*) AS n").
		Where("bank_id IN ? AND retired = ?", bankIDs, false).Group("bank_id").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	out := make(map[uint]int, len(counts))
	for _, c := range counts {
		out[c.BankID] = c.N
	}
	return out, nil
}

// Banks lists every bank, the built-in ones first, then by title.
func (s *Store) Banks(ctx context.Context) ([]*Bank, error) {
	var rows []bankRow
	if err := s.read(ctx).Order("builtin DESC, title, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: list banks: %w", err)
	}
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	counts, err := s.countActive(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("storage: list banks: %w", err)
	}
	out := make([]*Bank, len(rows))
	for i := range rows {
		out[i] = rows[i].bank(counts[rows[i].ID])
	}
	return out, nil
}

// BankByID returns a bank.
func (s *Store) BankByID(ctx context.Context, id uint) (*Bank, error) {
	b, err := cached(s, ctx, func(c *cache) map[uint]Bank { return c.banks }, id, func() (Bank, error) {
		var row bankRow
		if err := s.read(ctx).Take(&row, id).Error; err != nil {
			return Bank{}, notFound(err)
		}
		counts, err := s.countActive(ctx, []uint{id})
		if err != nil {
			return Bank{}, err
		}
		return *row.bank(counts[id]), nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: bank %d: %w", id, err)
	}
	return &b, nil
}

// BankBySlug returns a bank.
func (s *Store) BankBySlug(ctx context.Context, slug string) (*Bank, error) {
	var row bankRow
	if err := s.read(ctx).Where("slug = ?", slug).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: bank %q: %w", slug, notFound(err))
	}
	return s.BankByID(ctx, row.ID)
}

// StoredQuestion is a question with its row, as study needs it.
type StoredQuestion struct {
	RowID   uint
	BankID  uint
	Retired bool
	// Version is the question's current version (see QuestionVersions).
	Version  int
	EditedBy *uint
	questions.Question
}

// questionByRow reads the question of row id, as StoredQuestion; a
// missing row is ErrNotFound.
func questionByRow(db *gorm.DB, id uint) (*StoredQuestion, error) {
	var qr questionRow
	if err := db.Take(&qr, id).Error; err != nil {
		return nil, notFound(err)
	}
	return qr.question()
}

func (r *questionRow) question() (*StoredQuestion, error) {
	sq := &StoredQuestion{RowID: r.ID, BankID: r.BankID, Retired: r.Retired, Version: r.Version, EditedBy: r.EditedBy}
	if err := json.Unmarshal([]byte(r.Data), &sq.Question); err != nil {
		return nil, fmt.Errorf("question %d: %w", r.ID, err)
	}
	return sq, nil
}

// Question returns one question of a bank by its ID; a retired question is
// not found.
//
// The question may come from the cache: treat it, and its slices, as
// read-only.
func (s *Store) Question(ctx context.Context, bankID uint, qid string) (*StoredQuestion, error) {
	// The key is kept: a copy, since qid may be a view of a request's
	// buffer that the web server reuses (fasthttp).
	id, err := cached(s, ctx, func(c *cache) map[bankQID]uint { return c.qids }, bankQID{bankID, strings.Clone(qid)}, func() (uint, error) {
		var row questionRow
		err := s.read(ctx).Select("id").Where("bank_id = ? AND qid = ? AND retired = ?", bankID, qid, false).Take(&row).Error
		return row.ID, notFound(err)
	})
	if err != nil {
		return nil, fmt.Errorf("storage: question %s of bank %d: %w", qid, bankID, err)
	}
	q, err := s.questionByID(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("storage: question %s of bank %d: %w", qid, bankID, err)
	}
	return q, nil
}

// questionByID is the question of a row, from the cache when it holds it:
// read-only, as Question's.
func (s *Store) questionByID(ctx context.Context, id uint) (*StoredQuestion, error) {
	return cached(s, ctx, func(c *cache) map[uint]*StoredQuestion { return c.questions }, id, func() (*StoredQuestion, error) {
		return questionByRow(s.read(ctx), id)
	})
}

// Topics returns the topics of a bank's studied questions with their
// counts, in the order they first appear.
func (s *Store) Topics(ctx context.Context, bankID uint) ([]TopicCount, error) {
	var rows []questionRow
	err := s.read(ctx).Select("topic").Where("bank_id = ? AND retired = ?", bankID, false).Order("position").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: topics of bank %d: %w", bankID, err)
	}
	var out []TopicCount
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Topic]
		if !ok {
			i = len(out)
			index[r.Topic] = i
			out = append(out, TopicCount{Topic: r.Topic})
		}
		out[i].Questions++
	}
	return out, nil
}

// TopicCount is how many questions a topic has.
type TopicCount struct {
	Topic     string
	Questions int
}
