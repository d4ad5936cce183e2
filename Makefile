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

# $(call try,CMD): echo CMD, run it, and on failure set rc=1 (in a recipe keeping rc).
try = echo '$(1)'; $(1) || rc=1

# static site output directory and base path
OUT  ?= .build/static
BASE ?= /

.PHONY: all tools test test-native test-wasm test-node test-e2e \
	bench bench-native bench-wasm wasm run static clean

all: test

tools:
	./.ci/install-tools

# Installs tools, then runs every suite, even after one fails, and fails if any did.
test: tools
	@failed=; \
	for t in test-native test-wasm test-e2e; do \
		$(MAKE) --no-print-directory $$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then echo "make test: FAILED:$$failed" >&2; exit 1; fi

# Each suite runs its vet and its tests even if vet fails, and fails if either did.
test-native:
	@rc=0; \
	$(call try,$(GO) vet ./...); \
	$(call try,$(GO) test ./...); \
	exit $$rc

# ml/ under headless Chromium via wasmbrowsertest (needs `make tools`).
test-wasm:
	@rc=0; \
	$(call try,$(WASM_ENV) $(GO) vet ./...); \
	$(call try,$(WASM_ENV) $(GO) test $(WBT_EXEC) $(ML_PKGS)); \
	exit $$rc

# ml/ under Node (optional, not part of `make test`).
test-node:
	@command -v node >/dev/null || { echo "test-node: node not found (apt-get install nodejs)" >&2; exit 1; }
	$(WASM_ENV) $(GO) test $(NODE_EXEC) $(ML_PKGS)

# End-to-end tests of the app (build tag e2e); skipped only while app/ does not exist.
ifneq ($(wildcard app/.),)
test-e2e: wasm
	$(GO) test -tags e2e ./app/...
else
test-e2e:
	@echo "test-e2e: SKIP (no app/ directory yet)"
endif

bench: bench-native bench-wasm

bench-native:
	$(GO) test -run '^$$' -bench . $(ML_PKGS)

bench-wasm:
	$(WASM_ENV) $(GO) test $(WBT_EXEC) -run '^$$' -bench . $(ML_PKGS)

wasm:
	@mkdir -p web
	$(WASM_ENV) $(GO) build -o web/app.wasm ./app

run: wasm
	$(GO) run ./app serve

static: wasm
	$(GO) run ./app static -out $(OUT) -base $(BASE)

clean:
	rm -rf web/app.wasm .build
