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
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/whdctl/whdctl/install"
)

func TestTermSafe(t *testing.T) {
	tests := map[string]string{
		"plain text, é, 日本":         "plain text, é, 日本",
		`DOMAIN\user`:               `DOMAIN\user`,
		"red \x1b[31mtext\x1b[0m":   `red \x1b[31mtext\x1b[0m`,
		"bell\a and tab\t and nl\n": `bell\x07 and tab\x09 and nl\x0a`,
		"del \x7f":                  `del \x7f`,
		"c1 \u009b2J":               `c1 \u009b2J`,
		"not utf-8 \xff\xfe":        `not utf-8 \xff\xfe`,
		"bidi \u202egnp.exe":        `bidi \u202egnp.exe`,
		"replacement \ufffd kept":   "replacement \ufffd kept",
		"":                          "",
	}
	for in, want := range tests {
		if got := termSafe(in); got != want {
			t.Errorf("termSafe(%q) = %q, want %q", in, got, want)
		}
		if again := termSafe(termSafe(in)); again != termSafe(in) {
			t.Errorf("termSafe is not idempotent on %q: %q", in, again)
		}
	}
}

func FuzzTermSafe(f *testing.F) {
	for _, s := range []string{"a\x1b[2Jb", "\xff", "\u202e", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := termSafe(s)
		if !utf8Valid(out) {
			t.Fatalf("termSafe(%q) = %q is not UTF-8", s, out)
		}
		for _, r := range out {
			if unsafeRune(r) {
				t.Fatalf("termSafe(%q) = %q keeps %U", s, out, r)
			}
		}
		if termSafe(out) != out {
			t.Fatalf("not idempotent on %q", s)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\x00") == s }

func TestEscapeForTerminal(t *testing.T) {
	type inner struct {
		Name   string
		Params map[string]string
	}
	type kind string
	type outer struct {
		A      string
		K      kind
		P      *kind
		List   []string
		Inner  []inner
		Ptr    *inner
		Raw    []byte
		hidden string
	}
	k := kind("k\x1b")
	v := &outer{A: "a\x1b", K: "k\x1b", P: &k, List: []string{"l\xff"}, Inner: []inner{{Name: "n\u202e", Params: map[string]string{"realm\x1b": "r\x1b"}}},
		Ptr: &inner{Name: "p\x07"}, Raw: []byte{0x1b}, hidden: "h\x1b"}
	escapeForTerminal(v)
	if v.A != `a\x1b` || v.K != `k\x1b` || *v.P != `k\x1b` || v.List[0] != `l\xff` || v.Inner[0].Name != `n\u202e` ||
		v.Inner[0].Params[`realm\x1b`] != `r\x1b` || len(v.Inner[0].Params) != 1 || v.Ptr.Name != `p\x07` || v.Raw[0] != 0x1b || v.hidden != "h\x1b" {
		t.Fatalf("got %+v %+v %+v", v, v.Inner, v.Ptr)
	}
}

// certWithName is a self-signed certificate for 127.0.0.1 whose subject is cn.
func certWithName(t testing.TB, cn string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, ca bool) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	sn, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{SerialNumber: sn, Subject: pkix.Name{CommonName: cn},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(90 * 24 * time.Hour), BasicConstraintsValid: true, IsCA: ca}
	if ca {
		tmpl.KeyUsage = x509.KeyUsageCertSign
	} else {
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
		tmpl.IssuingCertificateURL = []string{"http://pki.example.test/issuer.crt"}
	}
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c, key
}

// tlsServe serves chain (leaf first) on 127.0.0.1 and returns host:port.
func tlsServe(t testing.TB, key *ecdsa.PrivateKey, chain ...*x509.Certificate) string {
	t.Helper()
	cert := tls.Certificate{PrivateKey: key}
	for _, c := range chain {
		cert.Certificate = append(cert.Certificate, c.Raw)
	}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return strings.TrimPrefix(srv.URL, "https://")
}

// TestServerDataIsEscaped: certificate names with terminal escapes and
// bidi controls are printed escaped in text mode, and kept in JSON.
func TestServerDataIsEscaped(t *testing.T) {
	evil := "evil\x1b[2J\x1b]0;owned\a\u202eName"
	leaf, key := certWithName(t, evil, nil, nil, false)
	host := tlsServe(t, key, leaf)
	store := trustStoreFor(t, "changeit", unrelatedCert(t))
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "truststore", "--host", host, "--truststore", store)
	if code != 1 || strings.ContainsAny(out+errOut, "\x1b\a\u202e") || !strings.Contains(out, `CN=evil\x1b[2J\x1b]0\;owned\x07\u202eName`) {
		t.Fatalf("exit %d\n%q", code, out)
	}
	_, out, _ = runCLI(t, nil, nil, "diagnose", "truststore", "--host", host, "--truststore", store, "-o", "json")
	var r struct {
		Chain []struct{ Subject string } `json:"chain"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Chain) != 1 || r.Chain[0].Subject != "CN="+strings.ReplaceAll(evil, ";", `\;`) {
		t.Fatalf("JSON: %v %q", err, out)
	}
}

// TestTruststoreWarningsAndExport: warnings are always a JSON list;
// --export-cert keeps existing files unless --force, says nothing on a
// passing check, and agrees with the fix for a missing intermediate.
func TestTruststoreWarningsAndExport(t *testing.T) {
	ca, caKey := certWithName(t, "Export Test CA", nil, nil, true)
	leaf, leafKey := certWithName(t, "export leaf", ca, caKey, false)
	good := tlsServe(t, leafKey, leaf, ca)
	missing := tlsServe(t, leafKey, leaf)
	inter, interKey := certWithName(t, "Export Test Intermediate", ca, caKey, true)
	leaf2, leaf2Key := certWithName(t, "export leaf 2", inter, interKey, false)
	missingInter := tlsServe(t, leaf2Key, leaf2)
	store := trustStoreFor(t, "changeit", ca)
	dir := t.TempDir()

	code, out, _ := runCLI(t, nil, nil, "diagnose", "truststore", "--host", good, "--truststore", store, "-o", "json")
	if code != 0 || !strings.Contains(out, `"warnings": []`) {
		t.Fatalf("passing check: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, nil, "diagnose", "truststore", "--host", "127.0.0.1:1", "--truststore", store, "-o", "json")
	if code != 1 || !strings.Contains(out, `"warnings": []`) {
		t.Fatalf("no connection: exit %d\n%s", code, out)
	}

	// A passing check has nothing to export, and says nothing about it.
	pass := filepath.Join(dir, "pass.pem")
	code, out, _ = runCLI(t, nil, nil, "diagnose", "truststore", "--host", good, "--truststore", store, "--export-cert", pass)
	if _, err := os.Stat(pass); code != 0 || strings.Contains(out, "export-cert") || err == nil {
		t.Fatalf("passing check with --export-cert: exit %d\n%s", code, out)
	}

	// The leaf's issuer is the anchor itself: a one-certificate chain that
	// is trusted. Its intermediate missing: nothing can be written.
	if code, out, _ := runCLI(t, nil, nil, "diagnose", "truststore", "--host", missing, "--truststore", store); code != 0 {
		t.Fatalf("leaf under the anchor: exit %d\n%s", code, out)
	}
	issuer := filepath.Join(dir, "issuer-wanted.pem")
	code, out, _ = runCLI(t, nil, nil, "diagnose", "truststore", "--host", missingInter, "--truststore", store, "--export-cert", issuer, "-o", "json")
	var r struct {
		Failure  *string  `json:"failure"`
		Fix      string   `json:"fix"`
		Command  string   `json:"keytool_command"`
		Warnings []string `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != 1 || r.Failure == nil || *r.Failure != "missing-intermediate" {
		t.Fatalf("missing intermediate: exit %d\n%s", code, out)
	}
	w := strings.Join(r.Warnings, "\n")
	if strings.Contains(w, "no certificate to import would fix this") || !strings.Contains(w, "missing issuer") || !strings.Contains(w, "issuer.pem") ||
		!strings.Contains(r.Fix, `"CN=Export Test Intermediate"`) || !strings.Contains(r.Fix, "http://pki.example.test/issuer.crt") ||
		!strings.Contains(r.Command, "-file issuer.pem") {
		t.Fatalf("the export warning and the fix disagree:\nwarnings: %s\nfix: %s\ncommand: %s", w, r.Fix, r.Command)
	}

	// An existing file is kept, unless --force.
	self, selfKey := certWithName(t, "self", nil, nil, false)
	untrusted := tlsServe(t, selfKey, self)
	existing := filepath.Join(dir, "existing.pem")
	if err := os.WriteFile(existing, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "truststore", "--host", untrusted, "--truststore", store, "--export-cert", existing)
	if b, _ := os.ReadFile(existing); code != 2 || string(b) != "keep me" || !strings.Contains(errOut, "already exists") || out != "" {
		t.Fatalf("existing file: exit %d %q %q, file %q", code, out, errOut, b)
	}
	code, _, errOut = runCLI(t, nil, nil, "diagnose", "truststore", "--host", untrusted, "--truststore", store, "--export-cert", existing, "--force")
	if b, _ := os.ReadFile(existing); code != 1 || !bytes.HasPrefix(b, []byte("-----BEGIN CERTIFICATE-----")) {
		t.Fatalf("--force: exit %d %s, file %q", code, errOut, b)
	}
	if code, _, errOut := runCLI(t, nil, nil, "diagnose", "truststore", "--host", untrusted, "--truststore", store, "--export-cert", dir); code != 2 || !strings.Contains(errOut, "folder") {
		t.Fatalf("folder: exit %d %s", code, errOut)
	}
}

// TestTimeoutFlagValues: a bad --timeout of any probe, and of the full
// report, is a usage error (exit 2) that quotes what was given and shows a
// good value, not the flag package's 'invalid value "5" for flag -timeout:
// parse error'. It is refused before anything is read or probed.
func TestTimeoutFlagValues(t *testing.T) {
	commands := map[string][]string{
		"ews":        {"diagnose", "ews", "--url", "https://127.0.0.1:1/"},
		"truststore": {"diagnose", "truststore", "--host", "127.0.0.1:1"},
		"token":      {"diagnose", "token", "--tenant", testTenant, "--client-id", testClientID},
		"full":       {"diagnose", "--live", "--ews-url", "https://127.0.0.1:1/"},
		"redirect":   {"diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--port", "8443", "--live"},
	}
	values := []struct{ given, want string }{
		{"5", `--timeout "5" has no unit: write --timeout 5s`},
		{"2.5", `--timeout "2.5" has no unit: write --timeout 2.5s`},
		{"ten", `--timeout "ten" is not a duration`},
		{"", `--timeout is empty`},
		{"0", `--timeout "0" is not positive`},
		{"-1s", `--timeout "-1s" is not positive`},
		{"11m", `--timeout "11m" is longer than 10m`},
		{"1ns", `--timeout "1ns" is shorter than 1ms`},
		{"999us", `--timeout "999us" is shorter than 1ms`},
	}
	for name, args := range commands {
		for _, v := range values {
			code, out, errOut := runCLI(t, map[string]string{clientSecretEnv: testSecret}, nil, append(append([]string{}, args...), "--timeout", v.given)...)
			if code != ExitUsage || out != "" || !strings.Contains(errOut, v.want) || !strings.Contains(errOut, "such as --timeout 10s") ||
				strings.Contains(errOut, "invalid value") || strings.Contains(errOut, "parse error") {
				t.Errorf("%s --timeout %q: exit %d\nstdout %q\nstderr %q\nwant exit 2 with %q", name, v.given, code, out, errOut, v.want)
			}
		}
	}
}

// TestDurationFlagWithoutLimit: the duration flag with no upper limit (as
// the full report's --check-timeout wants) accepts long values and words
// its messages with that flag's name and example.
func TestDurationFlagWithoutLimit(t *testing.T) {
	check := func(s string) error {
		v := &durationValue{}
		_ = v.Set(s)
		return checkDuration("check-timeout", v, 0, "2m")
	}
	if err := check("3h"); err != nil {
		t.Fatal(err)
	}
	err := check("300")
	if err == nil || !strings.Contains(err.Error(), `--check-timeout "300" has no unit: write --check-timeout 300s`) ||
		!strings.Contains(err.Error(), "such as --check-timeout 2m") || strings.Contains(err.Error(), "from 1ms") {
		t.Fatalf("%v", err)
	}
}

// The other duration flags (the full report's --check-timeout, the logs'
// --timeout) have no upper limit and their own examples, through the real
// command line.
func TestOtherDurationFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"diagnose", "--check-timeout", "5"}, `--check-timeout "5" has no unit: write --check-timeout 5s`},
		{[]string{"diagnose", "--check-timeout", "soon"}, `--check-timeout "soon" is not a duration`},
		{[]string{"diagnose", "--check-timeout", "1ns"}, `--check-timeout "1ns" is shorter than 1ms`},
		{[]string{"diagnose", "logs", "--timeout", "0.5ms", t.TempDir()}, `--timeout "0.5ms" is shorter than 1ms`},
		{[]string{"diagnose", "logs", "--timeout", "5", t.TempDir()}, `--timeout "5" has no unit: write --timeout 5s`},
	} {
		code, out, errOut := runCLI(t, nil, nil, tt.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, tt.want) || strings.Contains(errOut, "parse error") {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q", tt.args, code, out, errOut)
		}
	}
	logs := t.TempDir() // a log without problems, so that a check runs
	if err := os.WriteFile(filepath.Join(logs, "whd.log"), []byte("2026-12-04 10:00:00 INFO started\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := runCLI(t, nil, nil, "diagnose", "--check-timeout", "3h", "--logs", logs); code != ExitOK {
		t.Errorf("--check-timeout 3h: exit %d: %s", code, errOut)
	}
}

