package token

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	tenant   = "0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	clientID = "11111111-2222-4333-8444-555555555555"
	secret   = "Qm8~x9.AbCdEfGhIjKlMnOpQrStUvWxYz0123-_45"
)

func TestValidate(t *testing.T) {
	for _, ok := range []string{tenant, "contoso.onmicrosoft.com", "contoso.com"} {
		if err := ValidateTenant(ok); err != nil {
			t.Errorf("ValidateTenant(%q): %v", ok, err)
		}
	}
	for in, msg := range map[string]string{"": "empty", "common": "single-tenant", "Organizations": "single-tenant",
		"contoso": "neither", "../x": "neither", "a/b.com": "neither", tenant + "?x=1": "neither"} {
		if err := ValidateTenant(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("ValidateTenant(%q) = %v, want %q", in, err, msg)
		}
	}
	if err := ValidateClientID(clientID); err != nil {
		t.Error(err)
	}
	if err := ValidateClientID("Web Help Desk"); err == nil || !strings.Contains(err.Error(), "Application (client) ID") {
		t.Errorf("got %v", err)
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct{ base, want, err string }{
		{base: "https://login.microsoftonline.com/", want: "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"},
		{base: "https://login.microsoftonline.us", want: "https://login.microsoftonline.us/" + tenant + "/oauth2/v2.0/token"},
		{base: "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token", want: "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token"},
		{base: "https://127.0.0.1:8443/", want: "https://127.0.0.1:8443/" + tenant + "/oauth2/v2.0/token"},
		{base: "https://[::1]:8443/base/", want: "https://[::1]:8443/base/" + tenant + "/oauth2/v2.0/token"},
		{base: "http://127.0.0.1:8080/", err: "clear text"}, // not even to this machine
		{base: "http://login.microsoftonline.com/", err: "clear text"},
		{base: "ftp://x/", err: "want https"},
		{base: "login.microsoftonline.com", err: "not an absolute URL"},
		{base: "https://u:p@login.microsoftonline.com/", err: "credentials"},
	}
	for _, tt := range tests {
		got, err := Endpoint(tt.base, tenant)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Endpoint(%q) err = %v, want %q", tt.base, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Endpoint(%q) = %q, %v; want %q", tt.base, got, err, tt.want)
		}
	}
}

func FuzzEndpoint(f *testing.F) {
	for _, s := range []string{"https://login.microsoftonline.com/", "http://127.0.0.1:1/x", "https://h/a/oauth2/v2.0/token", "http://[::1]/"} {
		f.Add(s, tenant)
	}
	f.Fuzz(func(t *testing.T, base, tn string) {
		if ValidateTenant(tn) != nil {
			return
		}
		got, err := Endpoint(base, tn)
		if err != nil {
			return
		}
		if !strings.HasPrefix(got, "https://") && !strings.HasPrefix(got, "http://") {
			t.Fatalf("Endpoint(%q) = %q", base, got)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatalf("Endpoint(%q) = %q does not parse: %v", base, got, err)
		}
		if u.Scheme != "https" {
			t.Fatalf("the secret would not travel over https: %q", got)
		}
		if !strings.HasSuffix(got, "/token") {
			t.Fatalf("Endpoint(%q) = %q does not end in /token", base, got)
		}
		// An endpoint built from an authority names the tenant it was given.
		bu, _ := url.Parse(strings.TrimSpace(base))
		if bp := strings.TrimRight(bu.Path, "/"); !(strings.Contains(bp, "/oauth2/") && strings.HasSuffix(bp, "/token")) {
			if _, err := CheckEndpointTenant(got, tn); err != nil || !strings.EqualFold(EndpointTenant(got), tn) {
				t.Fatalf("Endpoint(%q, %q) = %q names %q: %v", base, tn, got, EndpointTenant(got), err)
			}
		}
	})
}

