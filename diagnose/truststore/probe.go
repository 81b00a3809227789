package truststore

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// MaxStoreSize bounds the truststore file read (the JDK's cacerts is a few
// hundred KiB).
const MaxStoreSize = 32 << 20

var hostRE = regexp.MustCompile(`^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$`)

// ParseTarget reads HOST, HOST:PORT, [IPv6]:PORT or an https:// URL.
func ParseTarget(s string, defaultPort int) (Target, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Target{}, errors.New("empty host")
	}
	if strings.Contains(s, "://") {
		u, err := url.Parse(s)
		if err != nil {
			return Target{}, fmt.Errorf("%q is not a valid URL: %v", s, err)
		}
		if !strings.EqualFold(u.Scheme, "https") {
			return Target{}, fmt.Errorf("%q: only https:// has a certificate to check", s)
		}
		if u.User != nil {
			return Target{}, fmt.Errorf("do not put credentials in the URL")
		}
		s = u.Host
	}
	host, port := s, defaultPort
	if ip := net.ParseIP(s); ip != nil { // bare IPv6 such as ::1
		return Target{Host: ip.String(), Port: port}, nil
	}
	if h, p, err := net.SplitHostPort(s); err == nil {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Target{}, fmt.Errorf("port %q in %q is not a number from 1 to 65535", p, s)
		}
		host, port = h, n
	} else if strings.Contains(s, ":") && !strings.HasPrefix(s, "[") {
		return Target{}, fmt.Errorf("%q: want HOST or HOST:PORT", s)
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if ip := net.ParseIP(host); ip != nil {
		return Target{Host: ip.String(), Port: port}, nil
	}
	if !hostRE.MatchString(host) {
		return Target{}, fmt.Errorf("%q is not a host name or address", host)
	}
	return Target{Host: host, Port: port}, nil
}

// Addr is host:port for dialling.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(t.Port)) }

// ProbeError is a failure to obtain the server's chain.
type ProbeError struct {
	Failure Failure // FailConnect or FailHandshake
	Msg     string
}

func (e *ProbeError) Error() string { return e.Msg }

// DialFunc dials a TCP connection (net.Dialer.DialContext by default).
type DialFunc func(ctx context.Context, network, addr string) (net.Conn, error)

// ClientConfig is the TLS client configuration used to look at a server the
// way Java does (TLS 1.2 and 1.3, SNI for names), with verification left to
// Decide. verify, when not nil, is called with the chain.
func ClientConfig(host string, verify func(tls.ConnectionState) error) *tls.Config {
	cfg := &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, //nolint:gosec // the chain is judged by Decide, as Java would judge it.
		VerifyConnection:   verify,
	}
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	return cfg
}

// FetchChain connects to t, completes a TLS handshake and returns the
// certificates the server sent. ctx bounds the whole exchange.
func FetchChain(ctx context.Context, t Target, dial DialFunc) ([]*x509.Certificate, error) {
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	conn, err := dial(ctx, "tcp", t.Addr())
	if err != nil {
		return nil, ClassifyError(t, err, false)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	tc := tls.Client(conn, ClientConfig(t.Host, nil))
	if err := tc.HandshakeContext(ctx); err != nil {
		return nil, ClassifyError(t, err, true)
	}
	return tc.ConnectionState().PeerCertificates, nil
}

// ClassifyError turns a dial or handshake error into a ProbeError with a
// message for people. connected says the TCP connection was made.
func ClassifyError(t Target, err error, connected bool) *ProbeError {
	var pe *ProbeError
	if errors.As(err, &pe) {
		return pe
	}
	timeout := errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		timeout = true
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &dnsErr):
		return &ProbeError{FailConnect, fmt.Sprintf("cannot resolve %q: %v", t.Host, dnsErr.Err)}
	case timeout && !connected:
		return &ProbeError{FailConnect, fmt.Sprintf("no answer from %s: timed out connecting", t.Addr())}
	case timeout:
		return &ProbeError{FailConnect, fmt.Sprintf("%s accepted the connection but did not answer the TLS handshake in time", t.Addr())}
	case errors.Is(err, context.Canceled):
		return &ProbeError{FailConnect, "cancelled"}
	case errors.Is(err, syscall.ECONNREFUSED):
		return &ProbeError{FailConnect, fmt.Sprintf("connection to %s refused: nothing listens there, or a firewall rejects it", t.Addr())}
	case !connected:
		return &ProbeError{FailConnect, fmt.Sprintf("cannot connect to %s: %v", t.Addr(), err)}
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s closed the connection during the TLS handshake (not a TLS server, or no TLS version/cipher in common)", t.Addr())}
	}
	msg := err.Error()
	var ae tls.AlertError
	switch {
	case errors.As(err, &ae):
		return &ProbeError{FailHandshake, fmt.Sprintf("the TLS handshake with %s failed: the server sent alert %q", t.Addr(), ae.Error())}
	case strings.Contains(msg, "failed to parse certificate"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s sent a certificate that does not parse: %s", t.Addr(), strings.TrimPrefix(msg, "tls: "))}
	case strings.Contains(msg, "first record does not look like a TLS handshake"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s does not speak TLS on this port (plain HTTP?)", t.Addr())}
	case strings.Contains(msg, "unsupported protocol version"), strings.Contains(msg, "protocol version not supported"):
		return &ProbeError{FailHandshake, fmt.Sprintf("%s offers only an old TLS version; Java 17 needs TLS 1.2 or 1.3", t.Addr())}
	}
	return &ProbeError{FailHandshake, fmt.Sprintf("the TLS handshake with %s failed: %s", t.Addr(), strings.TrimPrefix(msg, "tls: "))}
}

// UntrustedError is returned by a connection verifier when Java would
// refuse the server; it carries the verdict.
type UntrustedError struct {
	Chain   []*x509.Certificate
	Verdict Verdict
}

func (e *UntrustedError) Error() string {
	return fmt.Sprintf("Java would not trust this server (%s): %s", e.Verdict.Failure, e.Verdict.Detail)
}

// Verifier returns a tls.Config.VerifyConnection function that accepts a
// server only when Decide says Java would.
func Verifier(anchors []*x509.Certificate, host string, now func() time.Time) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		v := Decide(cs.PeerCertificates, anchors, host, now())
		if !v.OK() {
			return &UntrustedError{Chain: cs.PeerCertificates, Verdict: v}
		}
		return nil
	}
}

// ErrStoreMissing is LoadFile's error for a file that does not exist.
var ErrStoreMissing = errors.New("does not exist")

// LoadFile reads a truststore file, refusing what cannot be one.
func LoadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("truststore %s %w", path, ErrStoreMissing)
		case errors.Is(err, fs.ErrPermission):
			return nil, fmt.Errorf("truststore %s is not readable by this user (run as the user WHD runs as, or as root)", path)
		}
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("truststore %s is a directory, not a file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxStoreSize+1))
	if err != nil {
		return nil, fmt.Errorf("truststore %s: %v", path, err)
	}
	if len(data) > MaxStoreSize {
		return nil, fmt.Errorf("truststore %s is larger than %d MiB: not a truststore", path, MaxStoreSize>>20)
	}
	return data, nil
}
