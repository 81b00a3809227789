package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const logFixtures = "../../diagnose/testdata/logs"

func TestDiagnoseLogsJSONContract(t *testing.T) {
	out, errOut, code := diagRun(t, "", nil, "diagnose", "logs", "-o", "json", logFixtures)
	if code != ExitFailed || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got struct {
		Files  int   `json:"files"`
		Lines  int64 `json:"lines"`
		Groups []map[string]any
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if got.Files != 2 || got.Lines != 28 || len(got.Groups) != 7 {
		t.Fatalf("%s", out)
	}
	g := got.Groups[0]
	for k, want := range map[string]any{"kind": "oauth", "code": "AADSTS700082", "count": float64(2),
		"first_seen": "2024-04-20 09:15:42", "last_seen": "2024-04-20 09:25:43"} {
		if g[k] != want {
			t.Errorf("group[%s] = %v, want %v", k, g[k], want)
		}
	}
	for _, k := range []string{"summary", "fix"} {
		if s, _ := g[k].(string); s == "" {
			t.Errorf("group lacks %s", k)
		}
	}
}

func TestDiagnoseLogsText(t *testing.T) {
	out, _, code := diagRun(t, "", nil, "diagnose", "logs", "--since", "2024-04-21", filepath.Join(logFixtures, "whd.log"))
	if code != ExitFailed {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"Read 1 file(s), 20 lines, 2.7 KiB.", "oauth AADSTS7000222  x1  2024-04-21 09:00:00", "mail_send smtp-535  x1",
		"first: " + filepath.Join(logFixtures, "whd.log") + ":17", "FOUND: 2 kind(s) of problem found."} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "AADSTS700082") {
		t.Errorf("--since did not filter:\n%s", out)
	}
}

func TestDiagnoseLogsExitCodes(t *testing.T) {
	dir := t.TempDir()
	clean := filepath.Join(dir, "clean.log")
	os.WriteFile(clean, []byte("2024-01-01 00:00:00,000 INFO all good\n"), 0o644)
	data, _ := os.ReadFile(filepath.Join(logFixtures, "whd.log"))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	cut := filepath.Join(dir, "whd.log.1.gz")
	os.WriteFile(cut, gz.Bytes()[:gz.Len()*2/3], 0o644)

	for _, tt := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{clean}, ExitOK, "OK: no OAuth, certificate, 401 or mail send errors found.", ""},
		{[]string{}, ExitUsage, "", "at least one file or folder"},
		{[]string{"--since", "last tuesday", clean}, ExitUsage, "", "--since \"last tuesday\" is not a date"},
		{[]string{filepath.Join(dir, "missing.log")}, ExitRuntime, "Read 0 files: none of the inputs could be read", "missing.log: no such file or folder"},
		{[]string{cut}, ExitRuntime, "AADSTS700082", "gzip data is cut short"},
		{[]string{"-o", "yaml", clean}, ExitUsage, "", "--output"},
		{[]string{clean, "--since", "last tuesday"}, ExitUsage, "", "--since \"last tuesday\" is not a date"},
		{[]string{clean, "--colour"}, ExitUsage, "", "diagnose logs: flag provided but not defined: --colour"},
		{[]string{clean, "--since"}, ExitUsage, "", "diagnose logs: flag needs an argument: --since"},
	} {
		out, errOut, code := diagRun(t, "", nil, append([]string{"diagnose", "logs"}, tt.args...)...)
		if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("%v: exit %d (want %d)\nstdout %s\nstderr %s", tt.args, code, tt.code, out, errOut)
		}
	}
}

// The progress bar is drawn only on a terminal, and only for large inputs.
func TestDiagnoseLogsProgressOnlyOnTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	getenv := func(string) string { return "" }
	for name, e := range map[string]*env{
		"buffer":       {stderr: &bytes.Buffer{}, getenv: getenv},
		"regular file": {stderr: f, getenv: getenv},
	} {
		if bar := newProgress(e, 1<<40); bar != nil {
			t.Errorf("%s: progress bar drawn on a non-terminal", name)
		}
	}
	out, errOut, _ := diagRun(t, "", nil, "diagnose", "logs", logFixtures)
	if strings.Contains(errOut, "scanning logs") || strings.Contains(out, "scanning logs") {
		t.Errorf("progress bar in piped output: %q", errOut)
	}
}

