package ews

import (
	"bufio"
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whdctl/whdctl/diagnose/truststore"
)

// replay serves a recorded HTTP answer (comment lines dropped) to every
// connection, byte for byte, so joined and separate headers stay as written.
func replay(t *testing.T, file string) *url.URL {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "ews", file))
	if err != nil {
		t.Fatal(err)
	}
	var answer bytes.Buffer
	for _, line := range strings.SplitAfter(string(raw), "\n") {
		if !strings.HasPrefix(line, "#") {
			answer.WriteString(line)
		}
	}
	return rawServer(t, func(c net.Conn) {
		defer c.Close()
		_, _ = http.ReadRequest(bufio.NewReader(c))
		_, _ = c.Write(answer.Bytes())
	})
}

func rawServer(t *testing.T, handle func(net.Conn)) *url.URL {
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
	u, _ := url.Parse("http://" + ln.Addr().String() + Path)
	return u
}

func probe(t *testing.T, o Options) *Report {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := Probe(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReplayedChallengeSets(t *testing.T) {
	tests := []struct {
		file       string
		kind       Kind
		basic      bool
		realm      string
		ok         bool
		challenges int
		advice     string
		evidence   string
	}{
		// The replays are served over plain http: where Basic is offered
		// the verdict is still not OK (the password would cross the network
		// unencrypted); TestAssessHTTPS has the https verdicts.
		// Exchange Online challenges with Basic but refuses it: not OK.
		{"exchange-online.http", ExchangeOnline, true, "", false, 3, "OAuth", "@*"},
		{"exchange-online-joined.http", ExchangeOnline, true, "", false, 2, "October 2022", "any tenant"},
		{"on-premises-basic.http", OnPremises, true, "mail.contoso.com", false, 3, "this URL is plain http", "X-FEServer: EX01"},
		{"on-premises-no-basic.http", OnPremises, false, "", false, 2, "enable Basic Authentication", "NTLM"},
		{"on-premises-joined.http", OnPremises, true, "mail.contoso.com", false, 3, "this URL is plain http", "Microsoft-IIS/8.5"},
		{"on-premises-hybrid.http", OnPremisesHybrid, true, "mail.contoso.com", false, 4, "this URL is plain http", "8d2f6a4e-3b1c-4f7a-9e2d-5c6b7a8f9e01"},
		{"forms-redirect.http", Unknown, false, "", false, 0, "forms-based sign-in", ""},
		{"no-challenge.http", Unknown, false, "", false, 0, "without any WWW-Authenticate", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			r := probe(t, Options{URL: replay(t, tt.file)})
			if r.ServerKind != tt.kind || r.BasicOffered != tt.basic || r.BasicRealm != tt.realm || r.OK != tt.ok || len(r.Challenges) != tt.challenges {
				t.Fatalf("got kind=%s basic=%v realm=%q ok=%v challenges=%d (%v)", r.ServerKind, r.BasicOffered, r.BasicRealm, r.OK, len(r.Challenges), r.Challenges)
			}
			if !strings.Contains(r.Advice, tt.advice) {
				t.Errorf("advice %q does not mention %q", r.Advice, tt.advice)
			}
			if !strings.Contains(strings.Join(r.Evidence, "\n"), tt.evidence) {
				t.Errorf("evidence %q does not mention %q", r.Evidence, tt.evidence)
			}
			if r.Status == 0 || r.Error != "" {
				t.Errorf("status %d error %q", r.Status, r.Error)
			}
			if r.BasicUsable != (tt.basic && tt.kind != ExchangeOnline) {
				t.Errorf("basic_usable %v", r.BasicUsable)
			}
			if tt.kind == ExchangeOnline && (!strings.Contains(r.Advice, "not usable") || !strings.Contains(r.Advice, "Exchange/Office 365 (OAuth) account type")) {
				t.Errorf("advice %q", r.Advice)
			}
		})
	}
}

func TestClassifyOnlineByHost(t *testing.T) {
	kind, ev := Classify(nil, http.Header{}, "outlook.office365.com")
	if kind != ExchangeOnline || len(ev) == 0 {
		t.Fatalf("got %s %v", kind, ev)
	}
	// An on-premises domain that merely contains "outlook.com" is not Online.
	h := http.Header{}
	h.Set("X-CalculatedBETarget", "ex01.outlook.com.contoso.local")
	if kind, _ := Classify(nil, h, "mail.contoso.local"); kind != Unknown {
		t.Fatalf("got %s", kind)
	}
}

func TestNormalizeURL(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{in: "mail.contoso.com", want: "https://mail.contoso.com/EWS/Exchange.asmx"},
		{in: "https://outlook.office365.com/", want: "https://outlook.office365.com/EWS/Exchange.asmx"},
		{in: "https://mail.contoso.com:8443/ews/", want: "https://mail.contoso.com:8443/ews/Exchange.asmx"},
		{in: "HTTP://mail.contoso.com/EWS/Exchange.asmx#f", want: "http://mail.contoso.com/EWS/Exchange.asmx"},
		{in: "HTTP://mail.contoso.com/EWS/Exchange.asmx?x=1#f", err: "query string"},
		{in: "https://mail.contoso.com/EWS/Exchange.asmx?", err: "query string"},
		{in: "https://mail.contoso.com/custom/ews.asmx", want: "https://mail.contoso.com/custom/ews.asmx"},
		{in: "https://[::1]:444", want: "https://[::1]:444/EWS/Exchange.asmx"},
		{in: "", err: "empty"},
		{in: "ftp://mail.contoso.com/", err: "must be https"},
		{in: "https://user:pw@mail.contoso.com/", err: "credentials"},
		{in: "https:///EWS", err: "no host"},
		{in: "https://mail.contoso.com:0/", err: "1 to 65535"},
		{in: "https://mail.contoso.com:99999/", err: "1 to 65535"},
		{in: "https://ma il.contoso.com/", err: "not a URL"},
	}
	for _, tt := range tests {
		u, err := NormalizeURL(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("NormalizeURL(%q) err = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || u.String() != tt.want {
			t.Errorf("NormalizeURL(%q) = %v, %v; want %s", tt.in, u, err, tt.want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"mail.contoso.com", "https://h/EWS", "http://[::1]:1/x?y#z", "https://u@h/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := NormalizeURL(s)
		if err != nil {
			return
		}
		if (u.Scheme != "https" && u.Scheme != "http") || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || u.ForceQuery || strings.Contains(u.String(), "?") {
			t.Fatalf("NormalizeURL(%q) = %v", s, u)
		}
		if _, err := url.Parse(u.String()); err != nil {
			t.Fatalf("result %q does not parse: %v", u, err)
		}
	})
}

func TestAssessBasic(t *testing.T) {
	tests := []struct {
		status   int
		kind     Kind
		location string
		ok       bool
		meaning  string
	}{
		{200, OnPremises, "", true, "work"},
		{405, OnPremises, "", true, "work"},
		{302, OnPremises, "/EWS/Services.wsdl", true, "WSDL"},
		{302, OnPremises, "/owa/auth/logon.aspx", false, "redirects"},
		{401, OnPremises, "", false, `DOMAIN\user`},
		{401, ExchangeOnline, "", false, "OAuth"},
		{403, OnPremises, "", false, "EwsEnabled"},
		{440, OnPremises, "", false, "forms-based"},
		{500, OnPremises, "", false, "failed (500)"},
		{418, OnPremises, "", false, "Unexpected"},
	}
	for _, tt := range tests {
		a := AssessBasic(tt.status, tt.kind, tt.location)
		if a.OK != tt.ok || !strings.Contains(a.Advice, tt.meaning) {
			t.Errorf("AssessBasic(%d, %s) = %+v", tt.status, tt.kind, a)
		}
	}
}

func TestAssessStatuses(t *testing.T) {
	for _, tt := range []struct {
		status int
		advice string
	}{{200, "without asking"}, {403, "Forbidden"}, {404, "no EWS"}, {503, "MSExchangeServicesAppPool"}, {418, "Unexpected"}} {
		a := Assess("https", tt.status, nil, Unknown, "")
		if a.OK || !strings.Contains(a.Advice, tt.advice) {
			t.Errorf("Assess(%d) = %+v", tt.status, a)
		}
	}
	a := Assess("http", 401, []Challenge{{Scheme: "Basic", Params: map[string]string{}}}, Unknown, "")
	if a.OK || !strings.Contains(a.Advice, "unencrypted") || !strings.Contains(a.Advice, "Use the https:// URL") {
		t.Errorf("http Basic: %+v", a)
	}
}

// TestAssessHTTPS: over https a Basic challenge is usable (on-premises,
// with the Hybrid note where Bearer is offered too); the same answer over
// plain http is not.
func TestAssessHTTPS(t *testing.T) {
	basic := Challenge{Scheme: "Basic", Params: map[string]string{"realm": "mail.contoso.com"}}
	bearer := Challenge{Scheme: "Bearer", Params: map[string]string{}}
	for _, tt := range []struct {
		scheme string
		kind   Kind
		cs     []Challenge
		ok     bool
		advice string
	}{
		{"https", OnPremises, []Challenge{basic}, true, "Basic authentication is offered: WHD can sign in"},
		{"https", OnPremisesHybrid, []Challenge{bearer, basic}, true, "Hybrid Modern Authentication"},
		{"http", OnPremises, []Challenge{basic}, false, "unencrypted"},
		{"http", OnPremisesHybrid, []Challenge{bearer, basic}, false, "unencrypted"},
	} {
		a := Assess(tt.scheme, 401, tt.cs, tt.kind, "")
		if a.OK != tt.ok || !strings.Contains(a.Advice, tt.advice) {
			t.Errorf("Assess(%s, %s) = %+v", tt.scheme, tt.kind, a)
		}
	}
}

func TestHostileServers(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	tests := []struct {
		name   string
		handle func(net.Conn)
		err    string
	}{
		{"huge header", func(c net.Conn) {
			defer c.Close()
			_, _ = http.ReadRequest(bufio.NewReader(c))
			_, _ = c.Write([]byte("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"" + strings.Repeat("a", 4<<20) + "\"\r\n\r\n"))
		}, "larger than 64 KiB"},
		{"endless header", func(c net.Conn) {
			defer c.Close()
			_, _ = http.ReadRequest(bufio.NewReader(c))
			_, _ = c.Write([]byte("HTTP/1.1 401 Unauthorized\r\n"))
			line := []byte("X-Filler: " + strings.Repeat("z", 1000) + "\r\n")
			for {
				if _, err := c.Write(line); err != nil {
					return
				}
			}
		}, "larger than 64 KiB"},
		{"never answers", func(c net.Conn) { <-hang; c.Close() }, "did not answer in time"},
		{"slow drip", func(c net.Conn) {
			defer c.Close()
			_, _ = http.ReadRequest(bufio.NewReader(c))
			for _, b := range []byte("HTTP/1.1 401 Unauthorized\r\nX: " + strings.Repeat("y", 1000)) {
				if _, err := c.Write([]byte{b}); err != nil {
					return
				}
				select {
				case <-hang:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}, "did not answer in time"},
		{"reset", func(c net.Conn) {
			_, _ = http.ReadRequest(bufio.NewReader(c))
			_ = c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}, ""},
		{"garbage", func(c net.Conn) {
			defer c.Close()
			_, _ = http.ReadRequest(bufio.NewReader(c))
			_, _ = c.Write([]byte("\x00\x01\x02 not http at all\r\n\r\n"))
		}, "failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u := rawServer(t, tt.handle)
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			r, err := Probe(ctx, Options{URL: u})
			if err != nil {
				t.Fatal(err)
			}
			if r.OK || r.Error == "" || r.Advice == "" || !strings.Contains(r.Error, tt.err) {
				t.Fatalf("ok=%v error=%q advice=%q", r.OK, r.Error, r.Advice)
			}
		})
	}
}

func TestRefusedConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	u, _ := url.Parse("http://" + addr + Path)
	r := probe(t, Options{URL: u})
	if r.OK || !strings.Contains(r.Error, "refused") {
		t.Fatalf("got %+v", r)
	}
}

func TestCredentialsNeverOverHTTP(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1/EWS/Exchange.asmx")
	if _, err := Probe(context.Background(), Options{URL: u, Username: "u", Password: "p"}); err != ErrCredentialsOverHTTP {
		t.Fatalf("err = %v", err)
	}
}

func TestBasicOverTLS(t *testing.T) {
	const password = "pässwörd-€-123"
	var seen []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pw, ok := r.BasicAuth()
		seen = append(seen, r.Header.Get("Authorization"))
		if ok && user == `CONTOSO\svc-whd` && pw == password {
			w.WriteHeader(200)
			return
		}
		w.Header().Add("WWW-Authenticate", "Negotiate")
		w.Header().Add("WWW-Authenticate", `Basic realm="127.0.0.1"`)
		w.Header().Set("X-FEServer", "EX01")
		w.WriteHeader(401)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + Path)
	tlsOpts := TLSOptions{Anchors: []*x509.Certificate{srv.Certificate()}, Store: truststore.StoreRef{Path: "test.jks", Format: truststore.JKS}}

	r := probe(t, Options{URL: u, Username: `CONTOSO\svc-whd`, Password: password, TLS: tlsOpts})
	if !r.OK || r.Basic == nil || r.Basic.Status != 200 || !r.BasicOffered || r.ServerKind != OnPremises {
		t.Fatalf("got %+v basic %+v", r, r.Basic)
	}
	if len(seen) != 2 || seen[0] != "" || !strings.HasPrefix(seen[1], "Basic ") {
		t.Fatalf("requests: %q", seen)
	}

	r = probe(t, Options{URL: u, Username: `CONTOSO\svc-whd`, Password: "wrong", TLS: tlsOpts})
	if r.OK || r.Basic == nil || r.Basic.Status != 401 || !strings.Contains(r.Advice, "refused") {
		t.Fatalf("got %+v basic %+v", r, r.Basic)
	}

	// With a truststore that does not hold the server's certificate, no
	// request is sent and the TLS failure is the truststore check's.
	seen = nil
	r = probe(t, Options{URL: u, Username: "x", Password: password, TLS: TLSOptions{Store: tlsOpts.Store}})
	if r.OK || r.TLS == nil || r.TLS.Failure == nil || *r.TLS.Failure != truststore.FailSelfSigned || r.TLS.ImportCert == nil {
		t.Fatalf("got %+v tls %+v", r, r.TLS)
	}
	if len(seen) != 0 {
		t.Fatalf("a request reached an untrusted server: %q", seen)
	}
}

// TestExchangeOnlineNeverGetsThePassword: Exchange Online challenges with
// Basic but refuses it for EWS; with --username the password is not sent.
func TestExchangeOnlineNeverGetsThePassword(t *testing.T) {
	const password = "never-to-Microsoft-9"
	var seen []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.Header.Get("Authorization"))
		w.Header().Add("WWW-Authenticate", `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", trusted_issuers="00000001-0000-0000-c000-000000000000@*", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"`)
		w.Header().Add("WWW-Authenticate", `Basic Realm=""`)
		w.Header().Set("X-FEProxyInfo", "MW4PR03CA0123.NAMPRD03.PROD.OUTLOOK.COM")
		w.WriteHeader(401)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL + Path)
	tlsOpts := TLSOptions{Anchors: []*x509.Certificate{srv.Certificate()}, Store: truststore.StoreRef{Path: "test.jks", Format: truststore.JKS}}
	r := probe(t, Options{URL: u, Username: "svc@contoso.com", Password: password, TLS: tlsOpts})
	if r.OK || r.ServerKind != ExchangeOnline || !r.BasicOffered || r.BasicUsable || r.Basic != nil {
		t.Fatalf("got %+v", r)
	}
	if len(seen) != 1 || seen[0] != "" {
		t.Fatalf("requests' Authorization headers: %q", seen)
	}
	if !strings.Contains(strings.Join(r.Warnings, "\n"), "password was not sent") || !strings.Contains(r.Advice, "OAuth") {
		t.Fatalf("warnings %q advice %q", r.Warnings, r.Advice)
	}
}

