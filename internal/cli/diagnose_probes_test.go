package cli

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	keystore "github.com/pavlo-v-chernykh/keystore-go/v4"
	"github.com/whdctl/whdctl/diagnose/token"
	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// runCLI runs whdctl in-process with its own environment.
func runCLI(tb testing.TB, vars map[string]string, stdin io.Reader, args ...string) (int, string, string) {
	if tb != nil {
		tb.Helper()
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	var out, errb bytes.Buffer
	e := &env{stdin: stdin, stdout: &out, stderr: &errb, getenv: func(k string) string { return vars[k] }}
	code := run(append([]string{"whdctl"}, args...), e)
	return code, out.String(), errb.String()
}

func jsonKeys(t *testing.T, s string) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not a JSON object: %q: %v", s, err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func hasKeys(t *testing.T, s string, want ...string) {
	t.Helper()
	got := strings.Join(jsonKeys(t, s), ",")
	for _, k := range want {
		if !strings.Contains(","+got+",", ","+k+",") {
			t.Errorf("JSON lacks %q (has %s)", k, got)
		}
	}
}

// unrelatedCert is a self-signed certificate no test server uses.
func unrelatedCert(t testing.TB) *x509.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "Unrelated Root"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// trustStoreFor writes a PKCS12 truststore holding certs.
func trustStoreFor(t testing.TB, password string, certs ...*x509.Certificate) string {
	t.Helper()
	data, err := pkcs12.Modern.WithIterations(1000).EncodeTrustStore(certs, password)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "trust.p12")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	testTenant   = "0b6f1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
	testClientID = "11111111-2222-4333-8444-555555555555"
	testSecret   = "Qm8~x9.AbCdEfGhIjKl-secret-value_45"
)

func tokenEndpoint(t *testing.T) *httptest.Server {
	t.Helper()
	body := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "..", "diagnose", "testdata", "token", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ok, bad := body("success.json"), body("secret-id-pasted.json")
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		w.Header().Set("Content-Type", "application/json")
		if r.PostForm.Get("client_secret") == testSecret && strings.Contains(r.URL.Path, testTenant) {
			_, _ = w.Write(ok)
			return
		}
		w.WriteHeader(401)
		_, _ = w.Write(bad)
	}))
	t.Cleanup(srv.Close)
	trustTokenServer(t, srv)
	return srv
}

// trustTokenServer makes the token request trust srv's certificate for the
// rest of the test: it goes over https only.
func trustTokenServer(t *testing.T, srv *httptest.Server) {
	t.Helper()
	saved := newTokenClient
	newTokenClient = func() *http.Client {
		c := token.NewClient()
		pool := x509.NewCertPool()
		pool.AddCert(srv.Certificate())
		c.Transport.(*http.Transport).TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		return c
	}
	t.Cleanup(func() { newTokenClient = saved })
}

