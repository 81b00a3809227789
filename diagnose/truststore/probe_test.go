package truststore

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in   string
		want Target
		err  string
	}{
		{in: "mail.example.com", want: Target{"mail.example.com", 443}},
		{in: "mail.example.com:8443", want: Target{"mail.example.com", 8443}},
		{in: "127.0.0.1:1", want: Target{"127.0.0.1", 1}},
		{in: "[::1]:993", want: Target{"::1", 993}},
		{in: "::1", want: Target{"::1", 443}},
		{in: " https://mail.example.com/EWS/Exchange.asmx ", want: Target{"mail.example.com", 443}},
		{in: "https://mail.example.com:444/", want: Target{"mail.example.com", 444}},
		{in: "", err: "empty"},
		{in: "http://mail.example.com/", err: "only https"},
		{in: "https://u:p@mail.example.com/", err: "credentials"},
		{in: "mail.example.com:0", err: "1 to 65535"},
		{in: "mail.example.com:99999", err: "1 to 65535"},
		{in: "mail.example.com:https", err: "1 to 65535"},
		{in: "a:b:c", err: "HOST:PORT"},
		{in: "mail example.com", err: "not a host"},
		{in: ":443", err: "not a host"},
	}
	for _, tt := range tests {
		got, err := ParseTarget(tt.in, 443)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseTarget(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseTarget(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"mail.example.com", "[::1]:443", "https://h:1/x", "h:65536", "::", "[", "https://[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s, 443)
		if err != nil {
			return
		}
		if tg.Host == "" || tg.Port < 1 || tg.Port > 65535 {
			t.Fatalf("ParseTarget(%q) = %+v", s, tg)
		}
		if _, _, err := net.SplitHostPort(tg.Addr()); err != nil {
			t.Fatalf("Addr %q does not split: %v", tg.Addr(), err)
		}
	})
}

// serve runs handle for each connection on a loopback listener.
func serve(t *testing.T, handle func(net.Conn)) Target {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handle(c)
		}
	}()
	a := ln.Addr().(*net.TCPAddr)
	return Target{Host: "127.0.0.1", Port: a.Port}
}

func tlsHandler(cert tls.Certificate) func(net.Conn) {
	return func(c net.Conn) {
		defer c.Close()
		tc := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{cert}})
		_ = tc.SetDeadline(time.Now().Add(5 * time.Second))
		if err := tc.Handshake(); err == nil {
			_, _ = tc.Write([]byte("HTTP/1.0 200 OK\r\n\r\n"))
		}
	}
}

func TestFetchChain(t *testing.T) {
	p := testPKI(t)
	good := tls.Certificate{Certificate: [][]byte{p.leaf.cert.Raw, p.inter.cert.Raw}, PrivateKey: p.leaf.key}
	garbage := tls.Certificate{Certificate: [][]byte{[]byte("this is not a certificate")}, PrivateKey: p.leaf.key}
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })

	tests := []struct {
		name    string
		target  Target
		failure Failure
		msg     string
		n       int
	}{
		{name: "chain", target: serve(t, tlsHandler(good)), n: 2},
		{name: "refused", target: func() Target {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			port := ln.Addr().(*net.TCPAddr).Port
			ln.Close()
			return Target{"127.0.0.1", port}
		}(), failure: FailConnect, msg: "refused"},
		{name: "accepts and never answers", target: serve(t, func(c net.Conn) { <-hang; c.Close() }), failure: FailConnect, msg: "did not answer"},
		{name: "never accepts (backlog)", target: func() Target {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ln.Close() })
			return Target{"127.0.0.1", ln.Addr().(*net.TCPAddr).Port}
		}(), failure: FailConnect, msg: "did not answer"},
		{name: "slow drip", target: serve(t, func(c net.Conn) {
			defer c.Close()
			// A valid record header, then its body one byte at a time.
			_, _ = c.Write([]byte{0x16, 0x03, 0x03, 0x01, 0x00})
			for i := 0; i < 100; i++ {
				if _, err := c.Write([]byte{0x02}); err != nil {
					return
				}
				select {
				case <-hang:
					return
				case <-time.After(50 * time.Millisecond):
				}
			}
		}), failure: FailConnect, msg: "did not answer"},
		{name: "reset", target: serve(t, func(c net.Conn) {
			buf := make([]byte, 10)
			_, _ = c.Read(buf)
			_ = c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}), failure: FailHandshake, msg: "closed the connection"},
		{name: "plain http", target: serve(t, func(c net.Conn) {
			defer c.Close()
			_, _ = c.Write([]byte("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))
		}), failure: FailHandshake, msg: "does not speak TLS"},
		{name: "garbage certificate", target: serve(t, tlsHandler(garbage)), failure: FailHandshake, msg: "does not parse"},
		{name: "endless garbage records", target: serve(t, func(c net.Conn) {
			defer c.Close()
			rec := append([]byte{0x16, 0x03, 0x03, 0x40, 0x00}, make([]byte, 0x4000)...)
			for i := 0; i < 1000; i++ {
				if _, err := c.Write(rec); err != nil {
					return
				}
			}
		}), failure: FailHandshake},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			chain, err := FetchChain(ctx, tt.target, nil)
			if tt.failure == FailNone {
				if err != nil || len(chain) != tt.n {
					t.Fatalf("chain %d certificates, err %v", len(chain), err)
				}
				return
			}
			pe, ok := err.(*ProbeError)
			if !ok || pe.Failure != tt.failure || !strings.Contains(pe.Msg, tt.msg) {
				t.Fatalf("err = %#v, want %s mentioning %q", err, tt.failure, tt.msg)
			}
		})
	}
}

func TestVerifierRejectsWhatJavaWould(t *testing.T) {
	p := testPKI(t)
	verify := Verifier(certs(p.root), "mail.example.test", func() time.Time { return now })
	if err := verify(tls.ConnectionState{PeerCertificates: certs(p.leaf, p.inter)}); err != nil {
		t.Fatalf("good chain refused: %v", err)
	}
	err := verify(tls.ConnectionState{PeerCertificates: certs(p.leaf)})
	ue, ok := err.(*UntrustedError)
	if !ok || ue.Verdict.Failure != FailMissingIntermediate || len(ue.Chain) != 1 {
		t.Fatalf("err = %v", err)
	}
	if err := Verifier(certs(p.root), "other.example.test", func() time.Time { return now })(tls.ConnectionState{PeerCertificates: certs(p.leaf, p.inter)}); err == nil {
		t.Fatal("wrong host name accepted")
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadFile(dir + "/missing"); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing: %v", err)
	}
	if _, err := LoadFile(dir); err == nil || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
}
