package redirect

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testProber sends every name to the test server on 127.0.0.1.
func testProber(t *testing.T, srv *httptest.Server, roots *x509.CertPool) (Prober, int) {
	t.Helper()
	addr := srv.Listener.Addr().String()
	_, portStr, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portStr)
	return Prober{
		LookupHost: func(ctx context.Context, host string) ([]string, error) {
			if host == "missing.example.com" {
				return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
			}
			return []string{"127.0.0.1"}, nil
		},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
		RootCAs: roots,
		Timeout: 5 * time.Second,
	}, port
}

func TestProbe(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/helpdesk/" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Location", "/helpdesk/WebObjects/Helpdesk.woa")
		w.WriteHeader(http.StatusFound)
	}))
	defer srv.Close()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate()) // httptest's certificate covers example.com and 127.0.0.1

	p, port := testProber(t, srv, roots)
	ctx := context.Background()

	got := p.Probe(ctx, "example.com", port)
	if !got.Answered || got.Status != http.StatusFound || !got.CertValid || got.CertError != "" || got.CertExpiry == "" ||
		len(got.Addresses) != 1 || got.URL != "https://example.com:"+strconv.Itoa(port)+"/helpdesk/" {
		t.Fatalf("trusted name: %+v", got)
	}
	if fs := LiveFindings(got, "example.com"); len(fs) != 0 {
		t.Errorf("findings for a healthy server: %+v", fs)
	}

	// A name the certificate does not cover.
	got = p.Probe(ctx, "helpdesk.example.net", port)
	if !got.Answered || got.CertValid || !strings.Contains(got.CertError, "helpdesk.example.net") {
		t.Fatalf("wrong name: %+v", got)
	}
	if fs := LiveFindings(got, "helpdesk.example.net"); len(fs) != 1 || fs[0].Rule != RuleBadCert || !strings.Contains(fs[0].Message, "is not valid for helpdesk.example.net") {
		t.Errorf("findings: %+v", fs)
	}

	// A bracketed IPv6 name is looked up and requested without doubled brackets.
	var looked string
	lookup := p.LookupHost
	p.LookupHost = func(ctx context.Context, host string) ([]string, error) { looked = host; return lookup(ctx, host) }
	if got := p.Probe(ctx, "[::1]", port); looked != "::1" || got.URL != "https://[::1]:"+strconv.Itoa(port)+"/helpdesk/" {
		t.Errorf("bracketed IPv6: looked up %q, %+v", looked, got)
	}
	p.LookupHost = lookup

	// An untrusted root.
	p.RootCAs = x509.NewCertPool()
	got = p.Probe(ctx, "example.com", port)
	if !got.Answered || got.CertValid || !strings.Contains(got.CertError, "unknown authority") {
		t.Fatalf("untrusted root: %+v", got)
	}
	// The name is right: the finding says the certificate is not
	// trusted, not that it is not valid for the name.
	if fs := LiveFindings(got, "example.com"); len(fs) != 1 || fs[0].Rule != RuleBadCert ||
		!strings.Contains(fs[0].Message, "is not trusted") || strings.Contains(fs[0].Message, "not valid for") {
		t.Errorf("untrusted root findings: %+v", fs)
	}

	// A name that does not resolve.
	got = p.Probe(ctx, "missing.example.com", port)
	if got.Answered || !strings.Contains(got.Error, "cannot resolve missing.example.com: no such host") {
		t.Fatalf("unresolvable: %+v", got)
	}
	if fs := LiveFindings(got, "missing.example.com"); len(fs) != 1 || fs[0].Rule != RuleUnreachable {
		t.Errorf("findings: %+v", fs)
	}
}

func TestProbeRefusedAndTimeout(t *testing.T) {
	// A port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	p := Prober{
		LookupHost: func(context.Context, string) ([]string, error) { return []string{"127.0.0.1"}, nil },
		DialContext: func(ctx context.Context, n, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, n, addr)
		},
		Timeout: 2 * time.Second,
	}
	got := p.Probe(context.Background(), "helpdesk.example.com", 8443)
	if got.Answered || !strings.Contains(got.Error, "refused") {
		t.Fatalf("refused: %+v", got)
	}

	// A server that accepts and never speaks: the timeout ends the probe.
	hang, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer hang.Close()
	go func() { // holds connections open, silent, until the listener closes
		var conns []net.Conn
		defer func() {
			for _, c := range conns {
				c.Close()
			}
		}()
		for {
			c, err := hang.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	p.DialContext = func(ctx context.Context, n, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, n, hang.Addr().String())
	}
	p.Timeout = 300 * time.Millisecond
	got = p.Probe(context.Background(), "helpdesk.example.com", 8443)
	if got.Answered || got.Error == "" {
		t.Fatalf("hanging server: %+v", got)
	}
	// A cancelled context stops it too.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.Timeout = time.Minute
	got = p.Probe(ctx, "helpdesk.example.com", 8443)
	if got.Answered || got.Error == "" {
		t.Fatalf("cancelled: %+v", got)
	}
}
