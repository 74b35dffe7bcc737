package storage

import (
	"context"
	"fmt"
	"sync"
	"time"

	"gorm.io/gorm"
)

// The cache keeps, between requests, what nearly every request reads and
// hardly any write changes: the owner of a token, an account, a bank, who
// may see it, a student's pace in it, its questions. It is invalidated,
// never aged: every write that changes any of those (Store.write) moves
// one counter in the database, the cache epoch, on in the same
// transaction, and a request reads the counter once (Store.Fresh) before
// it looks anything up. A request that finds the epoch it read differs
// from the one the cache was filled at empties the cache first, so that a
// revoked token, a disabled account, a changed role or password, an
// edited bank or class take effect on the next request to any server that
// shares the database. Writes that change none of those (answers, holds,
// sessions, limits: Store.writeUncached) leave the epoch alone.
//
// Lookups without a context from Fresh read the database as before.

// bumpEpochSQL moves the cache epoch on; it runs once in each batch that
// holds a write that invalidates.
const bumpEpochSQL = "UPDATE cache_epochs SET n = n + 1 WHERE id = 1"

// cacheMax bounds each of the cache's maps: a full one is emptied and
// filled again, so that memory stays bounded however many accounts and
// questions a server sees.
const cacheMax = 50_000

type epochKey struct{}

type cache struct {
	mu sync.Mutex
	// epoch is the database's epoch the entries were read at; 0 when
	// unknown, after a write of this process moved it on.
	epoch int64
	// gen counts the emptyings: a lookup stores what it read only if no
	// emptying came between its miss and its store.
	gen       uint64
	tokens    map[string]tokenEntry
	users     map[uint]User
	banks     map[uint]Bank
	seen      map[[2]uint]bool
	paces     map[[2]uint]BankPace
	questions map[uint]*StoredQuestion
	qids      map[bankQID]uint
	// study holds students' schedules and orders banks' questions as new
	// cards come (study_cache.go); studyCards counts the cards in study.
	study      map[studyKey]*studyEntry
	orders     map[uint]*bankOrder
	studyCards int
}

// tokenEntry is what the cache knows of a token: whose it is and when it
// was last noted as used.
type tokenEntry struct {
	id, userID uint
	lastUsed   int64 // Unix nanoseconds
}

type bankQID struct {
	bank uint
	qid  string
}

// reset empties the cache for entries of epoch e.
func (c *cache) reset(e int64) {
	c.epoch = e
	c.gen++
	c.tokens = map[string]tokenEntry{}
	c.users = map[uint]User{}
	c.banks = map[uint]Bank{}
	c.seen = map[[2]uint]bool{}
	c.paces = map[[2]uint]BankPace{}
	c.questions = map[uint]*StoredQuestion{}
	c.qids = map[bankQID]uint{}
	c.study = map[studyKey]*studyEntry{}
	c.orders = map[uint]*bankOrder{}
	c.studyCards = 0
}

// invalidate empties the cache after this process moved the epoch on: the
// next lookup takes the epoch its request read.
func (c *cache) invalidate() {
	c.mu.Lock()
	c.reset(0)
	c.mu.Unlock()
}

// newStore is a Store on its write and read connections, with its cache
// and committer.
func newStore(w, r *gorm.DB, path string, kind Kind, minFree int64) *Store {
	s := &Store{w: w, r: r, path: path, kind: kind, minFree: minFree, cache: &cache{}}
	s.rdb, _ = r.DB()
	s.cache.reset(0)
	s.commits = newCommitter(w)
	s.commits.invalidated = s.cache.invalidate
	if s.minFree <= 0 {
		s.minFree = defaultMinFree
	}
	return s
}

// Fresh reads the cache epoch for one request: lookups made with the
// context it returns may answer from the cache while the epoch holds.
// When the epoch can't be read, the context is returned as it was and
// lookups read the database.
func (s *Store) Fresh(ctx context.Context) (context.Context, error) {
	var n int64
	if err := s.rdb.QueryRowContext(ctx, "SELECT n FROM cache_epochs WHERE id = 1").Scan(&n); err != nil {
		return ctx, fmt.Errorf("storage: cache epoch: %w", err)
	}
	return context.WithValue(ctx, epochKey{}, n), nil
}

// cached answers key from the map pick chooses, or loads it and keeps it
// when the request's epoch is the cache's.
func cached[K comparable, V any](s *Store, ctx context.Context, pick func(*cache) map[K]V, key K, load func() (V, error)) (V, error) {
	e, ok := ctx.Value(epochKey{}).(int64)
	if !ok || s.cache == nil {
		return load()
	}
	c := s.cache
	c.mu.Lock()
	if c.epoch == 0 || e > c.epoch {
		c.reset(e)
	}
	current := e == c.epoch
	if current {
		if v, ok := pick(c)[key]; ok {
			c.mu.Unlock()
			return v, nil
		}
	}
	gen := c.gen
	c.mu.Unlock()
	v, err := load()
	if err != nil || !current {
		return v, err
	}
	c.mu.Lock()
	if c.gen == gen {
		m := pick(c)
		if len(m) >= cacheMax {
			clear(m)
		}
		m[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// touchToken notes in the cache that a token was used at now.
func (c *cache) touchToken(hash string, now time.Time) {
	c.mu.Lock()
	if t, ok := c.tokens[hash]; ok {
		t.lastUsed = now.UnixNano()
		c.tokens[hash] = t
	}
	c.mu.Unlock()
}