func TestDiagnoseToken(t *testing.T) {
	srv := tokenEndpoint(t)
	secretFile := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(secretFile, []byte(testSecret+"\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", srv.URL + "/"}
	var outputs []string
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"secret from the environment", map[string]string{clientSecretEnv: testSecret}, nil, 0, "ok: Entra issued"},
		{"secret from a file", nil, []string{"--client-secret-file", secretFile}, 0, "ok: Entra issued"},
		{"json", map[string]string{clientSecretEnv: testSecret}, []string{"-o", "json"}, 0, `"ok": true`},
		{"wrong secret", map[string]string{clientSecretEnv: "6a1b2c3d-0000-4000-8000-0000000000ab"}, nil, 1, "AADSTS7000215"},
		{"wrong secret json", map[string]string{clientSecretEnv: "wrong-secret-Value~0123456789"}, []string{"-o", "json"}, 1, `"code": 7000215`},
		{"no secret, no terminal", nil, nil, 3, "no client secret: set WHDCTL_CLIENT_SECRET"},
		{"secret twice", map[string]string{clientSecretEnv: testSecret}, []string{"--client-secret-file", secretFile}, 2, "given twice"},
		{"secret on the command line", nil, []string{"--client-secret", testSecret}, 2, "not accepted"},
		{"missing secret file", nil, []string{"--client-secret-file", secretFile + ".nope"}, 3, "no such file"},
		{"spaces around the secret", map[string]string{clientSecretEnv: "  " + testSecret + "\t "}, nil, 0, "ok: Entra issued"},
		{"blank secret", map[string]string{clientSecretEnv: "   "}, nil, 3, "the client secret is blank"},
		{"too short to be a secret", map[string]string{clientSecretEnv: "a"}, nil, 3, "only 1 characters long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.vars, nil, append(append([]string{}, base...), tt.args...)...)
			outputs = append(outputs, out, errOut)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tt.code, out, errOut)
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") {
				hasKeys(t, out, "token_url", "tenant", "client_id", "ok", "errors")
			}
		})
	}
	for _, o := range outputs {
		if strings.Contains(o, testSecret) {
			t.Fatalf("the client secret appears in the output:\n%s", o)
		}
	}
}

func TestDiagnoseTokenUsage(t *testing.T) {
	vars := map[string]string{clientSecretEnv: testSecret}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--client-id", testClientID}, "needs --tenant and --client-id"},
		{[]string{"--tenant", "common", "--client-id", testClientID}, "single-tenant"},
		{[]string{"--tenant", testTenant, "--client-id", "whd"}, "not a GUID"},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--token-url", "http://login.example.com/"}, "clear text"},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--cloud", "mars"}, "unknown cloud"},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "--timeout", "0s"}, "--timeout"},
		{[]string{"--tenant", testTenant, "--client-id", testClientID, "extra"}, "takes no arguments"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, vars, nil, append([]string{"diagnose", "token"}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, %q %q; want 2 mentioning %q", tt.args, code, out, errOut, tt.want)
		}
	}
}

// fakeTerminal makes stdin a terminal that types what it is given.
func fakeTerminal(t *testing.T, typed string, err error) {
	t.Helper()
	oldFD, oldRead := terminalFD, readPassword
	terminalFD = func(io.Reader) (int, bool) { return 42, true }
	readPassword = func(fd int) ([]byte, error) {
		if fd != 42 {
			t.Errorf("read from fd %d", fd)
		}
		return []byte(typed), err
	}
	t.Cleanup(func() { terminalFD, readPassword = oldFD, oldRead })
}

