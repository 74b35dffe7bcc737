// Package server is quizd's web application: the Fiber app with its routes
// (routes.go), one file per action, middleware, and the mapping of domain
// errors to HTTP answers (errors.go). Handlers stay thin: they decode,
// call the domain or storage, and render or encode.
package server

import (
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"quizd/questions"
	"quizd/storage"
	"quizd/views"
)

// Config is what the app needs besides its store and views.
type Config struct {
	// SignupOpen lets anyone create a student account.
	SignupOpen bool
	// CookieSecure marks cookies Secure always; without it they are marked
	// Secure when the request came over TLS, directly or (as a trusted
	// proxy says with X-Forwarded-Proto) through a proxy.
	CookieSecure bool
	// TrustedProxies are the addresses (IPs or CIDR ranges) whose
	// X-Forwarded-For and X-Forwarded-Proto headers are believed. Others'
	// are ignored.
	TrustedProxies []string
	// Location is the time zone of study days: a day's new-card limit
	// starts again at midnight there.
	Location *time.Location
	// Now is the clock; tests pass their own.
	Now    func() time.Time
	Logger *slog.Logger
	// BodyLimit caps request bodies other than uploads, in bytes.
	BodyLimit int
	// UploadLimit caps an uploaded file, in bytes (default 20 MiB).
	UploadLimit int
	// MaxQuestions caps the questions of an uploaded bank (default
	// questions.DefaultMaxQuestions).
	MaxQuestions int
	// Imports caps the uploads read and stored at once (default 2); more
	// are refused with 503 and Retry-After.
	Imports int
}

// Deps are the app's parts, built by main.
type Deps struct {
	Store  *storage.Store
	Views  *views.Engine
	Config Config
	// Extra, when set, registers more routes behind the app's middleware
	// and before its "not found" answer (tests use it).
	Extra func(fiber.Router)
}

// app holds what the handlers share; its methods are the handlers.
type app struct {
	store    *storage.Store
	views    *views.Engine
	cfg      Config
	log      *slog.Logger
	sessions *session.Store
	// imports holds a token per upload being read or stored.
	imports chan struct{}
}

// Session lifetimes: a session ends after two weeks without use.
const sessionIdle = 14 * 24 * time.Hour

// New builds the Fiber app: it only wires middleware and routes.
func New(d Deps) *fiber.App {
	cfg := d.Config
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = 1 << 20
	}
	if cfg.UploadLimit <= 0 {
		cfg.UploadLimit = 20 << 20
	}
	if cfg.MaxQuestions <= 0 {
		cfg.MaxQuestions = questions.DefaultMaxQuestions
	}
	if cfg.Imports <= 0 {
		cfg.Imports = 2
	}
	a := &app{store: d.Store, views: d.Views, cfg: cfg, log: cfg.Logger, imports: make(chan struct{}, cfg.Imports)}
	a.sessions = session.New(session.Config{
		Storage:        d.Store.Sessions(),
		Expiration:     sessionIdle,
		KeyLookup:      "cookie:quizd_session",
		CookieHTTPOnly: true,
		CookieSecure:   cfg.CookieSecure,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		KeyGenerator:   randomKey,
	})
	f := fiber.New(fiber.Config{
		AppName:      "quizd",
		ErrorHandler: a.handleError,
		Views:        d.Views,
		// Uploads are the largest bodies; other routes check their own.
		BodyLimit:             max(cfg.BodyLimit, cfg.UploadLimit+64<<10),
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		// Forwarded headers count only from the proxies named.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg.TrustedProxies),
		WriteTimeout:            60 * time.Second,
		IdleTimeout:             120 * time.Second,
	})
	a.routes(f, d.Extra)
	return f
}

// randomKey makes session ids and CSRF tokens: 256 random bits.
func randomKey() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("server: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func proxyHeader(trusted []string) string {
	if len(trusted) == 0 {
		return ""
	}
	return fiber.HeaderXForwardedFor
}
