package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Every close code the bridge documents, classified. A refusal that no
// wait can fix (4400, 4403, 4404) must never count as temporary: the
// mailbox would retry it and queue deletions behind it.
func TestCloseFailure(t *testing.T) {
	for _, tc := range []struct {
		code bridgeapi.CloseCode
		want Failure
	}{
		{bridgeapi.CodeNormal, NotTransport},
		{bridgeapi.CodeGoingAway, Dropped},
		{bridgeapi.CodeBinaryOnly, Refused},
		{bridgeapi.CodeMessageTooBig, Refused},
		{bridgeapi.CodeBadRequest, Refused},
		{bridgeapi.CodeForbiddenTarget, Refused},
		{bridgeapi.CodeUnknownTarget, Refused},
		{bridgeapi.CodeIdleTimeout, Dropped},
		{bridgeapi.CodeSessionTooLong, Dropped},
		{bridgeapi.CodeLimitReached, Busy},
		{bridgeapi.CodeTargetError, Dropped},
		{bridgeapi.CodeTargetUnreachable, Unreachable},
		{bridgeapi.CodeDialTimeout, Unreachable},
		{4999, Dropped}, // undocumented: something ended the session
	} {
		t.Run(fmt.Sprint(int(tc.code)), func(t *testing.T) {
			if got := CloseFailure(tc.code); got != tc.want {
				t.Errorf("CloseFailure(%d) = %v, want %v", tc.code, got, tc.want)
			}
			// The same code as the WebSocket library reports it, deep
			// in the chain of a failed read.
			err := fmt.Errorf("pop3: reading the greeting: %w",
				fmt.Errorf("failed to read: %w", websocket.CloseError{Code: websocket.StatusCode(tc.code), Reason: "r"}))
			want := tc.want
			if tc.code == bridgeapi.CodeNormal {
				want = NotTransport // a normal close is no bridge error
			}
			if got := Classify(err); got != want {
				t.Errorf("Classify(close %d) = %v, want %v", tc.code, got, want)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	leaf := &x509.Certificate{}
	for _, tc := range []struct {
		name string
		err  error
		want Failure
	}{
		{"nil", nil, NotTransport},
		{"EOF", io.ErrUnexpectedEOF, NotTransport},
		{"net", &net.OpError{Op: "read", Err: errors.New("connection reset")}, NotTransport},
		{"bridge unreachable", fmt.Errorf("%w: %w", ErrBridgeUnreachable, errors.New("dial refused")), Unreachable},
		{"bridge error", &BridgeError{Code: bridgeapi.CodeForbiddenTarget, Reason: "target not allowed"}, Refused},
		{"wrapped bridge error", fmt.Errorf("x: %w", &BridgeError{Code: bridgeapi.CodeUnknownTarget}), Refused},
		{"certificate", &CertificateError{Host: "h", Reason: x509.UnknownAuthorityError{Cert: leaf}}, Untrusted},
		{"unknown authority", x509.UnknownAuthorityError{Cert: leaf}, Untrusted},
		{"hostname", x509.HostnameError{Certificate: leaf, Host: "h"}, Untrusted},
		{"invalid", x509.CertificateInvalidError{Cert: leaf, Reason: x509.Expired}, Untrusted},
		{"system roots", x509.SystemRootsError{}, Untrusted},
		{"critical extension", x509.UnhandledCriticalExtension{}, Untrusted},
		{"verification", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{Cert: leaf}}, Untrusted},
		{"record header", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}, TLSFailed},
		{"remote alert", fmt.Errorf("handshake: %w", tls.AlertError(40)), TLSFailed},
		{"ECH rejected", &tls.ECHRejectionError{}, TLSFailed},
		{"local alert", &net.OpError{Op: tlsLocalError, Err: errors.New("tls: protocol version not supported")}, TLSFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Classify(tc.err); got != tc.want {
				t.Errorf("Classify(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func TestFailureTemporary(t *testing.T) {
	want := map[Failure]bool{NotTransport: false, Unreachable: true, Dropped: true, Busy: true, Refused: false, Untrusted: false, TLSFailed: false}
	for f := NotTransport; f <= TLSFailed; f++ {
		if f.Temporary() != want[f] {
			t.Errorf("%v.Temporary() = %v", f, f.Temporary())
		}
	}
}

// A real handshake against a server that speaks POP3, not TLS: the error
// crypto/tls returns is recognised by its type.
func TestClassifyPlainServer(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	// net.Pipe is unbuffered: the ClientHello is drained while the
	// greeting is written.
	go io.Copy(io.Discard, server)
	go server.Write([]byte("+OK POP3 ready\r\n"))
	defer server.Close()
	err := tls.Client(client, &tls.Config{ServerName: "mail.example.org"}).Handshake()
	if got := Classify(err); got != TLSFailed {
		t.Fatalf("Classify(%v) = %v, want %v", err, got, TLSFailed)
	}
}