func TestSecretPrompt(t *testing.T) {
	srv := tokenEndpoint(t)
	args := []string{"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID, "--token-url", srv.URL + "/"}
	fakeTerminal(t, testSecret, nil)
	code, out, errOut := runCLI(t, nil, nil, args...)
	if code != 0 || !strings.Contains(errOut, "Client secret (its Value): ") || strings.Contains(out+errOut, testSecret) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	fakeTerminal(t, "", nil)
	if code, _, errOut := runCLI(t, nil, nil, args...); code != 3 || !strings.Contains(errOut, "no client secret was typed") {
		t.Fatalf("empty: exit %d %s", code, errOut)
	}
	fakeTerminal(t, "", errors.New("interrupted"))
	if code, _, errOut := runCLI(t, nil, nil, args...); code != 3 || !strings.Contains(errOut, "interrupted") {
		t.Fatalf("error: exit %d %s", code, errOut)
	}
}

func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	spec := secretSpec{what: "EWS password", envVar: "X", fileFlag: "password-file"}
	tests := []struct {
		content string
		want    string
		err     string
	}{
		{"pw\n", "pw", ""},
		{"pw\r\n", "pw", ""},
		// Editors' additions are removed: a BOM, whitespace at both ends.
		{" spaced pw ", "spaced pw", ""},
		{"\ufeffpw\r\n", "pw", ""},
		{"\ufeff  pass word\t \r\n\r\n", "pass word", ""},
		{"\n\npw\n", "pw", ""},
		{"\ufeff\r\n", "", "is empty"},
		{"", "", "is empty"},
		{"\n", "", "is empty"},
		{"a\nb\n", "", "more than one line"},
		{strings.Repeat("x", maxSecretFile+1), "", "larger than"},
	}
	for i, tt := range tests {
		p := filepath.Join(dir, "f"+string(rune('a'+i)))
		if err := os.WriteFile(p, []byte(tt.content), 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := readSecretFile(p, spec)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || strings.Contains(err.Error(), tt.content) && len(tt.content) > 2 {
				t.Errorf("%q: err = %v", tt.content, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%q: got %q, %v", tt.content, got, err)
		}
	}
	if _, err := readSecretFile(dir, spec); err == nil || !strings.Contains(err.Error(), "folder") {
		t.Errorf("folder: %v", err)
	}
}

func TestDiagnoseEWS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); ok && u == "svc" && p == "pw-Secret-9" {
			return
		}
		w.Header().Add("WWW-Authenticate", "Negotiate")
		w.Header().Add("WWW-Authenticate", "NTLM")
		w.Header().Add("WWW-Authenticate", `Basic realm="mail.contoso.com"`)
		w.Header().Set("X-FEServer", "EX01")
		w.WriteHeader(401)
	}))
	defer srv.Close()
	store := trustStoreFor(t, "changeit", srv.Certificate())
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("WWW-Authenticate", "Negotiate,NTLM")
		w.WriteHeader(401)
	}))
	defer plain.Close()
	pwVars := map[string]string{ewsPasswordEnv: "pw-Secret-9"}
	var outputs []string
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"challenges", nil, []string{"--url", srv.URL, "--truststore", store}, 0, "server:     on-premises"},
		{"json contract", nil, []string{"--url", srv.URL, "--truststore", store, "-o", "json"}, 0, `"server_kind": "on-premises"`},
		{"sign in", pwVars, []string{"--url", srv.URL, "--truststore", store, "--username", "svc"}, 0, "sign-in:    as svc: HTTP 200"},
		{"wrong password", map[string]string{ewsPasswordEnv: "nope"}, []string{"--url", srv.URL, "--truststore", store, "--username", "svc"}, 1, "refused"},
		{"no Basic", nil, []string{"--url", plain.URL}, 1, "enable Basic Authentication"},
		{"untrusted", pwVars, []string{"--url", srv.URL, "--truststore", trustStoreFor(t, "changeit", unrelatedCert(t)), "--username", "svc", "-o", "json"}, 1, `"failure": "self-signed"`},
		{"credentials over http", pwVars, []string{"--url", plain.URL, "--username", "svc"}, 2, "plain http"},
		{"password file without username", nil, []string{"--url", plain.URL, "--password-file", "x"}, 2, "needs --username"},
		{"password on the command line", nil, []string{"--url", srv.URL, "--password", "pw-Secret-9"}, 2, "not accepted"},
		{"no password", nil, []string{"--url", srv.URL, "--truststore", store, "--username", "svc"}, 3, "no EWS password"},
		{"bad url", nil, []string{"--url", "ftp://x/"}, 2, "must be https"},
		{"no url", nil, nil, 2, "needs --url"},
		{"no truststore for https", nil, []string{"--url", srv.URL}, 3, "no Java truststore found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.vars, nil, append([]string{"diagnose", "ews"}, tt.args...)...)
			outputs = append(outputs, out, errOut)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tt.code, out, errOut)
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") {
				hasKeys(t, out, "url", "status", "challenges", "basic_offered", "basic_realm", "server_kind", "ok", "advice")
			}
		})
	}
	for _, o := range outputs {
		if strings.Contains(o, "pw-Secret-9") {
			t.Fatalf("the password appears in the output:\n%s", o)
		}
	}
}