func TestScope(t *testing.T) {
	tests := []struct {
		tokenURL, installScope, cloud string
		want, note, err               string
	}{
		{tokenURL: "https://login.microsoftonline.com/t/oauth2/v2.0/token", want: "https://graph.microsoft.com/.default"},
		{tokenURL: "https://login.microsoftonline.com/t/oauth2/v2.0/token", installScope: "offline_access%20https://graph.microsoft.com/.default", want: "https://graph.microsoft.com/.default"},
		{tokenURL: "https://login.microsoftonline.us/t/oauth2/v2.0/token", want: "https://graph.microsoft.us/.default", note: "--cloud dod"},
		{tokenURL: "https://login.microsoftonline.us/t/oauth2/v2.0/token", cloud: "dod", want: "https://dod-graph.microsoft.us/.default"},
		{tokenURL: "https://login.partner.microsoftonline.cn/t/oauth2/v2.0/token", want: "https://microsoftgraph.chinacloudapi.cn/.default"},
		{tokenURL: "http://127.0.0.1:9/t/oauth2/v2.0/token", want: "https://graph.microsoft.com/.default", note: "not a Microsoft sign-in host"},
		{tokenURL: "https://login.microsoftonline.us/t/oauth2/v2.0/token", installScope: "offline_access%20https://graph.microsoft.com/.default",
			want: "https://graph.microsoft.com/.default", note: "not interchangeable"},
		{tokenURL: "https://login.microsoftonline.com/t/oauth2/v2.0/token", installScope: "offline_access", want: "https://graph.microsoft.com/.default", note: "names no resource"},
		{tokenURL: "https://login.microsoftonline.com/t/oauth2/v2.0/token", cloud: "mars", err: "unknown cloud"},
	}
	for _, tt := range tests {
		got, notes, err := Scope(tt.tokenURL, tt.installScope, tt.cloud)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Scope err = %v, want %q", err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("Scope(%q, %q, %q) = %q, %v; want %q", tt.tokenURL, tt.installScope, tt.cloud, got, err, tt.want)
		}
		joined := strings.Join(notes, "\n")
		if tt.note != "" && !strings.Contains(joined, tt.note) || tt.note == "" && joined != "" {
			t.Errorf("Scope(%q, %q, %q) notes %q, want %q", tt.tokenURL, tt.installScope, tt.cloud, notes, tt.note)
		}
	}
}

// endpoint is a local token endpoint answering the documented bodies.
type endpoint struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests int
	bad      []string
}

