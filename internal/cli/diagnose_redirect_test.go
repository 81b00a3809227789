package cli

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDiagnoseRedirectJSONContract(t *testing.T) {
	out, errOut, code := diagRun(t, "", nil, "diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--whd-home", "../../fixtures/linux",
		"--redirect-uri", "https://HelpDesk.example.com/helpdesk/oauth-redirect/", "-o", "json")
	if code != ExitFailed {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got struct {
		RedirectURI string `json:"redirect_uri"`
		ExpectedURI string `json:"expected_uri"`
		OK          *bool  `json:"ok"`
		Findings    []struct {
			Rule, Severity, Message, Fix string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.ExpectedURI != "https://helpdesk.example.com:8443/helpdesk/oauth-redirect" || got.OK == nil || *got.OK ||
		got.RedirectURI != "https://HelpDesk.example.com/helpdesk/oauth-redirect/" || len(got.Findings) != 2 ||
		got.Findings[0].Rule != "WHD404" || got.Findings[1].Rule != "WHD405" || got.Findings[0].Severity != "error" || got.Findings[0].Fix == "" {
		t.Fatalf("%s", out)
	}
	if strings.Contains(out, `"live"`) {
		t.Error("live result without --live")
	}
}

func TestDiagnoseRedirectOK(t *testing.T) {
	out, _, code := diagRun(t, "", nil, "diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--port", "443",
		"--redirect-uri", "https://helpdesk.example.com/helpdesk/oauth-redirect")
	if code != ExitOK || !strings.Contains(out, "OK: the registered redirect URI is exactly the one WHD sends.") ||
		!strings.Contains(out, "register exactly:    https://helpdesk.example.com/helpdesk/oauth-redirect") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// Flags also come from the environment (urfave/cli reads the process's).
func TestDiagnoseRedirectFromEnvironment(t *testing.T) {
	t.Setenv("WHDCTL_DNS_NAME", "helpdesk.example.com")
	t.Setenv("WHDCTL_HTTPS_PORT", "9443")
	t.Setenv("WHDCTL_REDIRECT_URI", "https://helpdesk.example.com:9443/helpdesk/oauth-redirect")
	out, _, code := diagRun(t, "", nil, "diagnose", "redirect")
	if code != ExitOK || !strings.Contains(out, "https://helpdesk.example.com:9443/helpdesk/oauth-redirect") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestDiagnoseRedirectInstallPort(t *testing.T) {
	dir := t.TempDir()
	write := func(content string) string {
		home := filepath.Join(dir, strings.NewReplacer("=", "_", "\r", "", "\n", "").Replace(content))
		if err := os.MkdirAll(filepath.Join(home, "conf"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return home
	}
	for _, tt := range []struct {
		conf     string
		code     int
		want     string
		inStderr bool
	}{
		{"HTTPS_PORT=8443\nURL_HTTPS_PORT=443\n", ExitOK, "https://helpdesk.example.com/helpdesk/oauth-redirect", false},
		{"HTTPS_PORT=8443\n", ExitOK, "https://helpdesk.example.com:8443/helpdesk/oauth-redirect", false},
		{"DEFAULT_PORT=8081\nHTTPS_PORT=\n", ExitFailed, "WHD401", false},
		{"HTTPS_PORT=8443\r\n", ExitFailed, `conf/whd.conf:1: error WHD410: HTTPS_PORT="8443\r" is not a port number`, false},
		{"# ports\nDEFAULT_PORT=8081\nHTTPS_PORT=84x3\n", ExitFailed, `conf/whd.conf:3: error WHD410: HTTPS_PORT="84x3" is not a port number`, false},
		// A sourced file could set URL_HTTPS_PORT: the port cannot be known.
		{"HTTPS_PORT=8443\n. /etc/whd-extra.conf\n", ExitRuntime, "pass --port N", true},
	} {
		out, errOut, code := diagRun(t, "", nil, "diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--whd-home", write(tt.conf))
		where := out
		if tt.inStderr {
			where = errOut
		}
		if code != tt.code || !strings.Contains(where, tt.want) {
			t.Errorf("%q: exit %d (want %d)\nstdout %s\nstderr %s", tt.conf, code, tt.code, out, errOut)
		}
	}
}

// A bad port in whd.conf is WHD410 (not WHD404, which is about the
// registered URI), with its line; the line-ending hint only when the value
// has a CR; and --output json prints the report with the finding.
func TestDiagnoseRedirectBadConfPort(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, "conf"), 0o755)
	os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte("DEFAULT_PORT=8081\nHTTPS_PORT=84x3\n"), 0o644)
	out, errOut, code := diagRun(t, "", nil, "diagnose", "redirect", "-o", "json", "--whd-home", home, "--dns-name", "helpdesk.example.com",
		"--redirect-uri", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect")
	var got struct {
		RedirectURI string `json:"redirect_uri"`
		ExpectedURI string `json:"expected_uri"`
		OK          *bool  `json:"ok"`
		Findings    []struct {
			Rule, File, Message, Fix string
			Line                     int
		} `json:"findings"`
	}
	if code != ExitFailed || errOut != "" || json.Unmarshal([]byte(out), &got) != nil {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	if got.OK == nil || *got.OK || got.ExpectedURI != "" || got.RedirectURI != "https://helpdesk.example.com:8443/helpdesk/oauth-redirect" ||
		len(got.Findings) != 1 || got.Findings[0].Rule != "WHD410" || got.Findings[0].Line != 2 ||
		got.Findings[0].File != filepath.Join(home, "conf", "whd.conf") || strings.Contains(got.Findings[0].Message+got.Findings[0].Fix, "line ending") {
		t.Fatalf("%s", out)
	}
	// Text: the report, not only an error line.
	out, _, code = diagRun(t, "", nil, "diagnose", "redirect", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || !strings.Contains(out, "register exactly:    (unknown until the HTTPS port in whd.conf is fixed)") || !strings.Contains(out, "WHD410") {
		t.Fatalf("text: exit %d\n%s", code, out)
	}
	// The full report files it under the install, as WHD410.
	out, _, code = diagRun(t, "", nil, "diagnose", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || !strings.Contains(out, "error WHD410:") || strings.Contains(out, "WHD404") || strings.Contains(out, "line ending") ||
		!strings.Contains(out, "[skip] redirect  OAuth redirect URI: WHD's HTTPS port in whd.conf gives no port number (WHD410, see install)") {
		t.Fatalf("full report: exit %d\n%s", code, out)
	}
}

// On Windows the launcher, not bash, reads whd.conf: CRLF line endings are
// normal there and the ports are read without the CR.
func TestDiagnoseRedirectWindowsCRLF(t *testing.T) {
	home := filepath.Join(t.TempDir(), "win")
	if err := os.CopyFS(home, os.DirFS("../../fixtures/windows")); err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(home, "conf", "whd.conf")
	b, err := os.ReadFile(conf)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(conf, bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")), 0o644)
	out, errOut, code := diagRun(t, "", nil, "diagnose", "redirect", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitOK || !strings.Contains(out, "register exactly:    https://helpdesk.example.com:8443/helpdesk/oauth-redirect") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	out, _, code = diagRun(t, "", nil, "diagnose", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitOK || !strings.Contains(out, "HTTPS port 8443 (HTTPS_PORT)") || strings.Contains(out, "WHD410") {
		t.Fatalf("full report: exit %d\n%s", code, out)
	}
	// A value that is wrong without its CR is still WHD410, without the
	// line-ending hint (the CR is normal on Windows).
	os.WriteFile(conf, []byte("HTTPS_PORT=84x3\r\n"), 0o644)
	out, _, code = diagRun(t, "", nil, "diagnose", "redirect", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || !strings.Contains(out, `WHD410: HTTPS_PORT="84x3"`) || strings.Contains(out, "line ending") {
		t.Fatalf("bad value: exit %d\n%s", code, out)
	}
}

// Without HTTPS there is no URI to register: say how to enable HTTPS.
func TestDiagnoseRedirectNoHTTPS(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, "conf"), 0o755)
	os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte("DEFAULT_PORT=8081\nHTTPS_PORT=\n"), 0o644)
	out, _, code := diagRun(t, "", nil, "diagnose", "redirect", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || strings.Contains(out, "https://helpdesk.example.com/helpdesk/oauth-redirect") ||
		!strings.Contains(out, "register exactly:    (none until WHD serves HTTPS: see WHD401)") || !strings.Contains(out, "HTTPS_PORT=8443") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	out, _, _ = diagRun(t, "", nil, "diagnose", "redirect", "-o", "json", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if !strings.Contains(out, `"expected_uri": ""`) {
		t.Fatalf("json:\n%s", out)
	}
}

func TestDiagnoseRedirectUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--port", "443"}, ExitUsage, "--dns-name"},
		{[]string{"--dns-name", "h.example.com"}, ExitUsage, "HTTPS port"},
		{[]string{"--dns-name", "h.example.com", "--port", "0"}, ExitUsage, `"0": want a port number`},
		{[]string{"--dns-name", "h.example.com", "--port", "443", "--redirect-uri", "https://h.example.com:44x/helpdesk/oauth-redirect"}, ExitUsage, "is not a URL"},
		{[]string{"--dns-name", "h.example.com", "--whd-home", "/nonexistent/whd"}, ExitRuntime, "--whd-home"}, // see TestWhdHomeUnreadable
		{[]string{"--dns-name", "h.example.com", "--whd-home", "/nonexistent/whd", "--port", "8443"}, ExitRuntime, "--whd-home"},
		{[]string{"--dns-name", "h.example.com", "--port", "443", "extra"}, ExitUsage, "takes no arguments"},
		{[]string{"--dns-name", "h.example.com", "--port", "443", "--timeout", "0s"}, ExitUsage, "--timeout"},
	} {
		_, errOut, code := diagRun(t, "", nil, append([]string{"diagnose", "redirect"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tt.args, code, tt.code, errOut, tt.want)
		}
	}
}

// --live against a server on 127.0.0.1: it answers, and its certificate
// (issued by httptest's own CA) is not trusted by the system roots.
func TestDiagnoseRedirectLive(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusFound) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	out, _, code := diagRun(t, "", nil, "diagnose", "redirect", "--dns-name", "127.0.0.1", "--port", port, "--live", "--timeout", "5s", "-o", "json")
	if code != ExitFailed {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var got struct {
		Live struct {
			Answered  bool   `json:"answered"`
			Status    int    `json:"status"`
			CertValid bool   `json:"cert_valid"`
			CertError string `json:"cert_error"`
		} `json:"live"`
		Findings []struct{ Rule string } `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, f := range got.Findings {
		rules[f.Rule] = true
	}
	if !got.Live.Answered || got.Live.Status != http.StatusFound || got.Live.CertValid || got.Live.CertError == "" || !rules["WHD409"] || !rules["WHD402"] || rules["WHD408"] {
		t.Fatalf("%s", out)
	}
}

// TestWhdHomeUnreadable: a --whd-home that does not exist or is not a WHD
// install is an install that cannot be read (exit 3), as for patch-conf and
// validate, for diagnose redirect and the full report alike.
func TestWhdHomeUnreadable(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	notWHD := t.TempDir()
	for _, home := range []string{missing, notWHD} {
		for _, args := range [][]string{
			{"diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--whd-home", home},
			{"diagnose", "--whd-home", home, "--dns-name", "helpdesk.example.com"},
		} {
			code, out, errOut := runCLI(t, nil, nil, args...)
			if code != ExitRuntime || !strings.Contains(errOut, "--whd-home") || out != "" {
				t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
			}
		}
	}
}

// TestHTTPSPortEnv: WHDCTL_HTTPS_PORT is read only by the commands that
// use a port, with blanks around it ignored (a Windows "set" keeps a
// trailing space); a bad value no longer breaks diagnose aadsts or logs.
func TestHTTPSPortEnv(t *testing.T) {
	logFile := filepath.Join(t.TempDir(), "whd.log")
	if err := os.WriteFile(logFile, []byte("2024-04-20 09:00:00,000 INFO started\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// urfave/cli reads flag variables from the process environment.
	t.Setenv("WHDCTL_HTTPS_PORT", "abc")
	if code, _, errOut := runCLI(t, nil, nil, "diagnose", "aadsts", "50011"); code != ExitOK {
		t.Errorf("aadsts with a bad WHDCTL_HTTPS_PORT: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, nil, "diagnose", "logs", logFile); code != ExitOK {
		t.Errorf("logs with a bad WHDCTL_HTTPS_PORT: exit %d: %s", code, errOut)
	}
	code, _, errOut := runCLI(t, nil, nil, "diagnose", "redirect", "--dns-name", "helpdesk.example.com")
	if code != ExitUsage || !strings.Contains(errOut, `WHDCTL_HTTPS_PORT) "abc": want a port number`) {
		t.Errorf("redirect with a bad WHDCTL_HTTPS_PORT: exit %d: %s", code, errOut)
	}
	t.Setenv("WHDCTL_HTTPS_PORT", " 8443 ")
	code, out, errOut := runCLI(t, nil, nil, "diagnose", "redirect",
		"--dns-name", "helpdesk.example.com", "--redirect-uri", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect")
	if code != ExitOK || !strings.Contains(out, "register exactly:    https://helpdesk.example.com:8443/helpdesk/oauth-redirect") {
		t.Errorf("WHDCTL_HTTPS_PORT=' 8443 ': exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runCLI(t, nil, nil, "diagnose", "redirect", "--dns-name", "helpdesk.example.com", "--port", "0", "--redirect-uri", "https://helpdesk.example.com/helpdesk/oauth-redirect"); code != ExitUsage || !strings.Contains(errOut, "from 1 to 65535") {
		t.Errorf("--port 0: exit %d: %s", code, errOut)
	}
}

// HTTPS_PORT= 8443 (a blank after =) leaves HTTPS_PORT unset in bash: a
// WHD410 finding naming the line (exit 1, the JSON report), as for a value
// that is not a port. On Windows, where bash never reads whd.conf, the same
// line gives port 8443.
func TestDiagnoseRedirectPortWithNoEffect(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, "conf"), 0o755)
	conf := "DEFAULT_PORT=8081\nHTTPS_PORT= 8443\n"
	os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte(conf), 0o644)
	out, errOut, code := diagRun(t, "", nil, "diagnose", "redirect", "-o", "json", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || errOut != "" || !strings.Contains(out, `"rule": "WHD410"`) || !strings.Contains(out, `"line": 2`) ||
		!strings.Contains(out, `so bash sets HTTPS_PORT only for the command \"8443\"`) {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	os.MkdirAll(filepath.Join(home, "bin", "wrapper", "conf"), 0o755)
	os.WriteFile(filepath.Join(home, "bin", "wrapper", "conf", "wrapper_template.conf"), []byte("#encoding=UTF-8\r\nwrapper.java.additional.1=-Xmx1g\r\n"), 0o644)
	out, errOut, code = diagRun(t, "", nil, "diagnose", "redirect", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitOK || !strings.Contains(out, "https://helpdesk.example.com:8443/helpdesk/oauth-redirect") {
		t.Fatalf("windows: exit %d, stderr %q\n%s", code, errOut, out)
	}
}
