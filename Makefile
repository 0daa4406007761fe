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
WASM_TEST_PKGS := ./pop3 ./pop3/pop3server/... ./submission ./internal/timedconn ./app/mailhdr ./app/compose ./app/outbox ./app/mailbox ./app/render ./app/ui ./app/store/... ./app/oauth ./app/archive/maildir ./app/archive/maildir/webfs ./app/search/... ./internal/oauthsasl ./internal/oidc ./app/i18n

FUZZTIME ?= 30s

.PHONY: all check fmt-check tidy-check docs-check test-short test test-native test-wasm wasm-size wasm-sym vet deps deps-test deps-web web run fuzz bench bench-doc clean

all: check

## check: the quick check, Go alone: gofmt, go mod tidy, vet and
## staticcheck (native and js/wasm), and the tests that need neither
## Chromium nor Dovecot (-short makes those skip; see CONTRIBUTING.md)
check: fmt-check tidy-check docs-check vet test-short

fmt-check:
	@out=$$("$$($(GO) env GOROOT)/bin/gofmt" -l $$(find . -name '*.go' -not -path './.bin/*')); \
	if [ -n "$$out" ]; then echo "gofmt -l: these files are not formatted (run gofmt -w on them):"; echo "$$out"; exit 1; fi

tidy-check:
	$(GO) mod tidy -diff

