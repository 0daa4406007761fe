# Poppy — build, run, test, bench.
#
# `make test` and `make run` set everything up on a fresh machine where
# only Go is installed: Debian packages through .ci/install-deps (as root),
# Go tools into .bin/ at pinned versions.

GO       ?= go
BIN      := $(CURDIR)/.bin
export PATH := $(BIN):$(PATH)

WASMBROWSERTEST_VERSION := v0.11.0
STATICCHECK_VERSION     := v0.8.2

# Packages whose tests also run compiled to js/wasm in headless Chromium.
WASM_TEST_PKGS := ./pop3 ./pop3/pop3server/... ./app/mailhdr ./app/mailbox ./app/render ./app/ui ./app/store/...

FUZZTIME ?= 30s

.PHONY: all test test-native test-wasm vet deps deps-test deps-web web run fuzz bench clean

all: vet

## test: every test, natively with -race and in headless Chromium as js/wasm
test: deps-test web vet test-native test-wasm

vet: $(BIN)/staticcheck
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(BIN)/staticcheck ./...
	GOOS=js GOARCH=wasm $(BIN)/staticcheck ./app/... ./pop3/... ./bridge/bridgeapi/...

$(BIN)/staticcheck:
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

test-native:
	$(GO) test -race -count=1 -timeout 20m ./...
	# The relay's byte-exact tests at the issue's full size, without the
	# race detector's tenfold slowdown.
	$(GO) test -count=1 -timeout 10m -run 'Exact|ServerCloses' ./bridge/internal/relay -bridge.big=100

# One package at a time (-p 1): wasmbrowsertest gives the wasm the host's
# file system, where the Example functions of two packages run at once
# collide on the name of the temporary file that catches their output.
test-wasm: $(BIN)/wasmbrowsertest $(BIN)/chromium
	GOOS=js GOARCH=wasm $(GO) test -p 1 -count=1 -timeout 10m -exec=$(BIN)/wasmbrowsertest $(WASM_TEST_PKGS)

## run: the bridge with the built-in demo mailbox; prints the URL
run: web
	$(GO) run ./bridge -demo

## web: build the browser app into web/ (app.wasm, precompressed twins,
## the toolchain's own wasm_exec.js). Files are replaced only when their
## content changes, so brotli's slow best level runs only for a new app.
web: deps-web
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" -o web/app.wasm.tmp ./app
	@if cmp -s web/app.wasm.tmp web/app.wasm; then rm web/app.wasm.tmp; else mv web/app.wasm.tmp web/app.wasm; fi
	@cmp -s "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js || cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js
	@$(MAKE) --no-print-directory web/app.wasm.br web/app.wasm.gz

web/app.wasm.br: web/app.wasm
	brotli -f -q 11 -o $@ $<

web/app.wasm.gz: web/app.wasm
	gzip -9 -n -c $< > $@

deps-web:
	@.ci/install-deps brotli

## deps-test: what the tests need beyond Go
deps-test: $(BIN)/wasmbrowsertest $(BIN)/chromium
	.ci/install-deps dovecot-pop3d chromium

$(BIN)/wasmbrowsertest:
	GOBIN=$(BIN) $(GO) install github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION)

# chromedp (inside wasmbrowsertest) looks the browser up as "chromium" on
# PATH; the wrapper adds the flags this closed network needs.
$(BIN)/chromium: .ci/chromium-wrapper
	mkdir -p $(BIN)
	ln -sf $(CURDIR)/.ci/chromium-wrapper $(BIN)/chromium

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@for pkg in ./pop3 ./pop3/pop3server ./app/mailhdr ./app/render ./app/mailbox; do \
		for f in $$($(GO) test $$pkg -list '^Fuzz' | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
		done; \
	done

## bench: the figures quoted in the README
bench: web
	@.ci/install-deps websockify chromium
	$(GO) run ./pop3/internal/benchreport
	$(GO) run ./bridge/internal/benchreport
	$(GO) run ./app/internal/benchreport

clean:
	rm -rf $(BIN) web/app.wasm web/app.wasm.br web/app.wasm.gz web/wasm_exec.js web/app.wasm.tmp
