package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"quizd/questions/anki"
	"quizd/server"
	"quizd/storage"
	"quizd/views"
)

// env returns the environment variable's value, or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

const defaultDB = "quizd.db"

// openStore opens and migrates the database, as every command that takes
// --db does.
func openStore(ctx context.Context, path string) (*storage.Store, error) {
	return storage.Open(ctx, storage.Config{Path: path})
}

// loadBundledBank stores the bundled course where it is missing, or its
// new version where the binary carries one; progress is kept by question
// id, and a question an admin edited is left as the admin left it (the log
// names those kept, and storage.KeptEdits lists them for the admin).
func loadBundledBank(ctx context.Context, st *storage.Store, log *slog.Logger) error {
	bank, opt, err := bundledBank()
	if err != nil {
		return err
	}
	// Servers started together on one database store it one after the
	// other: the first saves it, the others find it saved.
	var res *storage.UpsertResult
	err = st.Exclusively(ctx, func() error {
		res, err = st.UpsertBank(ctx, bank, storage.BankOptions{Public: true, Builtin: true, KeepEdited: true})
		return err
	})
	if err != nil {
		return err
	}
	if len(res.Kept) > 0 {
		log.Info("bundled bank: questions edited by an admin kept as they are", "slug", bank.Slug,
			"count", len(res.Kept), "ids", strings.Join(res.Kept, ","))
	}
	if res.BankChanged {
		log.Info("bundled bank loaded", "slug", bank.Slug, "version", bank.Version,
			"created", res.Created, "updated", res.Updated, "retired", res.Retired, "unchanged", res.Unchanged,
			"lint_findings", len(opt.Bank(bank)))
	}
	return nil
}

func cmdServe(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", stderr)
	addr := fs.String("addr", env("QUIZD_ADDR", "127.0.0.1:8080"), "address to listen on (QUIZD_ADDR)")
	db := dbFlag(fs)
	signup := fs.String("signup", env("QUIZD_SIGNUP", "open"), "whether anyone may sign up: open or closed (QUIZD_SIGNUP)")
	secure, _ := strconv.ParseBool(env("QUIZD_COOKIE_SECURE", "false"))
	cookieSecure := fs.Bool("cookie-secure", secure, "always mark cookies Secure (QUIZD_COOKIE_SECURE); they are anyway for requests over TLS")
	grace := fs.Duration("shutdown-grace", envDuration("QUIZD_SHUTDOWN_GRACE", 15*time.Second), "how long requests in flight may finish after SIGTERM before they are cancelled (QUIZD_SHUTDOWN_GRACE)")
	maxQuestions := maxQuestionsFlag(fs)
	proxies := fs.String("trusted-proxies", env("QUIZD_TRUSTED_PROXIES", ""), "comma-separated IPs or CIDR ranges of proxies whose X-Forwarded-* headers are believed (QUIZD_TRUSTED_PROXIES)")
	baseURL := baseURLFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *maxQuestions <= 0 {
		return usageError{fmt.Sprintf("--max-questions must be a positive number, not %d", *maxQuestions)}
	}
	if *signup != "open" && *signup != "closed" {
		return usageError{fmt.Sprintf("--signup must be open or closed, not %q", *signup)}
	}
	if err := checkBaseURL(*baseURL); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := loadBundledBank(ctx, st, log); err != nil {
		return err
	}
	v, err := views.New()
	if err != nil {
		return err
	}
	// Requests still running when the grace period ends are cancelled
	// with this context: they answer 503 and remove their temporary files.
	requests, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	app := server.New(server.Deps{Store: st, Views: v, Config: server.Config{
		SignupOpen: *signup == "open", CookieSecure: *cookieSecure, Logger: log, TrustedProxies: splitList(*proxies),
		BaseContext:  requests,
		MaxQuestions: *maxQuestions,
		BaseURL:      *baseURL,
	}})
	// Collections a killed process was reading (each is unlinked as soon
	// as SQLite opens it, so only a crash in that moment leaves one).
	if n, err := anki.RemoveStale(time.Hour); err != nil {
		log.Error("sweep temporary files", "error", err)
	} else if n > 0 {
		log.Info("stale temporary files removed", "count", n)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	fmt.Fprintf(stdout, "quizd is serving on %s\n", openURL(ln.Addr()))
	go sweepSessions(ctx, st, log)
	done := make(chan error, 1)
	go func() { done <- app.Listener(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight", "grace", grace.String())
	// One shutdown, waited for through both stages: a second one would
	// return at once (the first closed the listener), and the process
	// could end before the cancelled requests sent their 503 (it did on
	// PostgreSQL, whose Close is quicker than SQLite's checkpoint).
	shutdown := make(chan error, 1)
	go func() { shutdown <- app.Shutdown() }()
	select {
	case err := <-shutdown:
		if err != nil {
			log.Error("shutdown", "error", err)
		}
	case <-time.After(*grace):
		log.Warn("shutdown: the grace period is over: cancelling the requests still running")
		cancelRequests()
		select {
		case err := <-shutdown:
			if err != nil {
				log.Error("shutdown", "error", err)
			}
		case <-time.After(cancelledAnswer):
			log.Error("shutdown: requests still running after they were cancelled")
		}
	}
	if err := <-done; err != nil && !errors.Is(err, net.ErrClosed) {
		log.Error("server", "error", err)
	}
	return nil
}

// cancelledAnswer is how long cancelled requests get to send their 503.
const cancelledAnswer = 5 * time.Second

// envDuration reads a duration such as "15s" from the environment, or def.
func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil && d > 0 {
		return d
	}
	return def
}

// sweepSessions deletes expired sessions and rate-limit counters every
// hour while the server runs.
func sweepSessions(ctx context.Context, st *storage.Store, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if n, err := st.DeleteExpiredSessions(ctx, now); err != nil {
				log.Error("sweep sessions", "error", err)
			} else if n > 0 {
				log.Info("expired sessions deleted", "count", n)
			}
			if _, err := st.DeleteExpiredLimits(ctx, now); err != nil {
				log.Error("sweep rate limits", "error", err)
			}
		}
	}
}

// openURL is the address to open in a browser: a wildcard host becomes
// localhost.
func openURL(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return "http://" + a.String()
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return "http://" + host + ":" + port + "/"
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