func TestDiagnoseTruststoreCLI(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")
	pinned := trustStoreFor(t, "St0re-pass!", srv.Certificate())
	dir := t.TempDir()
	export := filepath.Join(dir, "server.pem")
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	tests := []struct {
		name string
		vars map[string]string
		args []string
		code int
		want string
	}{
		{"trusted", map[string]string{"WHDCTL_STOREPASS": "St0re-pass!"}, []string{"--host", host, "--truststore", pinned}, 0, "ok: Java trusts this server"},
		{"json contract", map[string]string{"WHDCTL_STOREPASS": "St0re-pass!"}, []string{"--host", host, "--truststore", pinned, "-o", "json"}, 0, `"trusted": true`},
		{"not trusted, exported", nil, []string{"--host", host, "--truststore", trustStoreFor(t, "changeit", unrelatedCert(t)), "--export-cert", export}, 1, "-file " + export},
		{"empty store", nil, []string{"--host", host, "--truststore", trustStoreFor(t, "changeit")}, 3, "trustAnchors parameter must be non-empty"},
		{"cannot connect", map[string]string{"WHDCTL_STOREPASS": "St0re-pass!"}, []string{"--host", closed, "--truststore", pinned, "-o", "json"}, 1, `"failure": "connect"`},
		{"wrong store password", map[string]string{"WHDCTL_STOREPASS": "nope"}, []string{"--host", host, "--truststore", pinned}, 3, "wrong password"},
		{"default password is wrong", nil, []string{"--host", host, "--truststore", pinned}, 3, "WHDCTL_STOREPASS"},
		{"no host", nil, []string{"--truststore", pinned}, 2, "needs --host"},
		{"bad host", nil, []string{"--host", "http://x/", "--truststore", pinned}, 2, "only https"},
		{"bad storetype", nil, []string{"--host", host, "--truststore", pinned, "--storetype", "bks"}, 2, "--storetype"},
		{"bad timeout", nil, []string{"--host", host, "--timeout", "-1s"}, 2, "--timeout"},
		{"store password on the command line", nil, []string{"--host", host, "--storepass", "x"}, 2, "WHDCTL_STOREPASS"},
		{"no truststore", nil, []string{"--host", host}, 3, "no Java truststore found"},
		{"missing whd home", nil, []string{"--host", host, "--whd-home", filepath.Join(dir, "nope")}, 3, "--whd-home"},
		{"JAVA_HOME", map[string]string{"JAVA_HOME": filepath.Join(dir, "jdk")}, []string{"--host", host}, 3, "no Java truststore found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.vars, nil, append([]string{"diagnose", "truststore"}, tt.args...)...)
			if code != tt.code || !strings.Contains(out+errOut, tt.want) {
				t.Fatalf("exit %d (want %d)\n%s%s", code, tt.code, out, errOut)
			}
			if strings.Contains(out+errOut, "St0re-pass!") {
				t.Fatalf("the store password appears in the output")
			}
			if strings.Contains(strings.Join(tt.args, " "), "json") {
				hasKeys(t, out, "host", "port", "truststore", "truststore_type", "trusted", "hostname_ok", "failure", "chain", "import_cert", "fix")
			}
		})
	}
	if b, err := os.ReadFile(export); err != nil || !bytes.HasPrefix(b, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Fatalf("--export-cert: %q %v", b, err)
	}
}