func body(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "token", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newEndpoint(t *testing.T) *endpoint {
	e := &endpoint{}
	bodies := map[string][]byte{}
	for _, n := range []string{"secret-id-pasted.json", "secret-expired.json", "tenant-not-found.json", "app-not-found.json", "success.json"} {
		bodies[n] = body(t, n)
	}
	e.srv = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		e.requests++
		e.mu.Unlock()
		fail := func(msg string) {
			e.mu.Lock()
			e.bad = append(e.bad, msg)
			e.mu.Unlock()
		}
		if r.Method != http.MethodPost || r.Header.Get("Authorization") != "" {
			fail("not a POST with the credentials in the body: " + r.Method + " " + r.Header.Get("Authorization"))
		}
		if err := r.ParseForm(); err != nil {
			fail(err.Error())
		}
		if r.PostForm.Get("grant_type") != "client_credentials" || r.PostForm.Get("scope") == "" {
			fail("form " + r.PostForm.Encode())
		}
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		tn, id, sec := parts[0], r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		answer := func(status int, name string) {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(status)
			_, _ = w.Write(bodies[name])
		}
		switch {
		case tn != tenant:
			answer(400, "tenant-not-found.json")
		case id != clientID:
			answer(400, "app-not-found.json")
		case sec == "expired-"+secret:
			answer(401, "secret-expired.json")
		case sec != secret:
			answer(401, "secret-id-pasted.json")
		default:
			answer(200, "success.json")
		}
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func TestCheckAgainstLocalEndpoint(t *testing.T) {
	e := newEndpoint(t)
	tests := []struct {
		name, tenant, clientID, secret string
		ok                             bool
		status, code                   int
		note                           string
	}{
		{"success", tenant, clientID, secret, true, 200, 0, ""},
		{"secret ID pasted", tenant, clientID, "6a1b2c3d-0000-4000-8000-0000000000ab", false, 401, 7000215, "secret's ID"},
		{"expired secret", tenant, clientID, "expired-" + secret, false, 401, 7000222, ""},
		{"unknown tenant", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee", clientID, secret, false, 400, 90002, ""},
		{"unknown app", tenant, "99999999-8888-4777-8666-555555555555", secret, false, 400, 700016, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.requests
			u, err := Endpoint(e.srv.URL+"/", tt.tenant)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			r := Check(ctx, Config{TokenURL: u, Tenant: tt.tenant, ClientID: tt.clientID, Secret: tt.secret, Scope: "https://graph.microsoft.com/.default"}, testClient(e.srv))
			if r.OK != tt.ok || r.Status != tt.status {
				t.Fatalf("ok=%v status=%d (%s)", r.OK, r.Status, r.Message)
			}
			if tt.code != 0 && (len(r.Errors) != 1 || r.Errors[0].Code != tt.code || !r.Errors[0].Known || r.Errors[0].Fix == "" || r.Errors[0].TraceID == "") {
				t.Fatalf("errors %+v", r.Errors)
			}
			if tt.code == 0 && len(r.Errors) != 0 {
				t.Fatalf("errors %+v", r.Errors)
			}
			if e.requests-before != 1 {
				t.Fatalf("%d requests; AuthStyleInParams sends exactly one", e.requests-before)
			}
			joined := strings.Join(r.Notes, "\n")
			if !strings.Contains(joined, "not checked") || tt.note != "" && !strings.Contains(joined, tt.note) {
				t.Errorf("notes %q", r.Notes)
			}
			b, _ := json.Marshal(r)
			if strings.Contains(string(b), tt.secret) || strings.Contains(string(b), "TEST-TOKEN") {
				t.Fatalf("the secret or the token is in the report: %s", b)
			}
		})
	}
	if len(e.bad) > 0 {
		t.Fatalf("bad requests: %q", e.bad)
	}
}

func TestCheckHostileEndpoints(t *testing.T) {
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	tests := []struct {
		name    string
		handler http.HandlerFunc
		msg     string
	}{
		{"echoes the secret", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"AADSTS90014: bad body ` + r.PostForm.Encode() + ` secret=` + r.PostForm.Get("client_secret") + `"}`))
		}, "AADSTS90014"},
		{"html from a proxy", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(502)
			_, _ = w.Write([]byte("<html><body>Bad gateway\x00\x01</body></html>"))
		}, "HTTP 502"},
		{"huge body", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(400)
			for i := 0; i < 64; i++ {
				if _, err := w.Write([]byte(strings.Repeat("x", 1<<20))); err != nil {
					return
				}
			}
		}, "HTTP 400"},
		{"huge header", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Big", strings.Repeat("y", 200<<10))
			w.WriteHeader(200)
		}, "larger than 64 KiB"},
		{"never answers", func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body) // so the server notices the client leaving
			select {
			case <-hang:
			case <-r.Context().Done():
			}
		}, "no answer"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "http://127.0.0.1:1/elsewhere", http.StatusTemporaryRedirect)
		}, "HTTP 307"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewTLSServer(tt.handler)
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 1*time.Second)
			defer cancel()
			r := Check(ctx, Config{TokenURL: srv.URL + "/" + tenant + "/oauth2/v2.0/token", Tenant: tenant, ClientID: clientID, Secret: secret, Scope: "s"}, testClient(srv))
			b, _ := json.Marshal(r)
			if r.OK || !strings.Contains(string(b), tt.msg) {
				t.Fatalf("got %s", b)
			}
			if strings.Contains(string(b), secret) || strings.Contains(string(b), strings.ReplaceAll(secret, "~", "%7E")) {
				t.Fatalf("the secret leaked: %s", b)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := Check(context.Background(), Config{TokenURL: "https://" + addr + "/t/oauth2/v2.0/token", Secret: secret, Scope: "s"}, NewClient())
	if r.OK || !strings.Contains(r.Message, "refused") || r.Status != 0 {
		t.Fatalf("got %+v", r)
	}
}

func TestCheckEndpointTenant(t *testing.T) {
	other := "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
	tests := []struct {
		endpoint, tenant string
		named, note, err string
	}{
		{endpoint: "https://login.microsoftonline.com/", tenant: tenant},
		{endpoint: "https://login.microsoftonline.com/" + tenant + "/oauth2/v2.0/token", tenant: tenant, named: tenant},
		{endpoint: "https://login.microsoftonline.com/" + strings.ToUpper(tenant) + "/oauth2/v2.0/token", tenant: tenant, named: strings.ToUpper(tenant)},
		{endpoint: "https://login.microsoftonline.com/" + other + "/oauth2/v2.0/token", tenant: tenant, named: other, err: "but --tenant is"},
		{endpoint: "https://login.microsoftonline.com/" + other + "/oauth2/token", tenant: tenant, named: other, err: "but --tenant is"},
		{endpoint: "https://login.microsoftonline.com/fabrikam.com/oauth2/v2.0/token", tenant: "contoso.com", named: "fabrikam.com", err: "but --tenant is"},
		{endpoint: "https://login.microsoftonline.com/organizations/oauth2/v2.0/token", tenant: tenant, named: "organizations", err: "single-tenant"},
		{endpoint: "https://login.microsoftonline.com/contoso.com/oauth2/v2.0/token", tenant: tenant, named: "contoso.com", note: "cannot tell offline"},
		{endpoint: "https://proxy.example.com/base/" + other + "/oauth2/v2.0/token/", tenant: tenant, named: other, err: "but --tenant is"},
	}
	for _, tt := range tests {
		if got := EndpointTenant(tt.endpoint); got != tt.named {
			t.Errorf("EndpointTenant(%q) = %q, want %q", tt.endpoint, got, tt.named)
		}
		note, err := CheckEndpointTenant(tt.endpoint, tt.tenant)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("CheckEndpointTenant(%q, %q) err = %v, want %q", tt.endpoint, tt.tenant, err, tt.err)
			}
			continue
		}
		if err != nil || !strings.Contains(note, tt.note) || (tt.note == "") != (note == "") {
			t.Errorf("CheckEndpointTenant(%q, %q) = %q, %v", tt.endpoint, tt.tenant, note, err)
		}
	}
}

// The secret is masked however an echoing endpoint encodes it, in one pass
// (the mask itself is never masked again).
func TestRedactEveryEncoding(t *testing.T) {
	const s = `Ab+/c~D9%20"q\x é`
	forms := []string{
		s,
		url.QueryEscape(s),
		url.PathEscape(s),
		`Ab%2B/c~D9%2520%22q%5Cx%20%C3%A9`, // encodeURI-style: '/' kept
		`Ab%2b%2fc~D9%2520%22q%5cx+%c3%a9`, // lower-case hex, '+' for space
		`Ab+\/c~D9%20\"q\\x \u00e9`,        // JSON-escaped
		base64.StdEncoding.EncodeToString([]byte(s)),
		base64.RawURLEncoding.EncodeToString([]byte(s)),
		hex.EncodeToString([]byte(s)),
		strings.ToUpper(hex.EncodeToString([]byte(s))),
		// HTML-escaped, as a page that echoes the form may: every
		// character, or only some, in decimal, hex or by name.
		`Ab+/c&#126;D9%20&quot;q\x é`,
		`Ab&plus;&sol;c&#x7E;D9&#37;20"q&bsol;x&#32;&#233;`,
		`&#065;b+/c&#x007e;D9%20&#34q\x é`, // leading zeros, a missing ';'
	}
	for _, f := range forms {
		r := &Report{Message: "echo: <" + f + "> end", Notes: []string{"redacted " + f}}
		Redact(r, s)
		if r.Message != "echo: <[redacted]> end" || r.Notes[0] != "redacted [redacted]" {
			t.Errorf("form %q: message %q, note %q", f, r.Message, r.Notes[0])
		}
	}
	// The token URL and the notes made from it carry the secret when the
	// admin put it there.
	r := &Report{TokenURL: "https://login.example.com/" + s + "/oauth2/v2.0/token", Scope: "x"}
	Redact(r, s)
	if r.TokenURL != "https://login.example.com/[redacted]/oauth2/v2.0/token" {
		t.Errorf("token URL: %q", r.TokenURL)
	}
	if m := Masker("")("keep"); m != "keep" {
		t.Errorf("Masker(\"\") changed the text: %q", m)
	}

	// Not valid UTF-8: matched as sent and percent-encoded.
	bad := "sec\xffret-0123456789"
	r = &Report{Message: "a " + bad + " b " + url.QueryEscape(bad)}
	Redact(r, bad)
	if r.Message != "a [redacted] b [redacted]" {
		t.Errorf("invalid UTF-8: %q", r.Message)
	}
}

// testClient is NewClient, trusting the test server's certificate: the
// token request goes over https only.
func testClient(srv *httptest.Server) *http.Client {
	c := NewClient()
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return c
}

func TestCheckNeverSendsOverHTTP(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	r := Check(context.Background(), Config{TokenURL: srv.URL + "/t/oauth2/v2.0/token", Secret: secret, Scope: "s"}, NewClient())
	if r.OK || hits != 0 || !strings.Contains(r.Message, "not sent") {
		t.Fatalf("hits %d, report %+v", hits, r)
	}
}

// TestRedirectIsReportedAsARedirect: a 3xx answer is worded as a redirect
// (where to, not followed because the secret is in the body, the token URL
// is probably wrong), not as a refusal; its Location is masked like the rest.
func TestRedirectIsReportedAsARedirect(t *testing.T) {
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		status   int
		location string
	}{
		{"307 with Location", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://login.example.net/other", http.StatusTemporaryRedirect)
		}, 307, "https://login.example.net/other"},
		{"302 echoing the secret", func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			w.Header().Set("Location", "https://sso.example.net/?s="+url.QueryEscape(r.PostForm.Get("client_secret")))
			w.WriteHeader(302)
		}, 302, "https://sso.example.net/?s=[redacted]"},
		{"301 without Location", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(301) }, 301, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewTLSServer(tt.handler)
			defer srv.Close()
			r := Check(context.Background(), Config{TokenURL: srv.URL + "/" + tenant + "/oauth2/v2.0/token", Tenant: tenant, ClientID: clientID, Secret: secret, Scope: "s"}, testClient(srv))
			want := fmt.Sprintf("the token endpoint redirected (HTTP %d) ", tt.status)
			if tt.location != "" {
				want += "to " + tt.location + ";"
			} else {
				want += "without saying where"
			}
			if r.OK || r.Status != tt.status || r.Location != tt.location || !strings.Contains(r.Message, want) ||
				strings.Contains(r.Message, "refused") || !strings.Contains(r.Message, "does not follow") ||
				!strings.Contains(r.Message, "client secret is in the request body") || !strings.Contains(r.Message, "token URL is probably wrong") {
				t.Fatalf("status %d location %q\n%s", r.Status, r.Location, r.Message)
			}
		})
	}
}

