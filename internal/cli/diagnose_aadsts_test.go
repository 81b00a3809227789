package cli

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

const aadstsFixtures = "../../diagnose/testdata/aadsts"

func TestDiagnoseAADSTSJSON(t *testing.T) {
	out, errOut, code := diagRun(t, "", nil, "diagnose", "aadsts", "--file", filepath.Join(aadstsFixtures, "token-body-multi.json"), "--output", "json")
	if code != ExitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(got) != 2 || got[0]["code"] != float64(70002) || got[1]["code"] != float64(54005) ||
		got[0]["trace_id"] != "0a1b2c3d-0000-4000-8000-000000000021" || got[0]["known"] != true || got[0]["error"] != "invalid_client" {
		t.Fatalf("%s", out)
	}
	for _, k := range []string{"code", "known", "error", "name", "summary", "cause", "fix", "trace_id", "correlation_id", "timestamp", "details"} {
		if _, ok := got[0][k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
}

func TestDiagnoseAADSTSText(t *testing.T) {
	out, _, code := diagRun(t, "", nil, "diagnose", "aadsts", "Error processing mailbox messages: OAuth token request failed (statusCode: 400): invalid_grant [700082]",
		"AADSTS700082: The refresh token has expired due to inactivity. The token was issued on 2020-05-11T17:20:18.9364763Z and was inactive for 90.00:00:00.")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"AADSTS700082 ExpiredOrRevokedGrantInactiveToken (invalid_grant)",
		"fix:            In WHD: Setup > Email > Outgoing Mail Accounts > <account> > Re-Authorize",
		"expired:        2020-08-09T17:20:18Z",
		"before 90 days without use prevents this",
		"more:           https://login.microsoftonline.com/error?code=700082",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDiagnoseAADSTSStdinAndExitCodes(t *testing.T) {
	body, _ := os.ReadFile(filepath.Join(aadstsFixtures, "signin-page.txt"))
	out, _, code := diagRun(t, string(body), nil, "diagnose", "aadsts", "-")
	if code != ExitOK || !strings.Contains(out, "AADSTS50011 InvalidReplyTo") || !strings.Contains(out, "0a1b2c3d-0000-4000-8000-000000000091") {
		t.Fatalf("stdin: exit %d\n%s", code, out)
	}
	tests := []struct {
		name, stdin string
		args        []string
		code        int
		stderr      string
	}{
		{"no input", "", []string{}, ExitUsage, "needs the error text"},
		{"empty stdin", "", []string{"-"}, ExitUsage, "stdin is empty"},
		{"blank argument", "", []string{"  "}, ExitUsage, "is empty"},
		{"no code", "", []string{"the mail did not go out"}, ExitFailed, "no AADSTS code found"},
		{"binary", "\x00\x01\xff\xfe\x00garbage", []string{"-"}, ExitRuntime, "stdin is binary data, not text"},
		{"missing file", "", []string{"--file", "/nonexistent/error.json"}, ExitRuntime, "no such file"},
		{"file and text", "", []string{"--file", "x", "AADSTS50011"}, ExitUsage, "not both"},
		{"bad output", "", []string{"-o", "xml", "50011"}, ExitUsage, "--output"},
		{"unknown option after text", "", []string{"AADSTS50011", "-o", "json", "--verbose"}, ExitUsage, `"--verbose" is not an option of this command; if it is part of the error text, quote the text`},
		{"option without its value", "", []string{"AADSTS50011", "-o"}, ExitUsage, "diagnose aadsts: flag needs an argument: -o"},
		{"truncated body", `{"error":"invalid_grant","error_description":"AADSTS50173: The provided grant has expi`, []string{"-"}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := diagRun(t, tt.stdin, nil, append([]string{"diagnose", "aadsts"}, tt.args...)...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d (want %d), stderr %q (want %q)", code, tt.code, errOut, tt.stderr)
			}
		})
	}
	// No code: JSON is an empty array, not null.
	out, _, code = diagRun(t, "", nil, "diagnose", "aadsts", "-o", "json", "nothing here")
	if code != ExitFailed || strings.TrimSpace(out) != "[]" {
		t.Fatalf("exit %d, %q", code, out)
	}
	// An unknown code is reported as unknown with the lookup URL.
	out, _, code = diagRun(t, "", nil, "diagnose", "aadsts", "AADSTS1234567: Something new.")
	if code != ExitOK || !strings.Contains(out, "[not in whdctl's catalogue]") || !strings.Contains(out, "https://login.microsoftonline.com/error?code=1234567") {
		t.Fatalf("unknown: exit %d\n%s", code, out)
	}
}

func TestDiagnoseAADSTSTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "huge.log")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(65<<20 + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, errOut, code := diagRun(t, "", nil, "diagnose", "aadsts", "--file", p)
	if code != ExitRuntime || !strings.Contains(errOut, "is larger than 64 MiB") || !strings.Contains(errOut, "whdctl diagnose logs "+p) {
		t.Fatalf("exit %d, %q", code, errOut)
	}
	// From stdin there is no file name to give: save it first.
	_, errOut, code = diagRun(t, strings.Repeat("x", 64<<20+1), nil, "diagnose", "aadsts", "-")
	if code != ExitRuntime || !strings.Contains(errOut, "save it to a file and run 'whdctl diagnose logs FILE'") || strings.Contains(errOut, "logs stdin") {
		t.Fatalf("stdin: exit %d, %q", code, errOut)
	}
}

// Options may follow the text, as in most pastes into a terminal.
func TestDiagnoseAADSTSOptionsAfterText(t *testing.T) {
	for _, args := range [][]string{
		{"AADSTS50011", "--output", "json"},
		{"AADSTS50011:", "The", "redirect", "URI", "does", "not", "match.", "-o", "json"},
		{"AADSTS50011", "--output=json"},
	} {
		out, errOut, code := diagRun(t, "", nil, append([]string{"diagnose", "aadsts"}, args...)...)
		var got []map[string]any
		if code != ExitOK || json.Unmarshal([]byte(out), &got) != nil || len(got) != 1 || got[0]["code"] != float64(50011) {
			t.Errorf("%v: exit %d, stderr %q\n%s", args, code, errOut, out)
		}
	}
	body := filepath.Join(aadstsFixtures, "token-body-multi.json")
	out, _, code := diagRun(t, "", nil, "diagnose", "aadsts", "--file", body, "-o", "json")
	if code != ExitOK || !strings.Contains(out, `"code": 54005`) {
		t.Fatalf("--file then -o: exit %d\n%s", code, out)
	}
	// Help after the text shows the help.
	out, _, code = diagRun(t, "", nil, "diagnose", "aadsts", "AADSTS50011", "--help")
	if code != ExitOK || !strings.Contains(out, "whdctl diagnose aadsts [TEXT... | -]") {
		t.Fatalf("--help after the text: exit %d\n%s", code, out)
	}
	// A dash inside an unquoted paste is text, not an option.
	out, _, code = diagRun(t, "", nil, "diagnose", "aadsts", "AADSTS50011:", "redirect", "-", "--->", "mismatch")
	if code != ExitOK || !strings.Contains(out, "AADSTS50011 InvalidReplyTo") {
		t.Fatalf("dashes in the text: exit %d\n%s", code, out)
	}
}

// No code found: the report line goes to stdout and the exit code is 1.
func TestDiagnoseAADSTSNothingFoundConsistent(t *testing.T) {
	out, errOut, code := diagRun(t, "the mail did not go out", nil, "diagnose", "aadsts", "-")
	if code != ExitFailed || out != "No AADSTS code found.\n" || !strings.Contains(errOut, "no AADSTS code found in stdin") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A bare port or year is not a code.
	for _, arg := range []string{"8443", "2024"} {
		out, _, code := diagRun(t, "", nil, "diagnose", "aadsts", arg)
		if code != ExitFailed || out != "No AADSTS code found.\n" {
			t.Errorf("%s: exit %d\n%s", arg, code, out)
		}
	}
}

// Another program's error code beside a Trace ID is not an AADSTS code:
// a label qualified by another word, or a JDBC code with its SQLState.
func TestDiagnoseAADSTSQualifiedLabels(t *testing.T) {
	const trace = "Trace ID: 11111111-2222-3333-4444-555555555555\n"
	for _, label := range []string{"SQL ErrorCode: 17002", "DB error code: 17002", "Mail error code: 50126", "ErrorCode: 17002, SQLState: 08006"} {
		out, _, code := diagRun(t, trace+label+"\n", nil, "diagnose", "aadsts", "-")
		if code != ExitFailed || out != "No AADSTS code found.\n" {
			t.Errorf("%q: exit %d\n%s", label, code, out)
		}
	}
	// The sign-in page's own label still counts.
	out, _, code := diagRun(t, trace+"Error Code: 50126\n", nil, "diagnose", "aadsts", "-")
	if code != ExitOK || !strings.Contains(out, "AADSTS50126 InvalidUserNameOrPassword") {
		t.Errorf("Error Code: exit %d\n%s", code, out)
	}
}

// An OAuth error written as a word is the Entra ID error that makes a
// labelled code near it an AADSTS code.
func TestDiagnoseAADSTSOAuthErrorWord(t *testing.T) {
	for _, in := range []string{"Error: invalid_grant\nError Code: 70008\n", "Failed to get access token: invalid_grant\nError Code: 70008\n", "OAuth error invalid_grant\nError Code: 70008\n"} {
		out, _, code := diagRun(t, in, nil, "diagnose", "aadsts", "-")
		if code != ExitOK || !strings.Contains(out, "AADSTS70008 ExpiredOrRevokedGrant (invalid_grant)") {
			t.Errorf("%q: exit %d\n%s", in, code, out)
		}
	}
}

// Input that is not text is unreadable input (exit 3) that says what it is
// and what to do; UTF-16 without a byte order mark is read as text.
func TestDiagnoseAADSTSNotText(t *testing.T) {
	dir := t.TempDir()
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("AADSTS700082: The refresh token has expired due to inactivity.\n"))
	zw.Close()
	gzPath := filepath.Join(dir, "whd.log.gz")
	if err := os.WriteFile(gzPath, gz.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := diagRun(t, "", nil, "diagnose", "aadsts", "--file", gzPath)
	if code != ExitRuntime || !strings.Contains(errOut, gzPath+" is gzip-compressed data, not text") ||
		!strings.Contains(errOut, "gunzip -c "+gzPath+" | whdctl diagnose aadsts -") || !strings.Contains(errOut, "whdctl diagnose logs "+gzPath) {
		t.Errorf("gzip file: exit %d, stderr %q", code, errOut)
	}
	out, errOut, code := diagRun(t, gz.String(), nil, "diagnose", "aadsts", "-")
	if code != ExitRuntime || out != "" || !strings.Contains(errOut, "stdin is gzip-compressed data, not text") || !strings.Contains(errOut, "gunzip -c FILE | whdctl diagnose aadsts -") {
		t.Errorf("gzip stdin: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for name, in := range map[string]string{
		"binary":    "\x00\x01\xff\xfe\x00garbage",
		"zip":       "PK\x03\x04\x14\x00\x08\x00\x08\x00",
		"only NULs": "\x00\x00\x00\x00\x00\x00",
	} {
		out, errOut, code := diagRun(t, in, nil, "diagnose", "aadsts", "-")
		if code != ExitRuntime || out != "" || !strings.Contains(errOut, "not text") || !strings.Contains(errOut, "paste the error text") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", name, code, out, errOut)
		}
	}
	// UTF-16 without a byte order mark, as some programs save it.
	var u16 []byte
	for _, r := range "Error Code: 50011\r\nRequest Id: 0a1b2c3d-0000-4000-8000-000000000701\r\n" {
		u16 = append(u16, byte(r), 0)
	}
	u16Path := filepath.Join(dir, "error.txt")
	if err := os.WriteFile(u16Path, u16, 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = diagRun(t, "", nil, "diagnose", "aadsts", "--file", u16Path)
	if code != ExitOK || !strings.Contains(out, "AADSTS50011 InvalidReplyTo") || !strings.Contains(out, "0a1b2c3d-0000-4000-8000-000000000701") {
		t.Errorf("UTF-16 without a mark: exit %d, stderr %q\n%s", code, errOut, out)
	}
}

// A file is read into one buffer of its size, which becomes the text
// without a copy.
func TestDiagnoseAADSTSReadsFileIntoOneBuffer(t *testing.T) {
	const size = 16 << 20
	p := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(p, bytes.Repeat([]byte("x"), size), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	text, err := readLimited(f, p, "")
	runtime.ReadMemStats(&after)
	if err != nil || len(text) != size {
		t.Fatalf("%d bytes, %v", len(text), err)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > size+size/8 {
		t.Errorf("reading %d bytes allocated %d bytes, want about the file's size", size, n)
	}
}
