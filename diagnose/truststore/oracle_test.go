package truststore_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/diagnose/truststore/truststoretest"
	"github.com/whdctl/whdctl/internal/cli"
)

func TestMain(m *testing.M) {
	code := m.Run()
	truststoretest.Cleanup()
	os.Exit(code)
}

// expectation for one scenario: what the JVM says, and the failure class
// whdctl names ("" when Java connects).
var expectations = map[string]struct {
	java    string
	failure string
	warning string
}{
	"good":                 {"OK", "", ""},
	"full-chain":           {"OK", "", ""},
	"unordered":            {"OK", "", ""},
	"missing-intermediate": {"PKIX_BUILD", "missing-intermediate", ""},
	"expired":              {"PKIX_VALIDATE", "expired", ""},
	"not-yet-valid":        {"PKIX_VALIDATE", "not-yet-valid", ""},
	"wrong-name":           {"HOSTNAME", "hostname-mismatch", ""},
	"self-signed":          {"PKIX_BUILD", "self-signed", ""},
	// The JVM validates against the pinned certificate of the same name
	// (no path search) and fails on its signature; the cause is the same.
	"self-signed-renewed":        {"PKIX_VALIDATE", "self-signed", ""},
	"self-signed-pinned":         {"OK", "", ""},
	"self-signed-pinned-expired": {"OK", "", "Java still trusts it"},
	"untrusted-root":             {"PKIX_BUILD", "untrusted-root", ""},
	"untrusted-root-sent":        {"PKIX_BUILD", "untrusted-root", ""},
	"expired-anchor":             {"OK", "", ""},
	"md5-signature":              {"PKIX_VALIDATE", "weak-algorithm", ""},
	"sha1-signature":             {"OK", "", ""},
	"weak-key":                   {"PKIX_VALIDATE", "weak-algorithm", ""},
}

