# sslab build and test entry points. `make test` is what CI runs (.ci/run).

SHELL := /bin/bash
GO    ?= go
TOOLS_BIN := $(CURDIR)/.tools/bin
# Project tools (wasmbrowsertest, the chromium wrapper) come first on PATH;
# /usr/local/go/bin is appended in case a bare shell lacks it.
export PATH := $(TOOLS_BIN):$(PATH):/usr/local/go/bin

WASM_ENV  := GOOS=js GOARCH=wasm
WBT_EXEC  := -exec=$(TOOLS_BIN)/wasmbrowsertest
NODE_EXEC := -exec=$$($(GO) env GOROOT)/lib/wasm/go_js_wasm_exec
ML_PKGS   := ./ml/...
# The worker's wasm SIMD kernel: its tests and benchmarks run only in a browser.
SIMD_PKG  := ./app/worker/simd

# $(call try,CMD): echo CMD, run it, and on failure set rc=1 (in a recipe keeping rc).
try = echo '$(1)'; $(1) || rc=1

# static site output directory and base path
OUT  ?= .build/static
BASE ?= /

.PHONY: all tools test test-native test-fuzz test-wasm test-node test-e2e \
	e2e-deps bench bench-native bench-wasm bench-node bench-deps bench-browser checkpoints wasm wasm-size run static clean

all: test

tools:
	./.ci/install-tools
	@$(MAKE) --no-print-directory e2e-deps

