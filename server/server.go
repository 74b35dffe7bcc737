// Package server is quizd's web application: the Fiber app with its routes
// (routes.go), one file per action, middleware, and the mapping of domain
// errors to HTTP answers (errors.go). Handlers stay thin: they decode,
// call the domain or storage, and render or encode.
package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"log/slog"
	"net/netip"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
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
	// BodyLimit caps request bodies other than uploads, in bytes
	// (default 64 KiB): forms and JSON.
	BodyLimit int
	// UploadLimit caps an uploaded file, in bytes (default 20 MiB).
	UploadLimit int
	// SignInPolicy limits failed password checks (zero: the default).
	SignInPolicy storage.SignInPolicy
	// UploadsInFlight is how many uploads may be received at once
	// (default 4); more get 503 with Retry-After.
	UploadsInFlight int
	// BodyTimeout bounds the time to receive a request's headers and a
	// form or JSON body (default 15 s); UploadTimeout that of an upload
	// (default 2 minutes).
	BodyTimeout, UploadTimeout time.Duration
	// SignupsPerHour is how many sign-ups one address may try in an hour
	// (default 60: a class behind one school address).
	SignupsPerHour int
	// BaseContext, when it ends, cancels the requests still running: the
	// server answers them 503 and removes their temporary files. main
	// ends it when the shutdown's grace period is over.
	BaseContext context.Context
	// ExactIntervals turns FSRS interval fuzz off, for tests that assert
	// exact intervals. A server fuzzes them so that a class that starts
	// together does not get its reviews on the same days.
	ExactIntervals bool
	// MaxQuestions caps the questions of an uploaded bank (default
	// questions.DefaultMaxQuestions).
	MaxQuestions int
	// Imports caps the uploads read and stored at once (default 2); more
	// are refused with 503 and Retry-After.
	Imports int
	// BaseURL is the server's address as people reach it
	// ("https://quiz.example.org"), for the links quizd hands out; without
	// it a link takes the request's scheme and host.
	BaseURL string
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
	// proxies are the parsed TrustedProxies.
	proxies []netip.Prefix
	// anonCSRF signs the CSRF tokens of visitors not signed in.
	anonCSRF *anonTokens
	// sessionCSRF derives the CSRF tokens of signed-in users.
	sessionCSRF *sessionTokens
	// healthState is the last probe of the database (health.go).
	healthState healthState
	// uploads holds a token for each upload being received.
	uploads chan struct{}
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
		cfg.BodyLimit = 64 << 10
	}
	if cfg.UploadLimit <= 0 {
		cfg.UploadLimit = 20 << 20
	}
	if cfg.SignInPolicy == (storage.SignInPolicy{}) {
		cfg.SignInPolicy = storage.DefaultSignInPolicy
	}
	if cfg.UploadsInFlight <= 0 {
		cfg.UploadsInFlight = 4
	}
	if cfg.BodyTimeout <= 0 {
		cfg.BodyTimeout = 15 * time.Second
	}
	if cfg.UploadTimeout <= 0 {
		cfg.UploadTimeout = 2 * time.Minute
	}
	if cfg.SignupsPerHour <= 0 {
		cfg.SignupsPerHour = 60
	}
	if cfg.BaseContext == nil {
		cfg.BaseContext = context.Background()
	}
	if cfg.MaxQuestions <= 0 {
		cfg.MaxQuestions = questions.DefaultMaxQuestions
	}
	if cfg.Imports <= 0 {
		cfg.Imports = 2
	}
	a := &app{store: d.Store, views: d.Views, cfg: cfg, log: cfg.Logger, uploads: make(chan struct{}, cfg.UploadsInFlight), imports: make(chan struct{}, cfg.Imports)}
	var bad []string
	if a.proxies, bad = parseProxies(cfg.TrustedProxies); len(bad) > 0 {
		a.log.Warn("trusted proxies that are not IP addresses or CIDR ranges are ignored", "ignored", bad)
	}
	a.anonCSRF = newAnonTokens(d.Store, cfg.Now)
	a.sessionCSRF = newSessionTokens(d.Store)
	a.sessions = session.New(session.Config{
		Storage:        d.Store.Sessions(),
		Expiration:     sessionIdle,
		KeyLookup:      "cookie:quizd_session",
		CookieHTTPOnly: true,
		CookieSecure:   cfg.CookieSecure,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		KeyGenerator:   randomKey,
	})
	// Sessions saved by older releases hold a CSRF token of this type:
	// without it registered, they would not decode.
	a.sessions.RegisterType(csrf.Token{})
	f := fiber.New(fiber.Config{
		AppName:      "quizd",
		ErrorHandler: a.handleError,
		Views:        d.Views,
		// Bodies are streamed, neither read nor reserved before limitBody
		// has applied the route's limit (body_limit.go). fasthttp reads
		// BodyLimit bytes of a body ahead of the handler: one, so that a
		// declared length over the limit is refused before its body comes.
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		BodyLimit:                    1,
		DisableStartupMessage:        true,
		ReadTimeout:                  cfg.BodyTimeout,
		// Forwarded headers count only from the proxies named.
		EnableTrustedProxyCheck: true,
		TrustedProxies:          cfg.TrustedProxies,
		ProxyHeader:             proxyHeader(cfg.TrustedProxies),
		WriteTimeout:            60 * time.Second,
		IdleTimeout:             120 * time.Second,
	})
	a.routes(f, d.Extra)
	prepareRender(f)
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
