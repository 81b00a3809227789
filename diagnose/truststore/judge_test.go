package truststore

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// TestJavaSuiteTable: the Go and GoSecure marks of the Java suites agree
// with Go's own lists, and the names with Go's names.
func TestJavaSuiteTable(t *testing.T) {
	secure, insecure := map[uint16]string{}, map[uint16]string{}
	for _, s := range tls.CipherSuites() {
		secure[s.ID] = s.Name
	}
	for _, s := range tls.InsecureCipherSuites() {
		insecure[s.ID] = s.Name
	}
	for _, s := range JavaTLS12Suites {
		_, isSecure := secure[s.ID]
		_, isInsecure := insecure[s.ID]
		if s.GoSecure != isSecure || s.Go != (isSecure || isInsecure) {
			t.Errorf("%s: Go=%v GoSecure=%v, but Go lists it secure=%v insecure=%v", s.Name, s.Go, s.GoSecure, isSecure, isInsecure)
		}
		if s.Go && tls.CipherSuiteName(s.ID) != s.Name {
			t.Errorf("%s is %s in Go", s.Name, tls.CipherSuiteName(s.ID))
		}
		if s.DHE != strings.HasPrefix(s.Name, "TLS_DHE_") {
			t.Errorf("%s: DHE=%v", s.Name, s.DHE)
		}
	}
	if SuiteName(0x009e) != "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256" || SuiteName(0x1301) != "TLS_AES_128_GCM_SHA256" || SuiteName(0xfefe) != "cipher suite 0xfefe" {
		t.Errorf("SuiteName: %s %s %s", SuiteName(0x009e), SuiteName(0x1301), SuiteName(0xfefe))
	}
}

func TestCertMsgSizeAndLimits(t *testing.T) {
	p := testPKI(t)
	chain := certs(p.leaf, p.inter)
	want12 := 3 + 3 + len(p.leaf.cert.Raw) + 3 + len(p.inter.cert.Raw)
	if got := CertMsgSize(&Handshake{Chain: chain, Version: tls.VersionTLS12}); got != want12 {
		t.Errorf("TLS 1.2: %d, want %d", got, want12)
	}
	ocsp, sct := []byte("ocsp-response"), []byte("sct")
	want13 := want12 + 1 + 2*2 + (4 + 1 + 3 + len(ocsp)) + (4 + 2 + 2 + len(sct))
	if got := CertMsgSize(&Handshake{Chain: chain, Version: tls.VersionTLS13, OCSP: ocsp, SCTs: [][]byte{sct}}); got != want13 {
		t.Errorf("TLS 1.3: %d, want %d", got, want13)
	}
	if got := CertMsgSize(&Handshake{Chain: chain, Scan: &Scan12{CertMsgSize: 42}}); got != 42 {
		t.Errorf("measured: %d", got)
	}

	long := []*x509.Certificate{p.leaf.cert}
	for i := 0; i < JavaMaxChainLength; i++ {
		long = append(long, p.inter.cert)
	}
	v := Judge(&Handshake{Chain: long, Version: tls.VersionTLS13}, certs(p.root), "mail.example.test", now)
	if v.OK() || v.Failure != FailHandshake || v.Cause != CauseChainLength || !v.HostnameOK || !strings.Contains(v.Detail, "9 of them repeated") {
		t.Fatalf("11 certificates: %+v", v)
	}
	if v := Judge(&Handshake{Chain: long[:JavaMaxChainLength], Version: tls.VersionTLS13}, certs(p.root), "mail.example.test", now); !v.OK() {
		t.Fatalf("10 certificates: %s", v.Detail)
	}
	big := &Handshake{Chain: chain, Version: tls.VersionTLS12, Scan: &Scan12{CertMsgSize: JavaMaxHandshakeMessage + 1}}
	if v := Judge(big, certs(p.root), "mail.example.test", now); v.Cause != CauseMessageSize || !strings.Contains(v.Detail, "(32769)") {
		t.Fatalf("message size: %+v", v)
	}
}