// Options may follow the paths, as the examples of --help show.
func TestDiagnoseLogsOptionsAfterPaths(t *testing.T) {
	out, errOut, code := diagRun(t, "", nil, "diagnose", "logs", logFixtures, "--output", "json")
	var got struct {
		Files int `json:"files"`
	}
	if code != ExitFailed || json.Unmarshal([]byte(out), &got) != nil || got.Files != 2 {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	whd := filepath.Join(logFixtures, "whd.log")
	out, _, code = diagRun(t, "", nil, "diagnose", "logs", "-o", "text", whd, "--since", "2024-04-21", filepath.Join(logFixtures, "catalina.out"))
	if code != ExitFailed || strings.Contains(out, "AADSTS700082") || !strings.Contains(out, "Read 2 file(s)") {
		t.Fatalf("--since between the paths: exit %d\n%s", code, out)
	}
	// A duration flag before the paths and another option after them: the
	// options are put first again, with the duration as typed (this panicked).
	out, errOut, code = diagRun(t, "", nil, "diagnose", "logs", "--timeout", "30m", whd, "--since", "2024-04-21")
	if code != ExitFailed || strings.Contains(out, "AADSTS700082") || !strings.Contains(out, "Read 1 file(s)") {
		t.Fatalf("--timeout before, --since after the path: exit %d, stderr %q\n%s", code, errOut, out)
	}
	out, _, code = diagRun(t, "", nil, "diagnose", "logs", whd, "--help")
	if code != ExitOK || !strings.Contains(out, "whdctl diagnose logs PATH...") {
		t.Fatalf("--help after a path: exit %d\n%s", code, out)
	}
	// After "--" everything is a path.
	dir := t.TempDir()
	dash := filepath.Join(dir, "-o")
	os.WriteFile(dash, []byte("2024-01-01 00:00:00,000 INFO fine\n"), 0o644)
	out, errOut, code = diagRun(t, "", nil, "diagnose", "logs", "--", dash)
	if code != ExitOK || !strings.Contains(out, "Read 1 file(s)") {
		t.Fatalf("after --: exit %d, stderr %q\n%s", code, errOut, out)
	}
	// The examples of --help run as written.
	help, _, _ := diagRun(t, "", nil, "diagnose", "logs", "--help")
	if !strings.Contains(help, "whdctl diagnose logs 'C:\\Program Files\\WebHelpDesk\\log' --output json") {
		t.Fatalf("help example changed:\n%s", help)
	}
}

// An empty folder is not a clean log: the report says nothing was read and
// where WHD keeps its logs.
func TestDiagnoseLogsNoFiles(t *testing.T) {
	dir := t.TempDir()
	out, _, code := diagRun(t, "", nil, "diagnose", "logs", dir)
	if code != ExitOK || strings.Contains(out, "OK:") || !strings.Contains(out, "Read 0 files") ||
		!strings.Contains(out, "no log files found in "+dir) || !strings.Contains(out, "/usr/local/webhelpdesk/log") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	out, _, code = diagRun(t, "", nil, "diagnose", "logs", "-o", "json", dir)
	if code != ExitOK || !strings.Contains(out, `"files": 0`) {
		t.Fatalf("json: exit %d\n%s", code, out)
	}
	// The full report skips the logs check rather than passing it.
	out, _, _ = diagRun(t, "", nil, "diagnose", "--logs", dir)
	if !strings.Contains(out, "[skip] logs") || !strings.Contains(out, "no log files found in "+dir) {
		t.Fatalf("full report:\n%s", out)
	}
}

// "first:" is the earliest occurrence by the log's time, not the first file
// read.
func TestDiagnoseLogsFirstIsEarliest(t *testing.T) {
	dir := t.TempDir()
	line := func(day string) []byte {
		return []byte(day + " 10:00:00,000 ERROR [OutgoingMailWorker-1] OAuth token request failed (statusCode: 400): invalid_grant [700082] AADSTS700082: The refresh token has expired due to inactivity.\n")
	}
	os.WriteFile(filepath.Join(dir, "a.log"), line("2024-05-01"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.log"), line("2024-03-01"), 0o644)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(line("2024-06-01"))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "c.log.gz"), gz.Bytes(), 0o644)
	out, _, code := diagRun(t, "", nil, "diagnose", "logs", dir)
	if code != ExitFailed || !strings.Contains(out, "2024-03-01 10:00:00 .. 2024-06-01 10:00:00") ||
		!strings.Contains(out, "first: "+filepath.Join(dir, "b.log")+":1") || !strings.Contains(out, "line:  2024-03-01 10:00:00,000") {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// Log lines and pasted errors carry text from outside (mail subjects, user
// names): what whdctl prints back has its control characters escaped and
// its credentials masked, in the logs report, the aadsts decoder and the
// full report.
func TestDiagnoseEchoedTextIsSafe(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "whd.log")
	body := "2024-05-01 09:00:00 ERROR AADSTS50011 \x1b[2J\x1b]0;pwned\x07 Authorization: Basic c3ZjLXdoZDpIdW50ZXIy\n" +
		"2024-05-01 09:01:00 ERROR OAuth token request failed: invalid_grant client_secret=8Q~SECRETsecretSECRET\n"
	if err := os.WriteFile(log, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	check := func(name, out string) {
		t.Helper()
		for _, bad := range []string{"\x1b", "\x07", "c3ZjLXdoZDpIdW50ZXIy", "SECRETsecret"} {
			if strings.Contains(out, bad) {
				t.Errorf("%s prints %q:\n%s", name, bad, out)
			}
		}
		if !strings.Contains(out, `\x1b[2J`) {
			t.Errorf("%s does not show the escape, escaped:\n%s", name, out)
		}
	}
	out, _, code := diagRun(t, "", nil, "diagnose", "logs", log)
	if code != ExitFailed {
		t.Fatalf("logs: exit %d", code)
	}
	check("diagnose logs", out)
	out, _, code = diagRun(t, "", nil, "diagnose", "aadsts", "--file", log)
	if code != ExitOK {
		t.Fatalf("aadsts: exit %d", code)
	}
	check("diagnose aadsts", out)
	code, out, _ = runCLI(t, nil, nil, "diagnose", "--logs", dir)
	if code != ExitFailed {
		t.Fatalf("full report: exit %d\n%s", code, out)
	}
	for _, bad := range []string{"\x1b]", "\x07", "c3ZjLXdoZDpIdW50ZXIy", "SECRETsecret"} {
		if strings.Contains(out, bad) {
			t.Errorf("full report prints %q:\n%s", bad, out)
		}
	}
}

// A check that could not run is not called a problem found: the summary
// says the report is incomplete, and the exit code is 3.
func TestDiagnoseFullIncompleteSummary(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "a.log") // a zip, not a log
	if err := os.WriteFile(bin, []byte("PK\x03\x04\x14\x00\x00\x00AADSTS binary"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, nil, nil, "diagnose", "--logs", bin)
	if code != ExitRuntime || !strings.Contains(out, "INCOMPLETE: 1 check(s) ran, and none could finish.") || strings.Contains(out, "found problems") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, nil, "diagnose", "--logs", bin, "--dns-name", "helpdesk.example.com", "--port", "8443",
		"--redirect-uri", "https://helpdesk.example.com:8443/helpdesk/oauth-redirect")
	if code != ExitRuntime || !strings.Contains(out, "INCOMPLETE: 1 of 2 check(s) could not finish; the other 1 passed.") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
}
