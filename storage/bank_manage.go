package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"quizd/questions"
)

// BankTitleMax is the longest title a bank may have, in characters (the
// banks.title column holds 300).
const BankTitleMax = 300

// CleanBankTitle is a title as a bank keeps it: trimmed, each run of
// spaces made one space. An empty title, one of more than BankTitleMax
// characters or one with a line break or another control character is a
// questions.Problem of field "title", whose message ("is empty: give …")
// goes on from the field's name and says what to change.
func CleanBankTitle(title string) (string, error) {
	if !utf8.ValidString(title) {
		return "", questions.Problem{Field: "title", Message: "is not valid UTF-8 text: type it again"}
	}
	for _, r := range title {
		if unicode.IsControl(r) && r != '\t' {
			return "", questions.Problem{Field: "title", Message: "has a line break or another control character: give it on one line"}
		}
	}
	title = strings.Join(strings.Fields(title), " ")
	if title == "" {
		return "", questions.Problem{Field: "title", Message: "is empty: give the question set a title"}
	}
	if n := utf8.RuneCountInString(title); n > BankTitleMax {
		return "", questions.Problem{Field: "title", Message: fmt.Sprintf("has %d characters: shorten it to %d at most", n, BankTitleMax)}
	}
	return title, nil
}

// CopyTitle is the title a copy of a bank gets when none is given:
// "TITLE (copy)", the title shortened to fit BankTitleMax.
func CopyTitle(title string) string {
	const suffix = " (copy)"
	r := []rune(title)
	if room := BankTitleMax - len(suffix); len(r) > room {
		r = r[:room]
	}
	return strings.TrimSpace(string(r)) + suffix
}

// RenameBank changes a bank's title (CleanBankTitle checks it). Its slug,
// and so its export file names and every link to it, stay.
func (s *Store) RenameBank(ctx context.Context, bankID uint, title string) (*Bank, error) {
	title, err := CleanBankTitle(title)
	if err != nil {
		return nil, err
	}
	if err := s.updateBank(ctx, bankID, map[string]any{"title": title, "updated_at": time.Now().UTC()}); err != nil {
		return nil, fmt.Errorf("storage: rename bank %d: %w", bankID, err)
	}
	return s.BankByID(ctx, bankID)
}

// ArchiveBank hides a bank from students: no one but its owner and the
// admins lists, studies or exports it (VisibleBanks, AccessTo), and classes
// no longer list it, while every card, review and report is kept for
// RestoreBank. Archiving an archived bank keeps the time it was archived.
func (s *Store) ArchiveBank(ctx context.Context, bankID uint, now time.Time) (*Bank, error) {
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row bankRow
		if err := tx.Select("id, archived_at").Take(&row, bankID).Error; err != nil {
			return notFound(err)
		}
		if row.ArchivedAt != nil {
			return nil
		}
		return tx.Model(&bankRow{}).Where("id = ?", bankID).Updates(map[string]any{"archived_at": now.UTC(), "updated_at": now.UTC()}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: archive bank %d: %w", bankID, err)
	}
	return s.BankByID(ctx, bankID)
}

// RestoreBank undoes ArchiveBank: the bank is studied again where it was
// before, with every student's progress.
func (s *Store) RestoreBank(ctx context.Context, bankID uint) (*Bank, error) {
	if err := s.updateBank(ctx, bankID, map[string]any{"archived_at": nil, "updated_at": time.Now().UTC()}); err != nil {
		return nil, fmt.Errorf("storage: restore bank %d: %w", bankID, err)
	}
	return s.BankByID(ctx, bankID)
}