func TestJudgeGoFailures(t *testing.T) {
	p := testPKI(t)
	goErr := errors.New("tls: some failure")
	anchors := certs(p.root)
	tests := []struct {
		name    string
		h       *Handshake
		ok      bool
		failure Failure
		cause   Cause
		text    string
	}{
		{"Go completed", &Handshake{Chain: certs(p.leaf, p.inter)}, true, FailNone, "", ""},
		{"Go failed after trusted certificates", &Handshake{Chain: certs(p.leaf, p.inter), GoErr: goErr}, false, FailHandshake, CauseWhdctl, "Java may still connect"},
		{"Go failed after refused certificates", &Handshake{Chain: certs(p.leaf), GoErr: goErr}, false, FailMissingIntermediate, "", ""},
		{"scan: suite Go lacks", &Handshake{Chain: certs(p.leaf, p.inter), GoErr: goErr, Scan: &Scan12{Suite: 0x009e}}, true, FailNone, "", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
		{"scan: suite Go lacks, refused certificates", &Handshake{Chain: certs(p.leaf), GoErr: goErr, Scan: &Scan12{Suite: 0x009e}}, false, FailMissingIntermediate, "", ""},
		{"scan: suite Go has", &Handshake{Chain: certs(p.leaf, p.inter), GoErr: goErr, Scan: &Scan12{Suite: 0xc02f}}, false, FailHandshake, CauseWhdctl, "Java may still connect"},
		{"scan: only TLS 1.3 fails", &Handshake{Chain: certs(p.leaf, p.inter), GoErr: goErr, Scan: &Scan12{Suite: 0xc02f}, TLS13Only: true}, false, FailHandshake, CauseProtocol, "TLS 1.3"},
		{"scan: small DH group", &Handshake{Chain: certs(p.leaf, p.inter), GoErr: goErr, Scan: &Scan12{Suite: 0x009e, DHBits: 768}}, false, FailHandshake, CauseProtocol, "768-bit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.h, anchors, "mail.example.test", now)
			if v.OK() != tt.ok || v.Failure != tt.failure || v.Cause != tt.cause {
				t.Fatalf("ok=%v failure=%q cause=%q: %s", v.OK(), v.Failure, v.Cause, v.Detail)
			}
			if !strings.Contains(v.Detail+strings.Join(v.Warnings, "\n"), tt.text) {
				t.Fatalf("%q does not mention %q (warnings %q)", v.Detail, tt.text, v.Warnings)
			}
		})
	}
}

// serveBytes answers every connection with the given bytes after reading
// the client's first flight.
func serveBytes(t *testing.T, answer []byte) Target {
	return serve(t, func(c net.Conn) {
		defer c.Close()
		buf := make([]byte, 4096)
		_, _ = c.Read(buf)
		_, _ = c.Write(answer)
		time.Sleep(100 * time.Millisecond)
	})
}

func handshakeRecord(typ byte, body []byte) []byte {
	msg := append([]byte{typ, byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body...)
	return append([]byte{22, 3, 3, byte(len(msg) >> 8), byte(len(msg))}, msg...)
}

func serverHello(version, suite uint16) []byte {
	b := []byte{byte(version >> 8), byte(version)}
	b = append(b, make([]byte, 32)...)
	b = append(b, 0, byte(suite>>8), byte(suite), 0)
	return handshakeRecord(2, b)
}

func certificateMsg(cs ...*x509.Certificate) []byte {
	var list []byte
	for _, c := range cs {
		list = append(list, byte(len(c.Raw)>>16), byte(len(c.Raw)>>8), byte(len(c.Raw)))
		list = append(list, c.Raw...)
	}
	return handshakeRecord(11, append([]byte{byte(len(list) >> 16), byte(len(list) >> 8), byte(len(list))}, list...))
}

func TestScanTLS12(t *testing.T) {
	p := testPKI(t)
	dhe := append(serverHello(0x0303, 0x009e), certificateMsg(p.leaf.cert, p.inter.cert)...)
	p768 := bytes.Repeat([]byte{0xff}, 96)
	dhe = append(dhe, handshakeRecord(12, append([]byte{0, 96}, p768...))...)
	tests := []struct {
		name   string
		answer []byte
		n      int
		bits   int
		err    string
	}{
		{"DHE", dhe, 2, 768, ""},
		{"ECDHE", append(serverHello(0x0303, 0xc02f), certificateMsg(p.leaf.cert)...), 1, 0, ""},
		{"alert", []byte{21, 3, 3, 0, 2, 2, 40}, 0, 0, "handshake_failure"},
		{"TLS 1.0", serverHello(0x0301, 0x002f), 0, 0, "TLS 1.0"},
		{"suite not offered", serverHello(0x0303, 0x0005), 0, 0, "not offered"},
		{"plain HTTP", []byte("HTTP/1.1 400 Bad Request\r\n\r\n"), 0, 0, "not TLS"},
		{"garbage certificate", append(serverHello(0x0303, 0xc02f), handshakeRecord(11, []byte{0, 0, 4, 0, 0, 1, 9})...), 0, 0, "parse"},
		{"truncated record", handshakeRecord(2, nil)[:5:5], 0, 0, "EOF"},
		{"huge message", []byte{22, 3, 3, 0, 4, 2, 0x10, 0, 0}, 0, 0, "1048576 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			s, err := ScanTLS12(ctx, serveBytes(t, tt.answer), nil)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil || len(s.Chain) != tt.n || s.DHBits != tt.bits || s.CertMsgSize == 0 {
				t.Fatalf("scan %+v, %v", s, err)
			}
		})
	}
}

