package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The cloud patch-conf keeps is read the way the wrapper reads the file:
// settings in an #include'd file count too.
func TestPatchConfKeepsTheCloudOfAnInclude(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "gov.conf")
	if err := os.WriteFile(inc, []byte("wrapper.java.additional.19=-DExchangeServiceURL=\"https://outlook.office365.us/\"\n"+
		"wrapper.java.additional.20=-DAzureAuthorizationScope=\"offline_access%20https://graph.microsoft.us/.default\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	main := filepath.Join(dir, "wrapper_template.conf")
	var b strings.Builder
	b.WriteString("#encoding=UTF-8\n")
	for i := 1; i <= 18; i++ {
		b.WriteString("wrapper.java.additional." + strconv.Itoa(i) + "=-Dx" + strconv.Itoa(i) + "=1\n")
	}
	b.WriteString("#include " + inc + "\n")
	if err := os.WriteFile(main, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, nil, "patch-conf", "--file", main, "--dry-run")
	if code != ExitOK || !strings.Contains(out, "keeping the cloud the file uses now: gcch") || strings.Contains(out, "office365.com") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}

// A whd.conf with a shell syntax error is a problem of its content, as
// validate's WHD207 says: exit 1 ("refused" in JSON), not 3, and the
// message does not say the file could not be read.
func TestPatchConfSyntaxErrorIsARefusal(t *testing.T) {
	src, err := os.ReadFile("../../fixtures/broken/whdconf/syntax-error/whd.conf")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, src, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, nil, nil, "patch-conf", "--file", p)
	if code != ExitFailed || !strings.Contains(errOut, "line 47: column 11: shell syntax error") || strings.Contains(errOut, "cannot read") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	code, out, _ := runCLI(t, nil, nil, "patch-conf", "--file", p, "--output", "json")
	if code != ExitFailed || !strings.Contains(out, `"kind": "refused"`) {
		t.Errorf("exit %d: %s", code, out)
	}
	if got, _ := os.ReadFile(p); string(got) != string(src) {
		t.Error("the file was changed")
	}
}

// DoD is an Azure Government cloud too: the vendor's caveat is shown for
// it as for GCC High, and not for the commercial cloud.
func TestPatchConfGovernmentNote(t *testing.T) {
	for cloud, want := range map[string]bool{"gcch": true, "dod": true, "global": false, "china": false} {
		code, out, errOut := runCLI(t, nil, nil, "patch-conf", "--file", "../../fixtures/linux/conf/whd.conf", "--cloud", cloud, "--dry-run")
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", cloud, code, errOut)
		}
		if got := strings.Contains(out+errOut, "not supported for GCC High / Azure Government"); got != want {
			t.Errorf("--cloud %s: note shown = %v, want %v:\n%s%s", cloud, got, want, out, errOut)
		}
	}
}

// --file on the whd.conf of a Windows install (or on wrapper.conf beside
// the template) says that WHD does not take its JVM options from there;
// the Linux install's whd.conf gets no such note.
func TestPatchConfFileNotTakenByWHD(t *testing.T) {
	for _, tt := range []struct {
		file, want string
	}{
		{"../../fixtures/windows/conf/whd.conf", "not from JAVA_OPTS in whd.conf: a change here does not reach WHD"},
		{"../../fixtures/linux/conf/whd.conf", ""},
	} {
		code, out, errOut := runCLI(t, nil, nil, "patch-conf", "--file", tt.file, "--dry-run")
		if code != ExitOK {
			t.Fatalf("%s: exit %d: %s", tt.file, code, errOut)
		}
		if got := strings.Contains(out, "a change here does not reach WHD"); got != (tt.want != "") {
			t.Errorf("%s: note shown = %v:\n%s", tt.file, got, out)
		}
	}
	dir := filepath.Join(t.TempDir(), "conf")
	os.MkdirAll(dir, 0o755)
	src := "#encoding=UTF-8\nwrapper.java.additional.1=-Xms1m\n"
	for _, n := range []string{"wrapper.conf", "wrapper_template.conf"} {
		os.WriteFile(filepath.Join(dir, n), []byte(src), 0o644)
	}
	code, out, errOut := runCLI(t, nil, nil, "patch-conf", "--file", filepath.Join(dir, "wrapper.conf"), "--dry-run")
	if code != ExitOK || !strings.Contains(out, "the vendor's procedure edits the template, not wrapper.conf") {
		t.Errorf("wrapper.conf: exit %d:\n%s%s", code, out, errOut)
	}
}

