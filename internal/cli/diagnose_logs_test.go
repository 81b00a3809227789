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
		{[]string{filepath.Join(dir, "missing.log")}, ExitRuntime, "Read 0 file(s)", "missing.log: no such file or folder"},
		{[]string{cut}, ExitRuntime, "AADSTS700082", "gzip data is cut short"},
		{[]string{"-o", "yaml", clean}, ExitUsage, "", "--output"},
		{[]string{clean, "--since", "7d"}, ExitUsage, "", "put options before the paths"},
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