// TestPasswordOnlyToABasicChallenge: a server that did not ask for Basic
// (a 200 from the wrong URL, a redirect to a sign-in page, Negotiate only)
// never gets the password, and the verdict is a failure, not "works".
func TestPasswordOnlyToABasicChallenge(t *testing.T) {
	const password = "only-for-basic-7"
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		status int
	}{
		{"200 without a challenge", func(w http.ResponseWriter) { w.WriteHeader(200) }, 200},
		{"redirect to a sign-in page", func(w http.ResponseWriter) {
			w.Header().Set("Location", "/owa/auth/logon.aspx")
			w.WriteHeader(302)
		}, 302},
		{"Negotiate and NTLM only", func(w http.ResponseWriter) {
			w.Header().Add("WWW-Authenticate", "Negotiate")
			w.Header().Add("WWW-Authenticate", "NTLM")
			w.WriteHeader(401)
		}, 401},
		{"403", func(w http.ResponseWriter) { w.WriteHeader(403) }, 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var seen []string
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen = append(seen, r.Header.Get("Authorization"))
				tc.answer(w)
			}))
			defer srv.Close()
			u, _ := url.Parse(srv.URL + Path)
			tlsOpts := TLSOptions{Anchors: []*x509.Certificate{srv.Certificate()}, Store: truststore.StoreRef{Path: "test.jks", Format: truststore.JKS}}
			r := probe(t, Options{URL: u, Username: "svc@contoso.com", Password: password, TLS: tlsOpts})
			if r.OK || r.Basic != nil || r.Status != tc.status {
				t.Fatalf("got %+v basic %+v", r, r.Basic)
			}
			if len(seen) != 1 || seen[0] != "" {
				t.Fatalf("requests' Authorization headers: %q", seen)
			}
			if !strings.Contains(strings.Join(r.Warnings, "\n"), "password was not sent") {
				t.Fatalf("warnings %q", r.Warnings)
			}
		})
	}
}