// TestEchoCutIsMaskedFirst: an endpoint that echoes the secret, in any
// encoding, where the excerpt of its answer is cut short must not leave the
// first part of the secret in the report: the answer is masked whole before
// it is cut (a QA run saw up to 36 characters printed).
func TestEchoCutIsMaskedFirst(t *testing.T) {
	encodings := map[string]func(string) string{
		"raw":     func(s string) string { return s },
		"percent": url.QueryEscape,
		"base64":  func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"json":    func(s string) string { return strings.ReplaceAll(s, "~", `\u007e`) },
		"html-dec": func(s string) string {
			var b strings.Builder
			for _, r := range s {
				fmt.Fprintf(&b, "&#%d;", r)
			}
			return b.String()
		},
		"html-hex": func(s string) string {
			var b strings.Builder
			for _, r := range s {
				fmt.Fprintf(&b, "&#x%x;", r)
			}
			return b.String()
		},
	}
	for name, enc := range encodings {
		for _, pad := range []int{0, 150, 180, 190, 199, 230, 390} {
			for _, where := range []string{"body", "description", "location"} {
				t.Run(fmt.Sprintf("%s/%d/%s", name, pad, where), func(t *testing.T) {
					srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						_ = r.ParseForm()
						echo := strings.Repeat("E", pad) + " " + enc(r.PostForm.Get("client_secret")) + " end"
						switch where {
						case "body":
							w.Header().Set("Content-Type", "text/plain")
							w.WriteHeader(400)
							_, _ = io.WriteString(w, echo)
						case "description":
							w.Header().Set("Content-Type", "application/json")
							w.WriteHeader(400)
							b, _ := json.Marshal(map[string]string{"error": "invalid_client", "error_description": echo})
							_, _ = w.Write(b)
						case "location":
							w.Header().Set("Location", "https://elsewhere.example/?q="+strings.ReplaceAll(echo, " ", "+"))
							w.WriteHeader(302)
						}
					}))
					defer srv.Close()
					r := Check(context.Background(), Config{TokenURL: srv.URL + "/" + tenant + "/oauth2/v2.0/token", Tenant: tenant, ClientID: clientID, Secret: secret, Scope: "s"}, testClient(srv))
					b, _ := json.Marshal(r)
					out := string(b) + r.Message + r.Location
					if r.OK || r.Status == 0 {
						t.Fatalf("no answer seen: %s", b)
					}
					// No 6 characters of the secret in a row, in any of the
					// encodings, survive.
					for i := 0; i+6 <= len(secret); i++ {
						part := secret[i : i+6]
						for _, form := range []string{part, url.QueryEscape(part), enc(part)} {
							if strings.Contains(out, form) {
								t.Fatalf("%q of the secret leaked: %s", form, out)
							}
						}
					}
				})
			}
		}
	}
}
