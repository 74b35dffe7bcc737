# quizd: `make` builds, `make run` starts it, `make test` runs every test.
GO       ?= go
BIN      := bin/quizd
ARTICLE  ?= ../shared/material/csto-article.txt
FUZZTIME ?= 20s

.PHONY: all build run test bench fuzz lint eval clean

all: build

build:
	$(GO) build -o $(BIN) .

# Until the study server lands, the main job prints the bundled course's bank.
run: build
	./$(BIN) generate

test:
	$(GO) test -race -count=1 ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Runs every fuzz target for FUZZTIME each; `make test` runs their seed corpora.
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