// TestPlainHTTPOnHTTPSURL: an https:// URL whose port speaks plain HTTP is
// named as such, with the fix of the Exchange server's HTTPS port, both
// when Go's HTTP client sees an HTTP answer to its TLS hello ("server gave
// HTTP response to HTTPS client") and when the server answers with
// something that is not TLS at all.
func TestPlainHTTPOnHTTPSURL(t *testing.T) {
	tests := []struct {
		name   string
		answer string
	}{
		{"HTTP answer", "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"},
		{"HTML answer", "<html><body>Bad request</body></html>\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := rawServer(t, func(c net.Conn) {
				defer c.Close()
				buf := make([]byte, 1024)
				_, _ = c.Read(buf) // the TLS ClientHello
				_, _ = c.Write([]byte(tt.answer))
			})
			u.Scheme = "https"
			r := probe(t, Options{URL: u})
			if r.OK || r.TLS != nil || !strings.Contains(r.Error, "speaks plain HTTP, not TLS") ||
				strings.Contains(r.Error, "HTTPS client") || strings.Contains(r.Advice, "firewall") ||
				!strings.Contains(r.Advice, "https://127.0.0.1"+Path) || !strings.Contains(r.Advice, "Bindings") {
				t.Fatalf("error=%q\nadvice=%q\ntls=%v", r.Error, r.Advice, r.TLS != nil)
			}
		})
	}
}