// TestInstallStorePasswordWrong: a -Djavax.net.ssl.trustStorePassword in
// the install that does not open its truststore makes Java fail every TLS
// connection: a failed check (exit 1, WHD615 in the full report) naming the
// file and line to correct, not a local error; the password never shows.
// A wrong WHDCTL_STOREPASS, the user's own choice, stays a local error.
func TestInstallStorePasswordWrong(t *testing.T) {
	store := trustStoreFor(t, "Real-pass-1", unrelatedCert(t))
	home := fakeHome(t, "javax.net.ssl.trustStore="+store, "javax.net.ssl.trustStorePassword=WRONG-pass-9", "ExchangeServiceURL=https://127.0.0.1:1/")
	conf := filepath.Join(home, "conf", "whd.conf")
	check := func(name string, code int, out, errOut string, wantCode int, want ...string) {
		t.Helper()
		if code != wantCode || strings.Contains(out+errOut, "WRONG-pass-9") || strings.Contains(out+errOut, "Real-pass-1") {
			t.Errorf("%s: exit %d\n%s%s", name, code, out, errOut)
		}
		for _, w := range want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s%s", name, w, out, errOut)
			}
		}
	}
	where := conf + " line 3" // fakeHome's JAVA_OPTS line

	code, out, errOut := runCLI(t, nil, nil, "diagnose", "truststore", "--host", "127.0.0.1:1", "--whd-home", home)
	check("truststore", code, out, errOut, ExitFailed, "FAILED: store-password: WHD's own -Djavax.net.ssl.trustStorePassword does not open its truststore",
		"every TLS connection WHD makes fails", "Correct -Djavax.net.ssl.trustStorePassword in "+where, "restart WHD")
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "truststore", "--host", "127.0.0.1:1", "--whd-home", home, "-o", "json")
	check("truststore json", code, out, errOut, ExitFailed, `"failure": "store-password"`, `"ok": false`)

	code, out, errOut = runCLI(t, nil, nil, "diagnose", "ews", "--url", "https://127.0.0.1:1/", "--whd-home", home, "--username", `CONTOSO\svc`)
	check("ews", code, out, errOut, ExitFailed, "cannot open its own truststore", "in "+where)

	code, out, errOut = runCLI(t, nil, nil, "diagnose", "--whd-home", home, "--live", "-o", "json")
	var r fullReportJSON
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("full report: exit %d %q %q", code, out, errOut)
	}
	if st := sectionStatus(r); code != ExitFailed || st["truststore"] != "failed "+RuleTLSStorePassword || st["ews"] != "skipped" {
		t.Errorf("full report: exit %d, sections %v", code, st)
	}
	check("full report json", code, out, errOut, ExitFailed, "in "+where)
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "--whd-home", home, "--live")
	check("full report", code, out, errOut, ExitFailed, "[FAIL] truststore", RuleTLSStorePassword)
	if strings.Contains(out, "[ERR ]") || strings.Contains(out, "WHDCTL_STOREPASS") {
		t.Errorf("full report: a local error, or advice to set WHDCTL_STOREPASS:\n%s", out)
	}

	// The user's own WHDCTL_STOREPASS, wrong: a local error, as before.
	code, out, errOut = runCLI(t, map[string]string{"WHDCTL_STOREPASS": "Typed-pass-7"}, nil, "diagnose", "truststore", "--host", "127.0.0.1:1", "--whd-home", home)
	if code != ExitRuntime || !strings.Contains(errOut, "wrong password (the WHDCTL_STOREPASS password)") || strings.Contains(out+errOut, "Typed-pass-7") {
		t.Errorf("wrong WHDCTL_STOREPASS: exit %d\n%s%s", code, out, errOut)
	}
}