// patch-conf does not write a Microsoft 365 value that its own validate
// fails (exit 2, nothing written, the rules named); good values and other
// properties are written as before.
func TestPatchConfRefusesValuesValidateFails(t *testing.T) {
	for _, format := range []string{"windows/bin/wrapper/conf/wrapper_template.conf", "linux/conf/whd.conf"} {
		src, err := os.ReadFile("../../fixtures/" + format)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), filepath.Base(format))
		os.WriteFile(p, src, 0o644)
		for _, tt := range []struct {
			set  []string
			want string // "" = accepted
		}{
			{[]string{"AzureTokenURL=notaurl"}, "WHD303: AzureTokenURL"},
			{[]string{"IsGcchAzureAccount=maybe"}, "WHD305: IsGcchAzureAccount"},
			{[]string{"AzureAuthorizationScope=foo"}, "WHD304: AzureAuthorizationScope"},
			{[]string{"AzureTokenURL=https://login.microsoftonline.com/", "Foo=bar"}, ""},
			{[]string{"IsGcchAzureAccount=false"}, ""},
		} {
			args := []string{"patch-conf", "--file", p, "--dry-run"}
			for _, s := range tt.set {
				args = append(args, "--set", s)
			}
			code, _, errOut := runCLI(t, nil, nil, args...)
			switch {
			case tt.want != "" && (code != ExitUsage || !strings.Contains(errOut, tt.want) || !strings.Contains(errOut, "nothing was written")):
				t.Errorf("%s %v: exit %d: %s", format, tt.set, code, errOut)
			case tt.want == "" && code != ExitOK:
				t.Errorf("%s %v: exit %d: %s", format, tt.set, code, errOut)
			}
		}
		code, _, errOut := runCLI(t, nil, nil, "patch-conf", "--file", p, "--set", "AzureTokenURL=notaurl")
		if got, _ := os.ReadFile(p); code != ExitUsage || string(got) != string(src) {
			t.Errorf("%s: exit %d, file changed = %v: %s", format, code, string(got) != string(src), errOut)
		}
	}
}

// A failure's JSON has the keys of a report, in the report's order, then
// error: scripts reading either get the same shape.
func TestPatchConfFailureKeyOrder(t *testing.T) {
	keys := func(out string) []string {
		dec := json.NewDecoder(strings.NewReader(out))
		var ks []string
		depth := 0
		for {
			tok, err := dec.Token()
			if err != nil {
				return ks
			}
			switch v := tok.(type) {
			case json.Delim:
				if v == '{' || v == '[' {
					depth++
				} else {
					depth--
				}
			case string:
				if depth == 1 && dec.More() {
					ks = append(ks, v)
					var skip json.RawMessage
					dec.Decode(&skip)
				}
			}
		}
	}
	_, ok, _ := runCLI(t, nil, nil, "patch-conf", "--file", "../../fixtures/linux/conf/whd.conf", "--dry-run", "-o", "json")
	_, bad, _ := runCLI(t, nil, nil, "patch-conf", "--file", "/nonexistent/whd.conf", "-o", "json")
	want := strings.Join(keys(ok), " ") + " error"
	if got := strings.Join(keys(bad), " "); got != want {
		t.Errorf("failure keys %q, want %q", got, want)
	}
}

// --output, --format and --fail-on take any case, as --cloud does.
func TestFlagValuesAnyCase(t *testing.T) {
	for _, args := range [][]string{
		{"patch-conf", "--file", "../../fixtures/linux/conf/whd.conf", "--format", "WHDCONF", "--output", "JSON", "--dry-run"},
		{"validate", "--format", "WhdConf", "--output", "Json", "--fail-on", "Never", "../../fixtures/linux/conf/whd.conf"},
		{"diagnose", "aadsts", "--output", "JSON", "AADSTS700082"},
	} {
		code, out, errOut := runCLI(t, nil, nil, args...)
		if code != ExitOK || !strings.HasPrefix(strings.TrimSpace(out), "{") && !strings.HasPrefix(strings.TrimSpace(out), "[") {
			t.Errorf("%v: exit %d, stderr %q\n%s", args, code, errOut, out)
		}
	}
}

// Options put first again keep an empty value as a value: "--format=" before
// the path and an option after it ("--format" alone took "--fail-on" as
// its value).
func TestFlagsFirstKeepsEmptyValue(t *testing.T) {
	code, out, errOut := runCLI(t, nil, nil, "validate", "--format=", "../../fixtures/linux/conf/whd.conf", "--fail-on", "never", "-o", "json")
	if code != ExitOK || !strings.Contains(out, `"files": 1`) {
		t.Errorf("exit %d, stderr %q\n%s", code, errOut, out)
	}
}