// updateBank sets columns of one bank; a missing bank is ErrNotFound.
func (s *Store) updateBank(ctx context.Context, bankID uint, fields map[string]any) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&bankRow{}).Where("id = ?", bankID).Updates(fields)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// DuplicateBank copies a bank into a new one owned by ownerID, titled
// title (CopyTitle of the original's when empty), with a slug of its own
// made from the title. The copy is private (neither public nor built in),
// not archived, and starts with no students. It holds every question the
// original studies, in the same order and with the same question IDs (IDs
// are per bank), each as version 1 of the copy, created by ownerID.
// Retired questions are left behind: they are the original's history, and
// the copy's owner adds them back in the editor if they want them.
//
// A large bank is copied in transactions of about publishChunk each, as a
// publish is; a copy that fails half way is removed.
func (s *Store) DuplicateBank(ctx context.Context, bankID, ownerID uint, title string) (*Bank, error) {
	var src bankRow
	if err := s.read(ctx).Take(&src, bankID).Error; err != nil {
		return nil, fmt.Errorf("storage: copy bank %d: %w", bankID, notFound(err))
	}
	if title == "" {
		title = CopyTitle(src.Title)
	}
	title, err := CleanBankTitle(title)
	if err != nil {
		return nil, err
	}
	var qs []questionRow
	err = s.read(ctx).Select("qid, new_order, topic, type, prompt, data").
		Where("bank_id = ? AND retired = ?", bankID, false).Order("position, id").Find(&qs).Error
	if err != nil {
		return nil, fmt.Errorf("storage: copy bank %d: %w", bankID, err)
	}
	copies := make([]questionRow, len(qs))
	for i, q := range qs {
		copies[i] = questionRow{QID: q.QID, Position: i + 1, NewOrder: q.NewOrder, Topic: q.Topic, Type: q.Type,
			Prompt: q.Prompt, Data: q.Data, Version: 1}
	}
	row := bankRow{Title: title, Version: src.Version, SourceTitle: src.SourceTitle, SourceAuthor: src.SourceAuthor,
		SourceLocation: src.SourceLocation, OwnerID: &ownerID}
	const insertBatch = 50
	for first := true; first || len(copies) > 0; first = false {
		err := s.write(ctx, func(tx *gorm.DB) error {
			if first {
				slug, err := freeSlug(tx, questions.Slugify(title))
				if err != nil {
					return err
				}
				row.Slug = slug
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
			}
			for start := time.Now(); len(copies) > 0 && time.Since(start) < publishChunk; {
				n := min(insertBatch, len(copies))
				for i := range copies[:n] {
					copies[i].BankID = row.ID
				}
				if err := tx.Create(copies[:n]).Error; err != nil {
					return err
				}
				if err := tx.Create(firstVersions(copies[:n], &ownerID)).Error; err != nil {
					return err
				}
				copies = copies[n:]
			}
			return nil
		})
		if err != nil {
			if !first {
				err = errors.Join(err, s.dropBank(context.WithoutCancel(ctx), row.ID))
			}
			return nil, fmt.Errorf("storage: copy bank %d: %w", bankID, err)
		}
	}
	return s.BankByID(ctx, row.ID)
}

// dropBank deletes a bank no one has studied yet (a copy that failed half
// way) with its questions and their versions.
func (s *Store) dropBank(ctx context.Context, bankID uint) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		ids := tx.Model(&questionRow{}).Select("id").Where("bank_id = ?", bankID)
		if err := tx.Where("question_id IN (?)", ids).Delete(&questionVersionRow{}).Error; err != nil {
			return err
		}
		if err := tx.Where("bank_id = ?", bankID).Delete(&questionRow{}).Error; err != nil {
			return err
		}
		return tx.Delete(&bankRow{}, bankID).Error
	})
}

// freeSlug is base, or base-2, base-3 … the first that no bank has ("bank"
// when base is empty). It reads inside the transaction that creates the
// bank, which holds the database's one writer.
func freeSlug(tx *gorm.DB, base string) (string, error) {
	const room = 100 - len("-99999") // banks.slug holds 100
	if len(base) > room {
		base = strings.TrimRight(base[:room], "-")
	}
	if base == "" {
		base = "bank"
	}
	var taken []string
	if err := tx.Model(&bankRow{}).Where("slug = ? OR slug LIKE ?", base, base+"-%").Pluck("slug", &taken).Error; err != nil {
		return "", err
	}
	used := make(map[string]bool, len(taken))
	for _, t := range taken {
		used[t] = true
	}
	if !used[base] {
		return base, nil
	}
	for n := 2; ; n++ {
		if slug := fmt.Sprintf("%s-%d", base, n); !used[slug] {
			return slug, nil
		}
	}
}

// BankCounts are what a bank holds, for its page.
type BankCounts struct {
	// Active questions are studied; Retired ones are kept for reports.
	Active, Retired int
	// Students have a card in the bank.
	Students int
}

// CountBank counts a bank's questions and the students who studied it.
func (s *Store) CountBank(ctx context.Context, bankID uint) (BankCounts, error) {
	var out BankCounts
	var rows []struct {
		Retired bool
		N       int
	}
	db := s.read(ctx)
	if err := db.Model(&questionRow{}).Select("retired, COUNT(*) AS n").Where("bank_id = ?", bankID).Group("retired").Scan(&rows).Error; err != nil {
		return out, fmt.Errorf("storage: count bank %d: %w", bankID, err)
	}
	for _, r := range rows {
		if r.Retired {
			out.Retired = r.N
		} else {
			out.Active = r.N
		}
	}
	var n int64
	if err := db.Model(&cardRow{}).Distinct("user_id").Where("bank_id = ?", bankID).Count(&n).Error; err != nil {
		return out, fmt.Errorf("storage: count bank %d: %w", bankID, err)
	}
	out.Students = int(n)
	return out, nil
}