# docs-check: every package has a row in docs/architecture.md's package
# map, and every relative link in the Markdown files points to a file of
# the repository (a clone has nothing outside it).
docs-check:
	@mod=$$($(GO) list -m); bad=0; \
	for p in $$($(GO) list ./...); do \
		p=$${p#$$mod/}; \
		grep -qF "| \`$$p\` |" docs/architecture.md || { echo "docs/architecture.md: package $$p is missing from the package map"; bad=1; }; \
	done; \
	for f in *.md docs/*.md; do \
		for l in $$(grep -o '](\([^)#]*\)' "$$f" | sed 's/^](//' | grep -v '^[a-z]*:' | grep -v '^$$'); do \
			t=$$(realpath -m "$$(dirname $$f)/$$l"); \
			case "$$t" in "$(CURDIR)"|"$(CURDIR)"/*) [ -e "$$t" ];; *) false;; esac || \
				{ echo "$$f: link to $$l, which is not in the repository"; bad=1; }; \
		done; \
	done; exit $$bad

test-short:
	$(GO) test -short -count=1 -timeout 5m ./...

## test: every test, natively with -race and in headless Chromium as js/wasm
test: check deps-test web wasm-size test-native test-wasm

vet: $(BIN)/staticcheck
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(BIN)/staticcheck ./...
	GOOS=js GOARCH=wasm $(BIN)/staticcheck ./app/... ./pop3/... ./submission ./internal/timedconn ./internal/mailconn ./bridge/bridgeapi/...

$(BIN)/staticcheck:
	GOBIN=$(BIN) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

test-native:
	$(GO) test -race -count=1 -timeout 20m ./...
	# The relay's byte-exact tests at the issue's full size, without the
	# race detector's tenfold slowdown.
	$(GO) test -count=1 -timeout 10m -run 'Exact|ServerCloses' ./bridge/internal/relay -bridge.big=100
	# The worst-case render and header timings, which -race would slow
	# tenfold: linear time per byte, and no message over one second.
	$(GO) test -p 1 -count=1 -timeout 10m -run 'LinearTime|WorstCase' ./app/render ./app/mailhdr

# One package at a time (-p 1): wasmbrowsertest gives the wasm the host's
# file system, where the Example functions of two packages run at once
# collide on the name of the temporary file that catches their output.
test-wasm: $(BIN)/wasmbrowsertest $(BIN)/chromium
	GOOS=js GOARCH=wasm $(GO) test -p 1 -count=1 -timeout 10m -exec=$(BIN)/wasmbrowsertest $(WASM_TEST_PKGS)

# wasm-size: the app as served stays within its budget of 2.5 MB brotli
# (2,500,000 bytes), so that a feature that would cross it fails here,
# not in a benchmark nobody ran.
WASM_BUDGET := 2500000
wasm-size: web
	@n=$$(wc -c < web/app.wasm.br); \
	if [ $$n -gt $(WASM_BUDGET) ]; then echo "web/app.wasm.br is $$n bytes, over the budget of $(WASM_BUDGET) (2.5 MB brotli): see what grew (docs/architecture.md, Conventions)"; exit 1; fi; \
	echo "web/app.wasm.br: $$n bytes of the $(WASM_BUDGET) budget"

## run: the bridge with the built-in demo mailbox; prints the URL
run: web
	$(GO) run ./bridge -demo

# WASM_GCFLAGS: no inlining where speed does not matter, which keeps
# app.wasm within its budget. go-app and app/ui are chains of tiny element
# builders that inlining copies into every Render (a render's time goes
# to the DOM calls through syscall/js); composing, the outbox, the
# submission engine (its speed is the network's: the send bench holds
# it), the transport's glue and uuid run once per action; bluemonday/css's
# built-in property checks never run at all (app/render gives every
# style its own check), yet bluemonday links them. Without inlining they
# are about 100 KB of code smaller. The second group is the standard
# library and the libraries that run once per connection, per message
# header at most, or on errors: certificate parsing and checks
# (x509, asn1, pkix, big, the curves' and keys' wrappers, cryptobyte),
# the TLS handshake and its record glue (the ciphers themselves, under
# crypto/internal, keep inlining), fmt, regexp compilation, the CSS
# parser of style attributes, URLs, the file system and go-app's
# templates: about 100 KB of brotli less (issue 16's size table). The
# public-key arithmetic of crypto/internal (curves, ECDSA, RSA, ML-KEM,
# Ed25519) runs a few times per TLS handshake: about 37 KB less. time,
# net/mail, sort and encoding/json run a few calls per message header
# or record, never per byte: about 17 KB less. The POP3 engine, the
# store, the mailbox, the header parser, the mail renderer, bytes,
# strings, bufio, the HTML tokenizer, the bulk ciphers and hashes (AES,
# GCM, SHA-2) keep inlining: they are the hot paths. The third group
# runs once per language, sign-in, message opened or TLS handshake: the
# translations' plural rules and language tags (golang.org/x/text and
# app/i18n's lookups), OAuth and its SASL, go-message's MIME walk (the
# bytes themselves are decoded by the standard library, which inlines),
# and the handshake's hashes and key schedule (SHA-3 for ML-KEM, HKDF,
# HMAC, the TLS 1.2 and 1.3 key derivations, the DRBG), APOP's MD5,
# and the legacy ciphers and SHA-1 that only an old server reaches:
# about 14 KB of brotli less, measured alone (issue 16).
WASM_NOINLINE := github.com/maxence-charriere/go-app/v9/... \
	github.com/poppymail/poppy/app/ui/... \
	github.com/poppymail/poppy/app/compose \
	github.com/poppymail/poppy/app/outbox \
	github.com/poppymail/poppy/submission \
	github.com/poppymail/poppy/app/transport \
	github.com/poppymail/poppy/app/bridgeclient \
	github.com/google/uuid \
	github.com/microcosm-cc/bluemonday/css \
	github.com/poppymail/poppy/app \
	github.com/poppymail/poppy/app/routes \
	github.com/emersion/go-sasl \
	github.com/aymerick/douceur/... \
	github.com/gorilla/css/scanner \
	golang.org/x/crypto/x509roots/fallback \
	crypto/tls crypto/x509 crypto/x509/pkix encoding/asn1 math/big \
	crypto/elliptic crypto/ecdsa crypto/rsa crypto/ecdh crypto/ed25519 \
	crypto/hpke vendor/golang.org/x/crypto/cryptobyte \
	fmt internal/fmtsort regexp/syntax text/template text/template/parse \
	mime html net net/url net/netip context log unique \
	os io/fs path path/filepath syscall internal/poll \
	internal/syscall/unix internal/testlog internal/reflectlite \
	internal/godebug internal/bisect \
	crypto/internal/fips140/nistec/... crypto/internal/fips140/ecdsa \
	crypto/internal/fips140/bigmod crypto/internal/fips140/rsa \
	crypto/internal/fips140/edwards25519/... crypto/internal/fips140/ecdh \
	crypto/internal/fips140/mlkem crypto/internal/fips140/ed25519 \
	time net/mail sort encoding/json \
	golang.org/x/text/... vendor/golang.org/x/text/... vendor/golang.org/x/net/... \
	github.com/poppymail/poppy/app/i18n github.com/poppymail/poppy/app/oauth \
	github.com/poppymail/poppy/internal/oidc github.com/poppymail/poppy/internal/oauthsasl \
	github.com/emersion/go-message/... \
	crypto/internal/fips140/sha3 crypto/internal/fips140/hkdf crypto/internal/fips140/hmac \
	crypto/internal/fips140/tls13 crypto/internal/fips140/tls12 crypto/internal/fips140/drbg \
	crypto/internal/fips140/check crypto/internal/fips140 crypto/internal/fips140cache \
	crypto/internal/fips140hash crypto/sha3 crypto/mlkem crypto/hkdf crypto/hmac \
	crypto/dsa crypto/rc4 crypto/des crypto/md5 crypto/sha1
WASM_GCFLAGS := $(foreach p,$(WASM_NOINLINE),-gcflags='$(p)=-l')

# WASM_OPT: binaryen's wasm-opt level to run before wasmpack, empty for
# none, which is how app.wasm is built (`make web WASM_OPT=-O2` builds
# through it). `make bench` measures -Oz and -O2 against Go's output on
# size as served, compile time and start-up
# (app/internal/benchreport/wasmopt.go), and says whether web/app.wasm
# follows its decision. Neither wins now: -O2 is the same size as served
# within brotli's noise (6 KB larger), compiles 1.05-1.09x as long and
# starts no faster (1.01x and 1.06x in the last two runs, 5 and 9
# rounds); in paired runs of 7 rounds Go's own output signed in in
# 0.93x of -O2's time, with 0.86x of Chromium's CPU, and showed a
# revisit's cached inbox in 0.97x. -Oz is about 40 KB larger as served.
# Leaving it out also takes about 25 s off every build.
WASM_OPT ?=
WASM_OPT_FEATURES := --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int --enable-mutable-globals

## web: build the browser app into web/ (app.wasm, precompressed twins,
## the toolchain's own wasm_exec.js, and roots.pem: the root store the
## app verifies mail servers against, kept out of app.wasm to save about
## 93 KB of its budget; app/transport/roots.go says why that is safe).
## Files are replaced only when their content changes, so brotli's slow
## best level runs only for a new app.
## The twins are written to a temporary file in .bin/ and touched before
## the rename: brotli copies its input's modification time to its output, so
## without the touch web/app.wasm.br never looks newer than web/app.wasm
## and every `make run` would recompress (about a minute).
## wasmpack merges the linker's 100,000 data segments into a few: the
## module grows by about 1 MB raw and shrinks by about 120 KB as served,
## with the same initial memory (internal/wasmsize/pack.go says why).
web: deps-web
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -w" $(WASM_GCFLAGS) -o web/app.wasm.tmp ./app
	$(if $(WASM_OPT),@command -v wasm-opt >/dev/null || .ci/install-deps binaryen)
	$(if $(WASM_OPT),wasm-opt $(WASM_OPT_FEATURES) $(WASM_OPT) web/app.wasm.tmp -o web/app.wasm.tmp)
	$(GO) run ./internal/wasmsize/wasmpack web/app.wasm.tmp
	@if cmp -s web/app.wasm.tmp web/app.wasm; then rm web/app.wasm.tmp; else mv web/app.wasm.tmp web/app.wasm; fi
	@cmp -s "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js || cp "$$($(GO) env GOROOT)/lib/wasm/wasm_exec.js" web/wasm_exec.js
	$(GO) run ./app/transport/gen_roots.go -o web/roots.pem
	@$(MAKE) --no-print-directory web/app.wasm.br web/app.wasm.gz web/roots.pem.br web/roots.pem.gz $(I18N_WEB) $(I18N_WEB:=.br) $(I18N_WEB:=.gz)

# I18N_WEB: the catalogs of the languages other than English, served
# beside app.wasm and fetched when chosen (app/i18n/install.go), which
# keeps them out of the wasm; English, every key's fallback, is in the
# wasm as its plural forms alone (app/i18n/catalog_embed_js.go).
I18N_WEB := $(patsubst app/i18n/catalogs/%.json,web/i18n-%.json,$(filter-out %/en.json,$(wildcard app/i18n/catalogs/*.json)))

web/i18n-%.json: app/i18n/catalogs/%.json
	cp $< $@

# wasm-sym: app.wasm's twin with its symbols (the wasm name section),
# built with the same flags, for the size table by package of `make
# bench` (internal/wasmsize) and for profiles whose frames have names.
wasm-sym:
	GOOS=js GOARCH=wasm $(GO) build -trimpath $(WASM_GCFLAGS) -o $(BIN)/app.sym.wasm ./app

web/%.br: web/%
	@mkdir -p $(BIN)
	brotli -f -q 11 -o $(BIN)/$*.br.tmp $<
	@touch $(BIN)/$*.br.tmp && mv $(BIN)/$*.br.tmp $@

web/%.gz: web/%
	@mkdir -p $(BIN)
	gzip -9 -n -c $< > $(BIN)/$*.gz.tmp
	@touch $(BIN)/$*.gz.tmp && mv $(BIN)/$*.gz.tmp $@

deps-web:
	@.ci/install-deps brotli

# axe-core's pin: the rule of $(AXE_JS), after deps-test, fetches it.
AXE_VERSION := 4.14.1
AXE_SHA256  := e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
AXE_JS      := $(BIN)/axe-core-$(AXE_VERSION)/axe.min.js

## deps-test: what the tests need beyond Go
deps-test: $(BIN)/wasmbrowsertest $(BIN)/chromium $(BIN)/hydra $(AXE_JS)
	.ci/install-deps dovecot-pop3d dovecot-lmtpd postfix chromium haproxy nginx libnginx-mod-http-brotli-static podman runc

# axe-core, the accessibility checker that app/e2e's a11y tests inject
# into the page (app/internal/browsertest/axe.go, whose AxeVersion must
# match). npm fetches the pinned package from the registry npm is set up
# with; the archive's SHA-256 is checked before anything is unpacked, so
# a changed package fails here instead of testing with unknown code. The
# folder is named by the version: a new pin fetches again. (The variables
# are set before deps-test, whose prerequisites make reads at once.)
$(AXE_JS):
	@command -v npm >/dev/null || .ci/install-deps npm
	rm -rf $(BIN)/axe-core.tmp && mkdir -p $(BIN)/axe-core.tmp
	cd $(BIN)/axe-core.tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	echo "$(AXE_SHA256)  $(BIN)/axe-core.tmp/axe-core-$(AXE_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf $(BIN)/axe-core.tmp/axe-core-$(AXE_VERSION).tgz -C $(BIN)/axe-core.tmp package/axe.min.js package/LICENSE
	mkdir -p $(dir $@)
	mv $(BIN)/axe-core.tmp/package/LICENSE $(dir $@)LICENSE
	mv $(BIN)/axe-core.tmp/package/axe.min.js $@
	rm -rf $(BIN)/axe-core.tmp

# Ory Hydra, the OpenID provider of the OAuth tests (internal/oidctest), at
# the version go.mod pins as a tool. The sqlite tags give it the in-memory
# database the tests use (cgo, so gcc). Rebuilt when go.mod changes; a
# warm build cache makes that a link.
$(BIN)/hydra: go.mod
	@.ci/install-deps gcc
	CGO_ENABLED=1 $(GO) build -tags sqlite,sqlite_omit_load_extension -o $@ github.com/ory/hydra/v2

$(BIN)/wasmbrowsertest:
	GOBIN=$(BIN) $(GO) install github.com/agnivade/wasmbrowsertest@$(WASMBROWSERTEST_VERSION)

# chromedp (inside wasmbrowsertest) looks the browser up as "chromium" on
# PATH; the wrapper adds the flags this closed network needs.
$(BIN)/chromium: .ci/chromium-wrapper
	mkdir -p $(BIN)
	ln -sf $(CURDIR)/.ci/chromium-wrapper $(BIN)/chromium

## fuzz: run every fuzz target for FUZZTIME each
fuzz:
	@for pkg in ./pop3 ./pop3/pop3server ./internal/wasmsize ./app/mailhdr ./app/render ./app/mailbox ./app/compose ./app/outbox ./submission ./submission/submissiontest/postfixtest; do \
		for f in $$($(GO) test $$pkg -list '^Fuzz' | grep '^Fuzz'); do \
			echo "== $$pkg $$f"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
		done; \
	done

## bench: run the four report programs and write their tables to
## docs/benchmarks.md (and stdout). Each report goes to a temporary file
## first, so a failed run leaves the committed file as it was.
BENCH_DOC := docs/benchmarks.md
BENCH_TMP := .bin/bench

bench: web wasm-sym $(BIN)/hydra
	@.ci/install-deps websockify haproxy chromium dovecot-pop3d binaryen brotli
	@mkdir -p $(BENCH_TMP)
	$(GO) run ./pop3/internal/benchreport > $(BENCH_TMP)/pop3.md
	@cat $(BENCH_TMP)/pop3.md
	$(GO) run ./submission/internal/benchreport > $(BENCH_TMP)/submission.md
	@cat $(BENCH_TMP)/submission.md
	$(GO) run ./bridge/internal/benchreport > $(BENCH_TMP)/bridge.md
	@cat $(BENCH_TMP)/bridge.md
	$(GO) run ./app/internal/benchreport > $(BENCH_TMP)/app.md
	@cat $(BENCH_TMP)/app.md
	@$(MAKE) --no-print-directory bench-doc

# bench-doc assembles docs/benchmarks.md from the reports that bench left
# in $(BENCH_TMP).
bench-doc:
	@mkdir -p $(dir $(BENCH_DOC))
	@{ \
	  echo '# Benchmarks'; echo; \
	  echo '<!-- Written by `make bench` from the output of the four report programs; do not edit by hand. -->'; echo; \
	  echo "Written by \`make bench\` from \`go run ./pop3/internal/benchreport\`, \`go run ./submission/internal/benchreport\`, \`go run ./bridge/internal/benchreport\` and \`go run ./app/internal/benchreport\`."; \
	  echo 'Each figure that matters is a ratio against a baseline measured in the same run on the same machine.'; echo; \
	  echo '## POP3 engine'; echo; cat $(BENCH_TMP)/pop3.md; echo; \
	  echo '## Sending (SMTP submission engine)'; echo; cat $(BENCH_TMP)/submission.md; echo; \
	  echo '## Bridge'; echo; cat $(BENCH_TMP)/bridge.md; echo; \
	  echo '## Web app'; echo; cat $(BENCH_TMP)/app.md; \
	} > $(BENCH_DOC).tmp && mv $(BENCH_DOC).tmp $(BENCH_DOC)
	@echo "wrote $(BENCH_DOC)"

clean:
	rm -rf $(BIN) web/app.wasm web/app.wasm.br web/app.wasm.gz web/wasm_exec.js web/app.wasm.tmp web/i18n-*

## image: the container image of the Dockerfile, tagged poppy, with
## podman (IMAGE_ENGINE=docker for Docker). --format docker keeps the
## HEALTHCHECK, which podman's default OCI format drops. web first: the
## build reuses web/app.wasm.br when the app it builds is the same.
IMAGE_ENGINE ?= podman
.PHONY: image
image: web
	$(IMAGE_ENGINE) build $(if $(filter podman,$(notdir $(IMAGE_ENGINE))),--format docker) -t poppy .