// TestEchoedPasswordIsMasked: a server that got the password with Basic
// and echoes it (as sent, percent-encoded, or the whole Authorization
// credentials in base64) in its redirect must not have it printed, even
// where the Location is cut short.
func TestEchoedPasswordIsMasked(t *testing.T) {
	const password = "Echo-me-4-real~pass"
	const user = `CONTOSO\svc-whd`
	for _, pad := range []int{0, 150, 180, 195} {
		for name, echo := range map[string]func(*http.Request) string{
			"raw":         func(*http.Request) string { return password },
			"percent":     func(*http.Request) string { return url.QueryEscape(password) },
			"credentials": func(r *http.Request) string { return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ") },
		} {
			t.Run(fmt.Sprintf("%s/%d", name, pad), func(t *testing.T) {
				srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if _, _, ok := r.BasicAuth(); ok {
						w.Header().Set("Location", "https://elsewhere.example/?"+strings.Repeat("E", pad)+"="+echo(r)+"&end")
						w.WriteHeader(302)
						return
					}
					w.Header().Add("WWW-Authenticate", `Basic realm="127.0.0.1"`)
					w.WriteHeader(401)
				}))
				defer srv.Close()
				u, _ := url.Parse(srv.URL + Path)
				r := probe(t, Options{URL: u, Username: user, Password: password,
					TLS: TLSOptions{Anchors: []*x509.Certificate{srv.Certificate()}, Store: truststore.StoreRef{Path: "test.jks", Format: truststore.JKS}}})
				if r.Basic == nil || r.Basic.Status != 302 {
					t.Fatalf("the password was not tried: %+v", r)
				}
				b, _ := json.Marshal(r)
				creds := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
				for i := 0; i+6 <= len(password); i++ {
					if p := password[i : i+6]; strings.Contains(string(b), p) || strings.Contains(string(b), url.QueryEscape(p)) {
						t.Fatalf("%q of the password leaked: %s", p, b)
					}
				}
				for i := 0; i+8 <= len(creds); i += 4 {
					if strings.Contains(string(b), creds[i:i+8]) {
						t.Fatalf("%q of the credentials leaked: %s", creds[i:i+8], b)
					}
				}
			})
		}
	}
}