// whdctl runs the real CLI in-process and returns exit code, stdout, stderr.
func whdctl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := cli.Main(append([]string{"whdctl"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

type report struct {
	Host           string                   `json:"host"`
	Port           int                      `json:"port"`
	Truststore     string                   `json:"truststore"`
	TruststoreType string                   `json:"truststore_type"`
	Trusted        bool                     `json:"trusted"`
	HostnameOK     bool                     `json:"hostname_ok"`
	Failure        *string                  `json:"failure"`
	Chain          []any                    `json:"chain"`
	ImportCert     *struct{ SHA256 string } `json:"import_cert"`
	Fix            string                   `json:"fix"`
	Command        string                   `json:"keytool_command"`
	Warnings       []string                 `json:"warnings"`
}

// TestJavaAgrees serves every openssl-made chain on 127.0.0.1 and asks, for
// each keytool-made store, the JVM (HttpsURLConnection) and whdctl: they
// must give the same verdict.
func TestJavaAgrees(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	addrs := map[string]string{}
	var urls []string
	for _, sc := range truststoretest.Scenarios {
		addrs[sc.Name] = f.Serve(t, sc)
		urls = append(urls, "https://"+addrs[sc.Name]+"/")
	}
	for _, st := range f.Stores {
		t.Run(st.Name, func(t *testing.T) {
			java, err := f.AskJava(st, urls)
			if err != nil {
				t.Fatal(err)
			}
			t.Setenv("WHDCTL_STOREPASS", st.Password)
			for _, sc := range truststoretest.Scenarios {
				t.Run(sc.Name, func(t *testing.T) {
					want := expectations[sc.Name]
					jv := java["https://"+addrs[sc.Name]+"/"]
					if jv.Verdict != want.java {
						t.Fatalf("the JVM says %s (%s); this test expects %s", jv.Verdict, jv.Message, want.java)
					}
					code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", addrs[sc.Name], "--truststore", st.Path, "--output", "json")
					var r report
					if err := json.Unmarshal([]byte(out), &r); err != nil {
						t.Fatalf("exit %d, output %q %q: %v", code, out, errOut, err)
					}
					failure := ""
					if r.Failure != nil {
						failure = *r.Failure
					}
					switch jv.Verdict {
					case "OK":
						if !r.Trusted || !r.HostnameOK || code != 0 {
							t.Errorf("Java connects; whdctl: trusted=%v hostname_ok=%v failure=%q exit %d", r.Trusted, r.HostnameOK, failure, code)
						}
					case "HOSTNAME":
						if !r.Trusted || r.HostnameOK || code != 1 {
							t.Errorf("Java trusts the chain but not the name; whdctl: trusted=%v hostname_ok=%v exit %d", r.Trusted, r.HostnameOK, code)
						}
					default:
						if r.Trusted || code != 1 {
							t.Errorf("Java refuses (%s); whdctl: trusted=%v exit %d", jv.Message, r.Trusted, code)
						}
					}
					if failure != want.failure {
						t.Errorf("failure %q, want %q (Java: %s)", failure, want.failure, jv.Message)
					}
					// Path building failures and path validation failures
					// are the same kinds for both.
					validation := strings.Contains("expired not-yet-valid weak-algorithm", failure)
					building := strings.Contains("untrusted-root missing-intermediate self-signed", failure)
					if jv.Verdict == "PKIX_VALIDATE" && !validation && !(building && strings.Contains(jv.Message, "signature check failed")) ||
						jv.Verdict == "PKIX_BUILD" && !building {
						t.Errorf("Java's %s does not match whdctl's %q", jv.Verdict, failure)
					}
					if want.warning != "" && !strings.Contains(strings.Join(r.Warnings, "\n"), want.warning) {
						t.Errorf("warnings %q lack %q", r.Warnings, want.warning)
					}
					if r.TruststoreType != strings.ToLower(st.Type) || r.Truststore != st.Path || len(r.Chain) != len(sc.Chain) {
						t.Errorf("report %+v", r)
					}
					// Text output, and no trace of the store password anywhere.
					code2, text, errText := whdctl(t, "diagnose", "truststore", "--host", addrs[sc.Name], "--truststore", st.Path)
					if code2 != code || !strings.Contains(text, "truststore: "+st.Path) {
						t.Errorf("text run: exit %d, %q", code2, text)
					}
					if st.Password != "changeit" {
						for _, s := range []string{out, errOut, text, errText} {
							if strings.Contains(s, st.Password) {
								t.Fatalf("the store password appears in the output:\n%s", s)
							}
						}
					}
				})
			}
		})
	}
}

// TestKeytoolFixWorks runs the exact keytool command whdctl prints, on a
// copy of each store, and checks that whdctl and the JVM then trust the
// self-signed server.
func TestKeytoolFixWorks(t *testing.T) {
	f := truststoretest.Get(t)
	f.Java(t)
	var sc truststoretest.Scenario
	for _, s := range truststoretest.Scenarios {
		if s.Name == "self-signed-renewed" {
			sc = s
		}
	}
	addr := f.Serve(t, sc)
	for _, st := range f.Stores {
		t.Run(st.Name, func(t *testing.T) {
			dir := t.TempDir()
			data, err := os.ReadFile(st.Path)
			if err != nil {
				t.Fatal(err)
			}
			copyPath := filepath.Join(dir, "cacerts copy")
			if err := os.WriteFile(copyPath, data, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Setenv("WHDCTL_STOREPASS", st.Password)
			certFile := filepath.Join(dir, "import me.pem")
			code, out, _ := whdctl(t, "diagnose", "truststore", "--host", addr, "--truststore", copyPath, "--export-cert", certFile, "-o", "json")
			var r report
			if err := json.Unmarshal([]byte(out), &r); err != nil || code != 1 || r.Command == "" || r.ImportCert == nil {
				t.Fatalf("exit %d, %s", code, out)
			}
			pemData, err := os.ReadFile(certFile)
			if err != nil || !bytes.Contains(pemData, []byte("BEGIN CERTIFICATE")) {
				t.Fatalf("--export-cert wrote %q, %v", pemData, err)
			}
			if strings.Contains(r.Command, st.Password) && st.Password != "changeit" {
				t.Fatal("the command carries the store password")
			}
			cmd := exec.Command("sh", "-c", r.Command)
			cmd.Env = append(os.Environ(), "WHDCTL_STOREPASS="+st.Password)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", r.Command, err, b)
			}
			code, out, _ = whdctl(t, "diagnose", "truststore", "--host", addr, "--truststore", copyPath, "-o", "json")
			if code != 0 {
				t.Fatalf("after the fix: exit %d, %s", code, out)
			}
			fixed := st
			fixed.Path = copyPath
			java, err := f.AskJava(fixed, []string{"https://" + addr + "/"})
			if err != nil {
				t.Fatal(err)
			}
			if v := java["https://"+addr+"/"]; v.Verdict != "OK" {
				t.Fatalf("after the fix the JVM says %s: %s", v.Verdict, v.Message)
			}
			if st.PasswordLess {
				// Still password-less: whdctl reads it with any password.
				t.Setenv("WHDCTL_STOREPASS", "anything")
				if code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", addr, "--truststore", copyPath); code != 0 {
					t.Fatalf("the fixed store is no longer password-less: exit %d %s %s", code, out, errOut)
				}
			}
		})
	}
}

// TestBadStores: corrupt stores, wrong passwords, not-a-store files give
// exit 3 and a clear message without the password.
func TestBadStores(t *testing.T) {
	f := truststoretest.Get(t)
	addr := f.Serve(t, truststoretest.Scenarios[0])
	dir := t.TempDir()
	p12 := f.Store("pkcs12")
	data, err := os.ReadFile(p12.Path)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	jksData, err := os.ReadFile(f.Store("jks").Path)
	if err != nil {
		t.Fatal(err)
	}
	pemCert, err := os.ReadFile(f.Cert("root"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, pass, msg string
	}{
		{"wrong password pkcs12", p12.Path, "not-the-password", "wrong password"},
		{"wrong password jks", f.Store("jks").Path, "not-the-password", "wrong password"},
		{"truncated pkcs12", write("cut.p12", data[:len(data)/2]), p12.Password, "corrupt"},
		{"truncated jks", write("cut.jks", jksData[:len(jksData)-30]), "changeit", "corrupt"},
		{"pem instead of a store", write("root.pem", pemCert), "changeit", "PEM file"},
		{"empty file", write("empty", nil), "changeit", "empty"},
		{"missing", filepath.Join(dir, "nope.jks"), "changeit", "does not exist"},
		{"folder", dir, "changeit", "directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("WHDCTL_STOREPASS", tt.pass)
			code, out, errOut := whdctl(t, "diagnose", "truststore", "--host", addr, "--truststore", tt.path, "-o", "json")
			if code != 3 || !strings.Contains(errOut, tt.msg) || out != "" {
				t.Fatalf("exit %d, stdout %q, stderr %q; want 3 mentioning %q", code, out, errOut, tt.msg)
			}
			if strings.Contains(errOut, tt.pass) && tt.pass != "changeit" {
				t.Fatalf("the password is in the message: %s", errOut)
			}
		})
	}
}
