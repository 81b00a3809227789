package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fullArgs is the report on the Linux sample install with a redirect URI
// that lacks the port, and the sample logs.
var fullArgs = []string{"diagnose", "--whd-home", "../../fixtures/linux", "--dns-name", "helpdesk.example.com",
	"--redirect-uri", "https://helpdesk.example.com/helpdesk/oauth-redirect", "--logs", logFixtures}

func TestDiagnoseFullGolden(t *testing.T) {
	out, errOut, code := diagRun(t, "", nil, fullArgs...)
	if code != ExitFailed || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	checkGolden(t, "diagnose-full.golden", []byte(out))
}

func TestDiagnoseFullJSON(t *testing.T) {
	out, _, code := diagRun(t, "", nil, append(fullArgs, "-o", "json")...)
	if code != ExitFailed {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		OK       *bool `json:"ok"`
		Sections []struct {
			Name, Title, Status, Summary string
			Findings                     []struct{ Rule, Severity, File string }
			Data                         json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	status := map[string]string{}
	for _, s := range got.Sections {
		status[s.Name] = s.Status
	}
	if got.OK == nil || *got.OK || status["install"] != "ok" || status["redirect"] != "failed" || status["logs"] != "failed" {
		t.Fatalf("%v\n%s", status, out)
	}
	for _, s := range got.Sections {
		if s.Name == "redirect" && (len(s.Findings) != 1 || s.Findings[0].Rule != "WHD404") {
			t.Errorf("redirect findings %+v", s.Findings)
		}
		if s.Name == "logs" && (len(s.Findings) != 7 || s.Findings[0].Rule != "AADSTS700082" || !strings.HasSuffix(s.Findings[0].File, "whd.log")) {
			t.Errorf("logs findings %+v", s.Findings)
		}
		var data map[string]any
		json.Unmarshal(s.Data, &data)
		if s.Name == "install" && (data["https_port"] != float64(8443) || data["https_port_from"] != "HTTPS_PORT" || data["layout"] != "unix") {
			t.Errorf("install data %s", s.Data)
		}
	}
}

func TestDiagnoseFullPassesAndSkips(t *testing.T) {
	// The right URI, no logs: redirect passes, logs are skipped, exit 0.
	out, _, code := diagRun(t, "", nil, "diagnose", "--whd-home", "../../fixtures/windows", "--dns-name", "helpdesk.example.com",
		"--redirect-uri", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, want := range []string{"[ ok ] install", "Windows (bin/wrapper/conf/wrapper_template.conf) layout; HTTPS port 8443 (HTTPS_PORT)",
		"[ ok ] redirect", "[skip] logs", "OK: 3 check(s) passed, 1 skipped."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Logs only.
	out, _, code = diagRun(t, "", nil, "diagnose", "--logs", logFixtures)
	if code != ExitFailed || !strings.Contains(out, "[skip] install") || !strings.Contains(out, "[skip] redirect") || !strings.Contains(out, "[FAIL] logs") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

func TestDiagnoseFullErrors(t *testing.T) {
	// An unreadable log and nothing else wrong: the check errors, exit 3.
	out, _, code := diagRun(t, "", nil, "diagnose", "--logs", filepath.Join(t.TempDir(), "missing"))
	if code != ExitRuntime || !strings.Contains(out, "[ERR ] logs") || !strings.Contains(out, "no such file or folder") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{}, "needs something to look at"},
		{[]string{"--logs", logFixtures, "--since", "soon"}, "--since"},
		{[]string{"--logs", logFixtures, "--check-timeout", "0s"}, "--check-timeout"},
		{[]string{"--dns-name", "h.example.com", "--port", "70000"}, `"70000": want a port number`},
		{[]string{"nosuchsub"}, "unknown diagnose subcommand"},
		{[]string{"--dns-name", "h.example.com", "--port", "443", "--redirect-uri", "https://h.example.com:x/"}, "is not a URL"},
	} {
		_, errOut, code := diagRun(t, "", nil, append([]string{"diagnose"}, tt.args...)...)
		if code != ExitUsage || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, errOut)
		}
	}
}

// A whd.conf whose port is damaged fails the install check with a finding
// and leaves the redirect check skipped, in one report.
func TestDiagnoseFullBadPort(t *testing.T) {
	home := t.TempDir()
	os.MkdirAll(filepath.Join(home, "conf"), 0o755)
	os.WriteFile(filepath.Join(home, "conf", "whd.conf"), []byte("HTTPS_PORT=8443\r\n"), 0o644)
	out, _, code := diagRun(t, "", nil, "diagnose", "--whd-home", home, "--dns-name", "helpdesk.example.com")
	if code != ExitFailed || !strings.Contains(out, "[FAIL] install") || !strings.Contains(out, `error WHD410: HTTPS_PORT="8443\r" is not a port number`) ||
		!strings.Contains(out, "Windows line ending") || !strings.Contains(out, "[skip] redirect") || strings.Contains(out, "WHD404") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// Inputs that let no check run (a DNS name without a port, no install, no
// logs) are not a pass: every section is skipped, the report is printed
// with "ok": false and the command exits 2, saying what to pass.
func TestDiagnoseFullNothingChecked(t *testing.T) {
	for _, args := range [][]string{
		{"diagnose", "--dns-name", "helpdesk.example.com"},
		{"diagnose", "--dns-name", "helpdesk.example.com", "--live"},
	} {
		out, errOut, code := diagRun(t, "", nil, args...)
		if code != ExitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, ExitUsage, out)
		}
		for _, want := range []string{"[skip] install", "[skip] redirect", "[skip] logs", "NOTHING CHECKED:"} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: output lacks %q:\n%s", args, want, out)
			}
		}
		if strings.Contains(out, "OK:") || strings.Contains(out, "INCOMPLETE:") || strings.Contains(out, "none could finish") {
			t.Errorf("%v: output reads as a result:\n%s", args, out)
		}
		for _, want := range []string{"nothing could be checked", "--whd-home DIR", "--port N", "--logs PATH"} {
			if !strings.Contains(errOut, want) {
				t.Errorf("%v: stderr lacks %q: %q", args, want, errOut)
			}
		}
	}

	// --logs naming a folder without logs: nothing checked either.
	if out, errOut, code := diagRun(t, "", nil, "diagnose", "--logs", t.TempDir()); code != ExitUsage ||
		!strings.Contains(out, "NOTHING CHECKED:") || !strings.Contains(errOut, "the --logs given held no log file") {
		t.Errorf("empty --logs: exit %d, stderr %q\n%s", code, errOut, out)
	}

	out, errOut, code := diagRun(t, "", nil, "diagnose", "--dns-name", "helpdesk.example.com", "-o", "json")
	var got struct {
		OK       *bool `json:"ok"`
		Sections []struct{ Name, Status string }
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if code != ExitUsage || got.OK == nil || *got.OK || len(got.Sections) == 0 || !strings.Contains(errOut, "nothing could be checked") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, s := range got.Sections {
		if s.Status != "skipped" {
			t.Errorf("section %s: %s, want skipped", s.Name, s.Status)
		}
	}
}