# Installs tools, then runs every suite, even after one fails, and fails if any did.
test: tools
	@failed=; \
	for t in test-native test-fuzz test-wasm test-e2e; do \
		$(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi

# Each suite runs its vet and its tests even if vet fails, and fails if either did.
test-native:
	@rc=0; \
	$(call try,$(GO) vet ./...); \
	$(call try,$(GO) vet -tags e2e ./app/e2e/...); \
	$(call try,$(GO) test ./...); \
	exit $$rc

# Each fuzz target for a few seconds: no panic, no hang, and what is
# accepted round-trips (longer runs: -fuzztime 10m, see the README). A count
# rather than a duration: a time limit that expires while an input runs is
# reported as a failure ("context deadline exceeded").
test-fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime 60000x ./ml/config
	$(GO) test -run '^$$' -fuzz '^FuzzReadCSV$$' -fuzztime 100000x ./ml/data

# ml/ and the SIMD kernel under headless Chromium via wasmbrowsertest
# (installed by `make tools`).
# A fresh TMPDIR: example tests write their output to a fixed file name in
# it, which a leftover from an earlier, interrupted run would block. The
# session's 20-run memory test runs here too, so it measures the wasm heap,
# and the page's worker watchdog (app/page/trainerjs) against fake workers.
test-wasm: tools
	@rc=0; tmp=$$(mktemp -d); \
	$(call try,$(WASM_ENV) $(GO) vet ./...); \
	$(call try,TMPDIR=$$tmp $(WASM_ENV) $(GO) test $(WBT_EXEC) $(ML_PKGS)); \
	$(call try,TMPDIR=$$tmp $(WASM_ENV) $(GO) test $(WBT_EXEC) $(SIMD_PKG)); \
	$(call try,TMPDIR=$$tmp $(WASM_ENV) $(GO) test $(WBT_EXEC) -run TestSessionMemory ./app/session); \
	$(call try,TMPDIR=$$tmp $(WASM_ENV) $(GO) test $(WBT_EXEC) ./app/page/trainerjs); \
	rm -rf $$tmp; exit $$rc

# ml/ under Node (optional, not part of `make test`).
test-node:
	@command -v node >/dev/null || { echo "test-node: node not found (apt-get install nodejs)" >&2; exit 1; }
	$(WASM_ENV) $(GO) test $(NODE_EXEC) $(ML_PKGS)

# End-to-end tests (build tag e2e, all in app/e2e): Chromium against the
# served lab, the static site and the workers, with the binaries `make wasm`
# builds. On a loaded two-core machine they take longer than go test's
# default limit of 10 minutes.
test-e2e: tools wasm e2e-deps
	$(GO) test -tags e2e -timeout 30m ./app/e2e/...

bench: bench-native bench-wasm

# The same benchmarks under Node's wasm (optional, not part of `make bench`).
bench-node:
	@command -v node >/dev/null || { echo "bench-node: node not found (apt-get install nodejs)" >&2; exit 1; }
	$(WASM_ENV) $(GO) test $(NODE_EXEC) -run '^$$' -bench . $(ML_PKGS)

bench-native:
	$(GO) test -run '^$$' -bench . $(ML_PKGS)

bench-wasm: tools
	$(WASM_ENV) $(GO) test $(WBT_EXEC) -run '^$$' -bench . $(ML_PKGS)
	$(WASM_ENV) $(GO) test $(WBT_EXEC) -run '^$$' -bench . $(SIMD_PKG)

# Two programs, two wasm builds: the page (app.wasm, from ./app: go-app
# and the views, no training code) and the training worker (worker.wasm,
# from ./app/worker: the training code, no go-app). `make wasm` prints
# their gzipped sizes and what a first visit downloads in all (the static
# site's files: both binaries, the page, go-app's scripts, styles, icons;
# not the benchmark page, the shipped checkpoints or the text data, which
# is fetched when the text dataset is chosen), and fails above the
# limits below, set a little above the sizes measured (see the README).
APP_MAX_GZIP    := 2500000
WORKER_MAX_GZIP := 2050000
VISIT_MAX_GZIP  := 4600000

wasm:
	@mkdir -p web
	$(WASM_ENV) $(GO) build -o web/app.wasm ./app
	$(WASM_ENV) $(GO) build -o web/worker.wasm ./app/worker
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(GO) run ./app static -out "$$tmp" >/dev/null || exit 1; \
	gz() { gzip -9 < "$$1" | wc -c; }; \
	app=$$(gz web/app.wasm); worker=$$(gz web/worker.wasm); visit=0; \
	for f in $$(cd "$$tmp" && find . -type f ! -name _headers ! -path './web/checkpoints/*' ! -path './web/data/*' ! -path './web/bench*'); do \
		visit=$$((visit + $$(gz "$$tmp/$$f"))); \
	done; \
	rc=0; check() { \
		printf '%-38s %9d bytes gzipped (limit %d)\n' "$$1" "$$2" "$$3"; \
		if [ "$$2" -gt "$$3" ]; then echo "make wasm: $$1 is over its limit" >&2; rc=1; fi; }; \
	check web/app.wasm $$app $(APP_MAX_GZIP); \
	check web/worker.wasm $$worker $(WORKER_MAX_GZIP); \
	check "first visit (binaries and assets)" $$visit $(VISIT_MAX_GZIP); \
	exit $$rc

# The floors under those sizes: Go's runtime alone, with fmt, the smallest
# go-app page, and the training code alone, each built for js/wasm and
# gzipped as above, beside the two binaries (see the README's Layout).
wasm-size:
	$(GO) run ./app/tools/wasmsize

# The encoders shipped for ckpt=digits-simclr.json and ckpt=brown-mlm-long.json:
# pretrained by the command line with the default preset and with the long
# text preset (natively, minutes), so the page adapts them at once.
checkpoints:
	$(GO) run ./app checkpoint -preset digits-simclr -out web/checkpoints/digits-simclr.json
	$(GO) run ./app checkpoint -preset brown-mlm-long -out web/checkpoints/brown-mlm-long.json

NPM_DIR ?= .tools/npm

# The e2e tests' accessibility check, axe-core, pinned by
# app/e2e/package-lock.json and installed into $(NPM_DIR)/e2e (git-ignored;
# `make tools` runs this, so a fresh clone gets it); reinstalled when the
# lockfile changes. The tests read it from there (or $$SSLAB_AXE). npm is
# given the real path: .tools may be a symbolic link, and npm ci then takes
# the project for a linked package missing from its own lockfile.
e2e-deps:
	@command -v npm >/dev/null || { echo "e2e-deps: npm not found (apt-get install npm)" >&2; exit 1; }
	@if ! cmp -s app/e2e/package-lock.json $(NPM_DIR)/e2e/.installed-lock; then \
		echo "e2e-deps: installing axe-core into $(NPM_DIR)/e2e (npm ci)"; \
		mkdir -p $(NPM_DIR)/e2e && \
		cp app/e2e/package.json app/e2e/package-lock.json $(NPM_DIR)/e2e/ && \
		npm ci --no-audit --no-fund --ignore-scripts --prefix "$$(cd $(NPM_DIR)/e2e && pwd -P)" && \
		cp app/e2e/package-lock.json $(NPM_DIR)/e2e/.installed-lock; \
	fi

# The browser benchmark's npm peers, TF.js and jax-js, pinned by
# web/bench/package-lock.json and installed into $(NPM_DIR) (git-ignored);
# reinstalled when the lockfile changes.
bench-deps:
	@command -v npm >/dev/null || { echo "bench-deps: npm not found (apt-get install npm)" >&2; exit 1; }
	@if ! cmp -s web/bench/package-lock.json $(NPM_DIR)/.installed-lock; then \
		echo "bench-deps: installing TF.js and jax-js into $(NPM_DIR) (npm ci)"; \
		mkdir -p $(NPM_DIR) && \
		cp web/bench/package.json web/bench/package-lock.json $(NPM_DIR)/ && \
		npm ci --no-audit --no-fund --ignore-scripts --prefix "$$(cd $(NPM_DIR) && pwd -P)" && \
		cp web/bench/package-lock.json $(NPM_DIR)/.installed-lock; \
	fi

# sslab against TF.js, GoMLX and jax-js in one headless Chromium (the
# SimCLR step, -simclr), sslab's transformer step against the same model in
# TF.js ops (-transformer), and the default preset in the lab page; writes
# .artifacts/bench.md. GoMLX is the nested module app/bench/gomlx, which the
# benchmark builds for wasm (the Go toolchain fetches it on first use).
# e.g. make bench-browser BENCH_FLAGS='-workers 2 -steps 30'
bench-browser: tools wasm bench-deps
	$(GO) run ./app/bench -npm $(NPM_DIR) $(BENCH_FLAGS)

run: wasm
	$(GO) run ./app serve

static: wasm
	$(GO) run ./app static -out $(OUT) -base $(BASE)

clean:
	rm -rf web/app.wasm web/worker.wasm .build