// TestInspectFallsBackToTheScan: a server Go cannot negotiate with (it
// answers Go's ClientHello with an alert) but that answers Java's TLS 1.2
// offer with a DHE suite is judged on the certificates of that answer.
func TestInspectFallsBackToTheScan(t *testing.T) {
	p := testPKI(t)
	flight := append(serverHello(0x0303, 0x009e), certificateMsg(p.leaf.cert, p.inter.cert)...)
	flight = append(flight, handshakeRecord(12, append([]byte{1, 0}, bytes.Repeat([]byte{0xff}, 256)...))...)
	target := serve(t, func(c net.Conn) {
		defer c.Close()
		buf := make([]byte, 8192)
		n, _ := c.Read(buf)
		if bytes.Contains(buf[:n], []byte{0x00, 0x9e}) { // Java's offer has DHE
			_, _ = c.Write(flight)
		} else {
			_, _ = c.Write([]byte{21, 3, 3, 0, 2, 2, 40})
		}
		time.Sleep(100 * time.Millisecond)
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	h, err := Inspect(ctx, target, nil)
	if err != nil || h.Scan == nil || h.GoErr == nil || len(h.Chain) != 2 {
		t.Fatalf("handshake %+v, %v", h, err)
	}
	v := Judge(h, certs(p.root), "127.0.0.1", now)
	if !v.OK() || !strings.Contains(strings.Join(v.Warnings, "\n"), "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256") {
		t.Fatalf("verdict %+v", v)
	}
}

// FuzzScanFlight: whatever a server answers, the scan's reader returns a
// chain or an error, and never reads past its bounds.
func FuzzScanFlight(f *testing.F) {
	p := testPKI(f)
	f.Add(append(serverHello(0x0303, 0x009e), certificateMsg(p.leaf.cert)...))
	f.Add(append(serverHello(0x0303, 0xc02f), certificateMsg(p.leaf.cert, p.inter.cert)...))
	f.Add([]byte{21, 3, 3, 0, 2, 2, 40})
	f.Add(serverHello(0x0301, 0x002f))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := readServerFlight(&recordReader{r: bytes.NewReader(data)})
		if err == nil && (len(s.Chain) == 0 || s.CertMsgSize < 3) {
			t.Fatalf("scan %+v without error", s)
		}
	})
}

func TestDecodeWithoutPassword(t *testing.T) {
	p := testPKI(t)
	other := jksBytes(t, "N0t-changeit", p.root.cert, p.self.cert)
	st, err := DecodeWithoutPassword(other)
	if err != nil || !st.Unchecked || st.DefaultPasswordWorks || len(st.Anchors) != 2 || !st.Anchors[0].Cert.Equal(p.root.cert) {
		t.Fatalf("JKS with another password: %+v, %v", st, err)
	}
	st, err = DecodeWithoutPassword(jksBytes(t, DefaultPassword, p.root.cert))
	if err != nil || !st.Unchecked || !st.DefaultPasswordWorks || len(st.Anchors) != 1 {
		t.Fatalf("JKS with changeit: %+v, %v", st, err)
	}
	var pn *PasswordNeededError
	if _, err := DecodeWithoutPassword(p12Bytes(t, pkcs12.Modern.WithIterations(2), "x", p.root.cert)); !errors.As(err, &pn) || !pn.Encrypted || !errors.Is(err, ErrPasswordNeeded) {
		t.Fatalf("protected PKCS12: %v", err)
	}
	st, err = DecodeWithoutPassword(p12Bytes(t, pkcs12.Passwordless, "", p.root.cert))
	if err != nil || !st.PasswordLess || len(st.Anchors) != 1 {
		t.Fatalf("password-less PKCS12: %+v, %v", st, err)
	}
	cut := other[:len(other)-30]
	if _, err := DecodeWithoutPassword(cut); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("truncated JKS: %v", err)
	}
}
