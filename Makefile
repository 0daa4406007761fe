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
WASM_TEST_PKGS := ./pop3/...

FUZZTIME ?= 30s

.PHONY: all test test-native test-wasm vet deps deps-test fuzz bench clean

all: vet

## test: every test, natively with -race and in headless Chromium as js/wasm
test: deps-test vet test-native test-wasm

vet:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...

test-native:
	$(GO) test -race -count=1 -timeout 20m ./...

test-wasm: $(BIN)/wasmbrowsertest $(BIN)/chromium
	GOOS=js GOARCH=wasm $(GO) test -count=1 -timeout 10m -exec=$(BIN)/wasmbrowsertest $(WASM_TEST_PKGS)

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
	@for pkg in ./pop3 ./pop3/pop3server; do \
		for f in $$($(GO) test $$pkg -list '^Fuzz' | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
		done; \
	done

## bench: the figures quoted in the README
bench:
	$(GO) run ./internal/benchreport

clean:
	rm -rf $(BIN)