// TestPropertyLocation: the last line setting the property, not one in a
// comment; the file alone when no line sets it.
func TestPropertyLocation(t *testing.T) {
	home := t.TempDir()
	if err := os.MkdirAll(filepath.Join(home, "conf"), 0o755); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(home, "conf", "whd.conf")
	src := "# JAVA_OPTS=\"-Djavax.net.ssl.trustStorePassword=old\"\nJAVA_OPTS=\"-Djavax.net.ssl.trustStorePassword=a \\\n  -Djavax.net.ssl.trustStorePassword=b\"\n"
	if err := os.WriteFile(conf, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	in, err := install.Detect(home)
	if err != nil {
		t.Fatal(err)
	}
	if got := propertyLocation(in, "javax.net.ssl.trustStorePassword"); got != conf+" line 3" {
		t.Errorf("got %q", got)
	}
	if got := propertyLocation(in, "javax.net.ssl.trustStore"); got != conf {
		t.Errorf("unset property: got %q", got)
	}
}

// TestNoTruststoreInInstall: an install without a bundled JRE, no
// -Djavax.net.ssl.trustStore and no JAVA_HOME: the error says what was
// looked for in that install and suggests --truststore or JAVA_HOME, not
// the --whd-home that was given.
func TestNoTruststoreInInstall(t *testing.T) {
	home := fakeHome(t)
	cacerts := filepath.Join(home, "bin", "jre", "lib", "security", "cacerts")
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "--whd-home", home, "--live", "--tls-host", "127.0.0.1:1")
	if code != ExitRuntime || !strings.Contains(out, "[ERR ] truststore") || !strings.Contains(out, cacerts) ||
		!strings.Contains(out, "--truststore FILE") || !strings.Contains(out, "JAVA_HOME is not set") || strings.Contains(out, "--whd-home DIR") {
		t.Errorf("full report: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, nil, "diagnose", "truststore", "--whd-home", home, "--host", "127.0.0.1:1")
	if code != ExitRuntime || !strings.Contains(errOut, cacerts) || strings.Contains(errOut, "--whd-home DIR") {
		t.Errorf("truststore: exit %d\n%s%s", code, out, errOut)
	}
}
