package cli

import (
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
		{"HTTPS_PORT=8443\r\n", ExitFailed, `HTTPS_PORT="8443\r" is not a port number`, true},
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

func TestDiagnoseRedirectUsage(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--port", "443"}, ExitUsage, "--dns-name"},
		{[]string{"--dns-name", "h.example.com"}, ExitUsage, "HTTPS port"},
		{[]string{"--dns-name", "h.example.com", "--port", "0"}, ExitUsage, "--port 0"},
		{[]string{"--dns-name", "h.example.com", "--port", "443", "--redirect-uri", "https://h.example.com:44x/helpdesk/oauth-redirect"}, ExitUsage, "is not a URL"},
		{[]string{"--dns-name", "h.example.com", "--whd-home", "/nonexistent/whd"}, ExitUsage, "--whd-home"},
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
