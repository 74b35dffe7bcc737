# quizd: `make` builds, `make run` starts the server, `make test` runs every test.
GO       ?= go
BIN      := bin/quizd
ARTICLE  ?= ../shared/material/csto-article.txt
FUZZTIME ?= 20s
ADDR     ?= 127.0.0.1:8080
DB       ?= quizd.db

.PHONY: all build run test bench fuzz lint eval clean

all: build

build:
	$(GO) build -o $(BIN) .

run: build
	./$(BIN) serve --addr $(ADDR) --db $(DB)

# Unit, storage, server, end-to-end (the real binary) and browser tests
# (headless Chromium), with the race detector; fuzz seed corpora included.
# Then the packages whose tests open a database run again on PostgreSQL
# (QUIZD_TEST_DB=postgres: a database of its own per test, on PG_ADDR)
# when it answers; when it does not, a line says so, and with
# QUIZD_REQUIRE_PG=1 (as .ci/run sets) make test fails. Last, alone,
# TestPostgresRestart restarts that PostgreSQL server under load, which the
# other tests using it would see fail.
PG_ADDR     ?= 127.0.0.1:5432
PG_PACKAGES ?= ./storage/... ./server/... .
PG_START    := pg_ctlcluster --skip-systemctl-redirect \$$(ls /etc/postgresql) main start
test:
	$(GO) test -race -count=1 -timeout 30m -skip '^TestPostgresRestart$$' ./...
	@if timeout 3 bash -c 'exec 3<>/dev/tcp/$(subst :,/,$(PG_ADDR))' 2>/dev/null; then \
	  echo "make test: the PostgreSQL pass, on $(PG_ADDR)"; \
	  QUIZD_TEST_DB=postgres $(GO) test -race -count=1 -timeout 30m -skip '^TestPostgresRestart$$' $(PG_PACKAGES) && \
	  QUIZD_PG_RESTART=1 $(GO) test -race -count=1 -timeout 10m -run '^TestPostgresRestart$$' .; \
	elif [ "$$QUIZD_REQUIRE_PG" = 1 ]; then \
	  echo "make test: PostgreSQL does not answer on $(PG_ADDR), and QUIZD_REQUIRE_PG=1 needs its pass: start it with '$(PG_START)'." >&2; \
	  exit 1; \
	else \
	  echo "make test: the PostgreSQL pass and TestPostgresRestart were not run: nothing answers on $(PG_ADDR); start it with '$(PG_START)' and run make test again."; \
	fi

# Speed and memory: generation, grading, extraction, every parser's worst
# shape at 1, 5 and 20 MB (time per MB), publishing a full bank while
# students answer, the load benchmark of the study API against a
# hello-world baseline, the next → answer loop on SQLite, on PostgreSQL
# with one server and with two on one database (loops/s, answer p99 of
# each) beside hello-world in the same run, next-card latency at 275 and
# 5,000 questions per bank and 10³ to 10⁶ card rows (from the study cache
# and with the student's schedule read again), answers recorded by 32
# students at once (CPU per answer), the question browser over 10,000
# questions, the class report page at 200 students × 300 questions (render
# time, HTML bytes), the 2M-row progress CSV export beside sqlite3 -csv of
# the same join and sort (rows/s, peak heap), migrate-db of 200 students ×
# 300 questions' history into PostgreSQL (rows/s, heap), the
# unauthenticated attacks of issue 9 against the real server (time and peak
# RSS of each), and the sign-in storm of issue 13: 200 students signing in
# at once to the real server, through the API and through the form (peak
# RSS and RSS before and after, refused, p50/p99 and total time). The load
# benchmark also prints the largest WAL file of each phase.
bench:
	$(GO) test -run '^$$' -bench . -skip Parsers -benchmem ./questions/...
	$(GO) test -run '^$$' -bench Parsers -benchtime 1x -timeout 30m ./questions/importer/
	$(GO) test -run '^$$' -bench Publish -benchtime 1x ./storage/
	$(GO) test -run '^$$' -bench Browse -benchtime 1x ./storage/
	$(GO) test -run '^$$' -bench NextCard -benchtime 2000x -timeout 30m ./storage/
	$(GO) test -run '^$$' -bench RecordAnswer -benchtime 20000x ./storage/
	$(GO) test -run '^$$' -bench '^BenchmarkLoad$$' -benchtime 1x ./server/
	$(GO) test -run '^$$' -bench LoadPostgres -benchtime 1x ./server/
	$(GO) test -run '^$$' -bench ClassReport -benchtime 3x ./server/
	$(GO) test -run '^$$' -bench ReportExport -benchtime 1x -timeout 30m ./storage/
	$(GO) test -run '^$$' -bench MigrateDB -benchtime 1x -timeout 30m ./storage/
	$(GO) test -run '^$$' -bench CheckPolicy -benchmem ./server/auth/
	$(GO) test -run '^$$' -bench Attack -benchtime 1x -timeout 30m .
	$(GO) test -run '^$$' -bench SignInStorm -benchtime 1x -timeout 30m .

# Runs every fuzz target for FUZZTIME each.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "fuzz $$pkg $$target"; \
	    $(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

lint:
	$(GO) vet ./...
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

eval: build
	./$(BIN) eval $(ARTICLE)

clean:
	rm -rf bin