func TestDiagnoseAuthorizeURL(t *testing.T) {
	base := []string{"diagnose", "authorize-url", "--tenant", testTenant, "--client-id", testClientID}
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--server-dns-name", "helpdesk.contoso.com", "--port", "8443"}, 0, "redirect_uri=https%3A%2F%2Fhelpdesk.contoso.com%3A8443%2Fhelpdesk%2Foauth-redirect"},
		{[]string{"--server-dns-name", "helpdesk.contoso.com"}, 0, "redirect URI: https://helpdesk.contoso.com/helpdesk/oauth-redirect"},
		{[]string{"--server-dns-name", "helpdesk.contoso.com", "--cloud", "gcch"}, 0, "https://login.microsoftonline.us/" + testTenant + "/oauth2/v2.0/authorize"},
		{[]string{"--server-dns-name", "helpdesk.contoso.com", "--cloud", "gcch"}, 0, "scope=offline_access+https%3A%2F%2Fgraph.microsoft.us%2F.default"},
		{[]string{"--server-dns-name", "localhost"}, 1, "WHD402"},
		{[]string{"--redirect-uri", "http://helpdesk.contoso.com/helpdesk/oauth-redirect"}, 1, "WHD401"},
		{[]string{"--server-dns-name", "helpdesk.contoso.com", "-o", "json"}, 0, `"ok": true`},
		{nil, 2, "needs --dns-name"},
		{[]string{"--server-dns-name", "h.contoso.com", "--port", "0"}, 2, "--port"},
		{[]string{"--redirect-uri", "::not a uri"}, 2, "--redirect-uri"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, nil, nil, append(append([]string{}, base...), tt.args...)...)
		if code != tt.code || !strings.Contains(out+errOut, tt.want) {
			t.Errorf("%v: exit %d (want %d)\n%s%s", tt.args, code, tt.code, out, errOut)
		}
		if strings.Contains(strings.Join(tt.args, " "), "json") {
			hasKeys(t, out, "url", "tenant", "client_id", "redirect_uri", "scope", "ok", "findings")
		}
	}
}

// jksFor writes a JKS truststore (as the JDK's own cacerts up to JDK 17).
func jksFor(t testing.TB, path, password string, certs ...*x509.Certificate) {
	t.Helper()
	ks := keystore.New()
	for i, c := range certs {
		if err := ks.SetTrustedCertificateEntry("ca"+strconv.Itoa(i), keystore.TrustedCertificateEntry{
			CreationTime: time.Now(), Certificate: keystore.Certificate{Type: "X509", Content: c.Raw}}); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := ks.Store(&b, []byte(password)); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTruststoreFromInstall: the store in effect comes from the install's
// JVM options, else its bundled JRE; the fix uses that JRE's keytool.
func TestTruststoreFromInstall(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "https://")

	custom := filepath.Join(t.TempDir(), "whd-trust.p12")
	data, err := pkcs12.Modern.WithIterations(1000).EncodeTrustStore([]*x509.Certificate{srv.Certificate()}, "Pr0p-pass")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(custom, data, 0o644); err != nil {
		t.Fatal(err)
	}
	home := fakeHome(t, "javax.net.ssl.trustStore="+custom, "javax.net.ssl.trustStorePassword=Pr0p-pass", "javax.net.ssl.trustStoreType=JKS")
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "truststore", "--host", host, "--whd-home", home, "-o", "json")
	if code != 0 || !strings.Contains(out, `"truststore_source": "-Djavax.net.ssl.trustStore"`) || !strings.Contains(out, "declared JKS but its content is PKCS12") {
		t.Fatalf("property store: exit %d\n%s%s", code, out, errOut)
	}
	if strings.Contains(out+errOut, "Pr0p-pass") {
		t.Fatal("the property's password appears in the output")
	}

	bundled := fakeHome(t)
	jksFor(t, filepath.Join(bundled, "bin", "jre", "lib", "security", "cacerts"), "changeit", unrelatedCert(t))
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "truststore", "--host", host, "--whd-home", bundled)
	wantCmd := filepath.Join(bundled, "bin", "jre", "bin", "keytool") // the bundled JRE's keytool
	if code != 1 || !strings.Contains(out, "(JKS, bundled JRE)") || !strings.Contains(out, wantCmd) || !strings.Contains(out, "-storepass changeit") {
		t.Fatalf("bundled JRE: exit %d\n%s%s", code, out, errOut)
	}
}
