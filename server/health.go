package server

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
)

// healthEvery is how often the health check probes the database with a
// write and an integrity check; between probes it gives the last result,
// so a flood of health checks costs one write per interval.
const healthEvery = 30 * time.Second

// healthState is the last probe of the database.
type healthState struct {
	probing sync.Mutex // held while a probe runs
	mu      sync.Mutex // guards at and checks
	at      time.Time
	checks  []storage.Check
}

// health answers 200 while the server and its database are usable, and
// 503 naming the checks that failed: the database answers (on every
// request), and, probed every healthEvery, its most read tables are
// intact, a write commits and its disk has room (on PostgreSQL, that a
// write commits). Both answers name the kind of database.
func (a *app) health(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), storage.ProbeTimeout)
	defer cancel()
	checks := []storage.Check{{Name: storage.CheckDatabase}}
	if err := a.store.Ping(ctx); err != nil {
		checks[0].Problem, checks[0].Err = "the database does not answer", err
	} else {
		checks = a.probe()
	}
	body := fiber.Map{"status": "ok", "database": string(a.store.Kind())}
	byName := fiber.Map{}
	var failed []string
	for _, ch := range checks {
		if ch.Problem == "" {
			byName[ch.Name] = "ok"
			continue
		}
		byName[ch.Name] = ch.Problem
		failed = append(failed, ch.Name)
		a.log.Error("health check", "check", ch.Name, "error", ch.Err)
	}
	body["checks"] = byName
	if len(failed) > 0 {
		body["status"], body["failed"] = "failing", failed
		return c.Status(fiber.StatusServiceUnavailable).JSON(body)
	}
	return c.JSON(body)
}

// probe gives the last probe of the database, probing again when it is
// older than healthEvery. While one request probes, the others get the
// last result (the first ones, with none yet, wait for it).
func (a *app) probe() []storage.Check {
	h := &a.healthState
	last, stale := h.last(a.cfg.Now())
	if !stale {
		return last
	}
	if !h.probing.TryLock() {
		if last != nil {
			return last
		}
		h.probing.Lock()
	}
	defer h.probing.Unlock()
	now := a.cfg.Now()
	if last, stale := h.last(now); !stale {
		return last // probed while this request waited
	}
	// Not the request's context: a probe cut short by a client that left
	// would stand for the next interval.
	checks := a.store.Probe(context.Background(), now)
	h.mu.Lock()
	h.checks, h.at = checks, now
	h.mu.Unlock()
	return checks
}

// last is the last probe's result, and whether it is due again at now.
func (h *healthState) last(now time.Time) ([]storage.Check, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.checks, h.checks == nil || now.Sub(h.at) >= healthEvery || now.Before(h.at)
}

// static serves the embedded static files under their hashed names, to be
// cached for a year.
func (a *app) static(c *fiber.Ctx) error {
	data, ct, ok := a.views.Asset(c.Params("file"))
	if !ok {
		return errNotFound("no such file")
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(data)
}
