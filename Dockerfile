# Poppy's bridge with the web app and the demo mailbox.
#
#   docker build -t poppy .              (podman: add --format docker,
#                                          which keeps the HEALTHCHECK)
#   docker run -p 8080:8080 poppy        # the demo, as `make run` gives
#
# The runtime image is built from scratch: one static binary, the built
# app, the demo's messages; no shell, no package manager. It runs as an
# unprivileged user, and the bridge listens on 0.0.0.0:8080 because
# POPPY_LISTEN says so (its own default stays 127.0.0.1:8080). Configure
# it with flags after the image name or with POPPY_* variables (`bridge
# -help` lists both), e.g. -e POPPY_TARGET=work=mail.example.com:995/tls
# -e POPPY_PUBLIC_NAME=https://mail.example.com. Mapped to another host
# port than 8080, give that origin: -p 9000:8080 -e
# POPPY_PUBLIC_NAME=http://localhost:9000.
#
# GO_IMAGE is the builder: any image with Go 1.26.8 on PATH and a shell.
# The default is the Go project's Debian image (a short name, pulled from
# the registry your engine is configured with); deploy/packtest passes a
# local one where no image registry is reachable.

ARG GO_IMAGE=golang:1.26.8-bookworm

FROM ${GO_IMAGE} AS build
# GOPROXY and GOFLAGS pass through to the Go commands (a builder without
# network uses GOPROXY=off and a module cache mounted at build time).
ARG GOPROXY
ARG GOFLAGS
# make web needs make, brotli and gzip; the Go image lacks brotli.
RUN command -v brotli >/dev/null || { apt-get update && apt-get install -y --no-install-recommends brotli make; }
WORKDIR /src
# No `go mod download` of the whole go.mod first: it also lists the
# modules of a test tool (Ory Hydra, the OpenID provider that the OAuth
# tests run), hundreds that neither the app nor the bridge imports. The
# builds below fetch only what they import.
COPY . .
# The wasm with the Makefile's own flags (-o deps-web: the packages are
# there already; deps-web installs them through dpkg, which a builder
# need not have). A web/ built before is in the context, and make
# recompresses app.wasm only when the new build differs from it. Then the
# bridge as a static binary (no libc in the runtime image). One RUN: one
# layer to commit instead of three.
RUN make -o deps-web web && \
	CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bridge ./bridge && \
	mkdir -p /out/web /out/testdata && \
	cp web/app.css web/icon* web/app.wasm* web/wasm_exec.js web/roots.pem* web/i18n-* /out/web/ && \
	cp -r testdata/demo /out/testdata/demo

FROM scratch
COPY --from=build /out/ /
# 65532: the usual "nonroot" user of distroless images; a numeric user
# needs no /etc/passwd.
USER 65532:65532
ENV POPPY_LISTEN=0.0.0.0:8080 \
	POPPY_WEB_DIR=/web \
	POPPY_DEMO_DIR=/testdata/demo
EXPOSE 8080
# No shell or curl here: the bridge asks its own /healthz, which answers
# 503 while it drains after SIGTERM.
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s CMD ["/bridge", "healthcheck"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/bridge"]
