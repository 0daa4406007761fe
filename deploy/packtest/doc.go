// Package packtest holds the tests of deploy/ and the Dockerfile: the web
// app served by nginx (deploy/nginx) apart from a bridge that only
// relays, and the container image built and run with podman. Each
// runs the real programs, on loopback, from the repository's own files;
// it has no code of its own besides its tests.
package packtest
