package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/validate"
)

// vrun runs whdctl in process, in dir, with an environment of its own.
func vrun(t *testing.T, dir string, environ map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	getenv := func(k string) string { return environ[k] }
	code = run(append([]string{"whdctl"}, args...), &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: getenv})
	return out.String(), errb.String(), code
}

var goldenArgs = []string{"validate", "in/wrapper_template.conf", "in/whd.conf", "--mail-properties-file", "in/mail.txt"}

// TestValidateGolden: the report of the same files in every output format
// (testdata/validate/*.golden; -update rewrites them).
func TestValidateGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "sarif", "github"} {
		t.Run(format, func(t *testing.T) {
			stdout, stderr, code := vrun(t, filepath.Join("testdata", "validate"), nil, append(goldenArgs, "--output", format)...)
			if code != ExitFailed || stderr != "" {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			t.Chdir(filepath.Join("..", ".."))
			checkGolden(t, filepath.Join("validate", format+".golden"), []byte(stdout))
		})
	}
}

// TestValidateFormatsAgree: JSON, SARIF and GitHub annotations carry the same
// findings (rule, file, line, column, level).
func TestValidateFormatsAgree(t *testing.T) {
	dir := filepath.Join("testdata", "validate")
	js, _, _ := vrun(t, dir, nil, append(goldenArgs, "-o", "json")...)
	var rep struct {
		Files      int                  `json:"files"`
		Findings   []finding.Finding    `json:"findings"`
		Errors     []validate.FileError `json:"errors"`
		Suppressed int                  `json:"suppressed"`
	}
	if err := json.Unmarshal([]byte(js), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || rep.Suppressed != 1 || len(rep.Errors) != 0 || len(rep.Findings) < 8 {
		t.Fatalf("json report: %+v", rep)
	}
	sj, _, _ := vrun(t, "", nil, append(goldenArgs, "-o", "sarif")...)
	log, err := sarif.FromString(sj)
	if err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	gh, _, _ := vrun(t, "", nil, append(goldenArgs, "-o", "github")...)
	var annotations []string
	for _, l := range strings.Split(gh, "\n") {
		if strings.HasPrefix(l, "::") {
			annotations = append(annotations, l)
		}
	}
	if len(results) != len(rep.Findings) || len(annotations) != len(rep.Findings) {
		t.Fatalf("%d findings, %d SARIF results, %d annotations", len(rep.Findings), len(results), len(annotations))
	}
	for i, f := range rep.Findings {
		r := results[i]
		if *r.RuleID != f.Rule || *r.Level != sarifLevel(f.Severity) || !strings.HasPrefix(*r.Message.Text, f.Message) {
			t.Errorf("SARIF result %d = %s %s %q, finding %+v", i, *r.RuleID, *r.Level, *r.Message.Text, f)
		}
		if f.File == "" {
			if len(r.Locations) != 0 {
				t.Errorf("result %d has a location", i)
			}
		} else {
			pl := r.Locations[0].PhysicalLocation
			if *pl.ArtifactLocation.URI != filepath.ToSlash(f.File) || *pl.Region.StartLine != f.Line || (f.Column > 0 && *pl.Region.StartColumn != f.Column) {
				t.Errorf("result %d location %s:%d, finding %s", i, *pl.ArtifactLocation.URI, *pl.Region.StartLine, f.Location())
			}
		}
		want := "::" + map[finding.Severity]string{finding.Error: "error", finding.Warning: "warning", finding.Info: "notice"}[f.Severity] + " "
		if f.File != "" {
			want += "file=" + f.File + ",line=" + strconv.Itoa(f.Line)
		}
		if !strings.HasPrefix(annotations[i], want) || !strings.Contains(annotations[i], "title="+f.Rule+" ") {
			t.Errorf("annotation %d = %s, want prefix %s", i, annotations[i], want)
		}
	}
}

// TestValidateSARIFSchema checks the SARIF output against the required
// properties and enumerations of the SARIF 2.1.0 schema, on a run with
// findings and a file that could not be read.
func TestValidateSARIFSchema(t *testing.T) {
	out, _, code := vrun(t, filepath.Join("testdata", "validate"), nil, append(goldenArgs, "in/missing.conf", "-o", "sarif")...)
	if code != ExitRuntime {
		t.Fatalf("exit %d", code)
	}
	var log map[string]any
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	obj := func(v any, what string) map[string]any {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object: %v", what, v)
		}
		return m
	}
	arr := func(v any, what string) []any {
		a, ok := v.([]any)
		if !ok {
			t.Fatalf("%s is not an array: %v", what, v)
		}
		return a
	}
	str := func(m map[string]any, key, what string) string {
		s, ok := m[key].(string)
		if !ok || s == "" {
			t.Errorf("%s.%s: required, a non-empty string (got %v)", what, key, m[key])
		}
		return s
	}
	message := func(v any, what string) {
		m := obj(v, what)
		if _, text := m["text"].(string); !text {
			if _, id := m["id"].(string); !id {
				t.Errorf("%s: a message needs text or id", what)
			}
		}
	}
	levels := []string{"none", "note", "warning", "error"}
	if str(log, "version", "sarifLog") != "2.1.0" || !strings.Contains(str(log, "$schema", "sarifLog"), "sarif-schema-2.1.0") {
		t.Errorf("version/$schema: %v %v", log["version"], log["$schema"])
	}
	runs := arr(log["runs"], "runs")
	if len(runs) != 1 {
		t.Fatalf("%d runs", len(runs))
	}
	run := obj(runs[0], "run")
	driver := obj(obj(run["tool"], "run.tool")["driver"], "tool.driver")
	if str(driver, "name", "driver") != "whdctl" {
		t.Errorf("driver name %v", driver["name"])
	}
	var ids []string
	for i, r := range arr(driver["rules"], "driver.rules") {
		rule := obj(r, "rule")
		ids = append(ids, str(rule, "id", "rule"))
		message(rule["shortDescription"], "rule.shortDescription")
		conf := obj(rule["defaultConfiguration"], "rule.defaultConfiguration")
		if !slices.Contains(levels, conf["level"].(string)) {
			t.Errorf("rule %d level %v", i, conf["level"])
		}
	}
	if len(ids) != len(validate.Rules()) {
		t.Errorf("%d rules in SARIF, %d registered", len(ids), len(validate.Rules()))
	}
	results := arr(run["results"], "run.results")
	for i, rv := range results {
		r := obj(rv, "result")
		message(r["message"], "result.message")
		id := str(r, "ruleId", "result")
		if idx, ok := r["ruleIndex"].(float64); !ok || int(idx) >= len(ids) || ids[int(idx)] != id {
			t.Errorf("result %d: ruleIndex %v does not point at %s", i, r["ruleIndex"], id)
		}
		if !slices.Contains(levels, r["level"].(string)) {
			t.Errorf("result %d level %v", i, r["level"])
		}
		for _, lv := range arr(orEmpty(r["locations"]), "result.locations") {
			pl := obj(obj(lv, "location")["physicalLocation"], "physicalLocation")
			str(obj(pl["artifactLocation"], "artifactLocation"), "uri", "artifactLocation")
			if reg, ok := pl["region"].(map[string]any); ok {
				if l, ok := reg["startLine"].(float64); !ok || l < 1 {
					t.Errorf("result %d startLine %v", i, reg["startLine"])
				}
				if c, ok := reg["startColumn"]; ok && c.(float64) < 1 {
					t.Errorf("result %d startColumn %v", i, c)
				}
			}
		}
	}
	if len(results) < 8 {
		t.Errorf("%d results", len(results))
	}
	invs := arr(run["invocations"], "run.invocations")
	inv := obj(invs[0], "invocation")
	if ok, isBool := inv["executionSuccessful"].(bool); !isBool || ok {
		t.Errorf("executionSuccessful = %v, want false (a file could not be read)", inv["executionSuccessful"])
	}
	notes := arr(inv["toolExecutionNotifications"], "toolExecutionNotifications")
	if len(notes) != 1 {
		t.Fatalf("%d notifications", len(notes))
	}
	message(obj(notes[0], "notification")["message"], "notification.message")
	if !strings.Contains(out, "in/missing.conf: no such file") {
		t.Errorf("the unreadable file is not named")
	}
	if cols, _ := run["columnKind"].(string); cols != "unicodeCodePoints" {
		t.Errorf("columnKind %q", cols)
	}
}

func orEmpty(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}

func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// The files set the Microsoft 365 properties, so that WHD306 (info: none
	// of them set) stays out of the counts.
	m365 := "JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/ -DAzureTokenURL=https://login.microsoftonline.com/" +
		" -DAzureAuthorizationURL=https://login.microsoftonline.com/ -DIsGcchAzureAccount=true" +
		" -DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\"\n"
	clean := file("clean/whd.conf", "DEFAULT_PORT=8081\n"+m365)
	errs := file("errors/whd.conf", "DEFAULT_PORT=\n"+m365)
	warns := file("warnings/whd.conf", "DEFAULT_PORT=8081\n"+m365+"X=$(date)\n")
	info := file("info/wrapper_template.conf", "wrapper.java.additional.1=-DExchangeServiceURL=https://outlook.office365.com/\n"+
		"wrapper.java.additional.2=-DAzureTokenURL=https://login.microsoftonline.com/\nwrapper.java.additional.3=-DAzureAuthorizationURL=https://login.microsoftonline.com/\n"+
		"wrapper.java.additional.4=-DIsGcchAzureAccount=true\nwrapper.java.additional.5=-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\n")
	badEnc := file("encoding/wrapper_template.conf", "#encoding=UTF8\nwrapper.java.additional.1=-Da=1\n")
	suppressed := file("suppressed/whd.conf", "DEFAULT_PORT=8081\n"+m365+"# whdctl:ignore WHD205 reviewed\nX=$(date)\n")
	fixtures, _ := filepath.Abs(filepath.Join("..", "..", "fixtures"))
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a regexp the output must match
		stderr string
	}{
		{"clean", []string{clean}, ExitOK, `^1 file checked: no problems found\n$`, `^$`},
		{"errors", []string{errs}, ExitFailed, `error WHD206`, `^$`},
		{"--fail-on never", []string{errs, "--fail-on", "never"}, ExitOK, `error WHD206`, `^$`},
		{"warnings below error", []string{warns}, ExitOK, `warning WHD205`, `^$`},
		{"--fail-on warning", []string{warns, "--fail-on", "warning"}, ExitFailed, `1 warning`, `^$`},
		{"info below warning", []string{info, "--fail-on", "warning"}, ExitOK, `info WHD110`, `^$`},
		{"unknown #encoding fails the default --fail-on", []string{badEnc}, ExitFailed, `(?m)^\S+:1:11: error WHD112: #encoding=UTF8: `, `^$`},
		{"--fail-on info", []string{info, "--fail-on", "info"}, ExitFailed, `1 info`, `^$`},
		{"suppressed", []string{suppressed, "--fail-on", "info"}, ExitOK, `no problems found \(1 suppressed\)`, `^$`},
		{"--no-ignore", []string{suppressed, "--no-ignore"}, ExitOK, `warning WHD205`, `^$`},
		{"unreadable and others", []string{filepath.Join(dir, "nope.conf"), errs, clean}, ExitRuntime, `(?s)error WHD206.*2 files checked: 1 error; 1 file could not be read`, `nope.conf: no such file`},
		{"a folder", []string{dir}, ExitRuntime, `0 files checked; 1 file could not be read`, `is a folder, not a config file`},
		// The sample installs have no problem; their one finding is the note
		// that the Microsoft 365 properties are not set (WHD306, info).
		{"--whd-home windows", []string{"--whd-home", filepath.Join(fixtures, "windows")}, ExitOK, `^\S+wrapper_template.conf:\d+:1: info WHD306: the Microsoft 365 properties are not set[^\n]*\n[^\n]*\n2 files checked: 1 info\n$`, `^$`},
		{"--whd-home linux", []string{"--whd-home", filepath.Join(fixtures, "linux"), "-o", "text"}, ExitOK, `^\S+whd.conf:47:1: info WHD306: the Microsoft 365 properties are not set[^\n]*\n[^\n]*\n1 file checked: 1 info\n$`, `^$`},
		{"--whd-home linux, --fail-on info", []string{"--whd-home", filepath.Join(fixtures, "linux"), "--fail-on", "info"}, ExitFailed, `1 file checked: 1 info`, `^$`},
		{"--whd-home missing", []string{"--whd-home", filepath.Join(dir, "nowhere")}, ExitRuntime, ``, `no such folder`},
		{"--whd-home not WHD", []string{"--whd-home", filepath.Join(dir, "clean")}, ExitRuntime, ``, `does not look like a WHD home folder`},
		{"--whd-home a file", []string{"--whd-home", clean}, ExitRuntime, ``, `is not a folder`},
		{"same file twice", []string{errs, errs}, ExitFailed, `1 file checked: 1 error`, `^$`},
		{"forced format", []string{info, "--format", "whdconf"}, ExitFailed, `error WHD206`, `^$`},
		{"mail properties", []string{"--mail-properties", "mail.smtp.ehlo=no"}, ExitFailed, `(?m)^error WHD501: mail.smtp.ehlo is "no".*\(at character 16\)$`, `^$`},
		{"mail properties ok", []string{"--mail-properties", "mail.smtp.ehlo=false; mail.smtp.userset=true"}, ExitOK, `no problems found`, `^$`},
		{"mail properties empty", []string{"--mail-properties", " "}, ExitUsage, `^$`, `--mail-properties is empty`},
		{"mail properties file path empty", []string{"--mail-properties-file", ""}, ExitUsage, `^$`, `--mail-properties-file is empty`},
		{"mail file missing", []string{"--mail-properties-file", filepath.Join(dir, "none.txt")}, ExitRuntime, ``, `none.txt: no such file`},
		{"usage: nothing to check", nil, ExitUsage, ``, `needs FILE arguments, --whd-home DIR \(or WHDCTL_WHD_HOME\), or --mail-properties`},
		{"usage: --output", []string{clean, "--output", "xml"}, ExitUsage, ``, `--output "xml"`},
		{"usage: --fail-on", []string{clean, "--fail-on", "fatal"}, ExitUsage, ``, `--fail-on "fatal"`},
		{"usage: --format", []string{clean, "--format", "ini"}, ExitUsage, ``, `--format "ini"`},
		{"usage: both mail flags", []string{"--mail-properties", "a=b", "--mail-properties-file", clean}, ExitUsage, ``, `exclusive`},
		{"usage: --jobs", []string{clean, "--jobs", "-1"}, ExitUsage, ``, `--jobs -1`},
		{"usage: unknown flag", []string{clean, "--colour"}, ExitUsage, ``, `flag provided but not defined: --colour`},
		{"usage: stdin twice", []string{"--format", "whdconf", "-", "-"}, ExitUsage, ``, `standard input can be read once: give '-' one time`},
		{"usage: flag without its value", []string{clean, "--fail-on"}, ExitUsage, ``, `flag needs an argument: --fail-on`},
		{"flags before and after", []string{"--fail-on", "never", errs, "-o", "json", "--no-ignore"}, ExitOK, `"files": 1`, `^$`},
		{"--help after a file", []string{clean, "--help"}, ExitOK, `whdctl validate \[options\] \[FILE...\]`, `^$`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := vrun(t, "", map[string]string{"NO_COLOR": "1"}, append([]string{"validate"}, tt.args...)...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			if !regexp.MustCompile(tt.stdout).MatchString(stdout) {
				t.Errorf("stdout %q does not match %q", stdout, tt.stdout)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(stderr) {
				t.Errorf("stderr %q does not match %q", stderr, tt.stderr)
			}
		})
	}
}

// TestValidateAutoOutput: --output auto (the default) writes annotations
// under GitHub Actions and text elsewhere.
func TestValidateAutoOutput(t *testing.T) {
	dir := filepath.Join("testdata", "validate")
	out, _, code := vrun(t, dir, map[string]string{"GITHUB_ACTIONS": "true"}, "validate", "in/whd.conf")
	if code != ExitFailed || !strings.HasPrefix(out, "::error file=in/whd.conf,line=4,col=1,title=WHD201 ") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	out, _, _ = vrun(t, "", map[string]string{"GITHUB_ACTIONS": "false"}, "validate", "in/whd.conf")
	if !strings.HasPrefix(out, "in/whd.conf:4:1: error WHD201: ") {
		t.Errorf("output:\n%s", out)
	}
}

func TestGitHubEscaping(t *testing.T) {
	var b bytes.Buffer
	writeGitHub(&b, &validate.Result{Findings: []finding.Finding{{
		Rule: "WHD205", Severity: finding.Warning, File: "a,b:c%.conf", Line: 3,
		Message: "50% done: x,y\r\nnext", Fix: "do it",
	}}})
	want := "::warning file=a%2Cb%3Ac%25.conf,line=3,title=WHD205 commands that run at every start::50%25 done: x,y%0D%0Anext%0AFix: do it\n"
	if got := strings.SplitAfter(b.String(), "\n")[0]; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"conf/whd.conf":       "conf/whd.conf",
		"/opt/whd/a b.conf":   "file:///opt/whd/a%20b.conf",
		"site #1/whd.conf":    "site%20%231/whd.conf",
		"dir/wrapper%20.conf": "dir/wrapper%2520.conf",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestExplain(t *testing.T) {
	out, _, code := vrun(t, "", nil, "explain")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, r := range validate.Rules() {
		if !regexp.MustCompile(`(?m)^` + r.ID + `  ` + string(r.Severity) + ` `).MatchString(out) {
			t.Errorf("the list lacks %s", r.ID)
		}
	}
	out, _, code = vrun(t, "", nil, "explain", "whd201")
	if code != ExitOK || !strings.HasPrefix(out, "WHD201  error  JAVA_OPTS assigned again") ||
		!strings.Contains(out, "Why WHD breaks\n") || !strings.Contains(out, "JAVA_OPTS=\"$JAVA_OPTS -DAzureTokenURL=") {
		t.Errorf("exit %d, page:\n%s", code, out)
	}
	out, _, _ = vrun(t, "", nil, "explain", "WHD202")
	if !strings.Contains(out, "DEFAULT_PORT=8081<CR><LF>") || strings.Contains(out, "\r") {
		t.Errorf("the carriage returns of the example are not shown:\n%s", out)
	}
	out, _, code = vrun(t, "", nil, "explain", "-o", "json", "WHD501")
	var r explainRule
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != ExitOK || r.ID != "WHD501" || r.Example.Bad == "" || r.Fix == "" {
		t.Errorf("exit %d, %v, %+v", code, err, r)
	}
	// Options may follow the rule ID, as they may follow validate's files.
	for _, args := range [][]string{{"whd201", "--output", "json"}, {"whd201", "-o", "json"}, {"whd201", "--output=json"}} {
		out, stderr, code := vrun(t, "", nil, append([]string{"explain"}, args...)...)
		var r explainRule
		if err := json.Unmarshal([]byte(out), &r); err != nil || code != ExitOK || r.ID != "WHD201" {
			t.Errorf("explain %v: exit %d, %v, stderr %q", args, code, err, stderr)
		}
	}
	if _, stderr, code := vrun(t, "", nil, "explain", "WHD201", "--colour"); code != ExitUsage || !strings.Contains(stderr, "explain: flag provided but not defined: --colour") {
		t.Errorf("unknown option after the ID: exit %d, %s", code, stderr)
	}
	// Every JSON key is lower-case snake_case, the example's too.
	var raw any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	var keys func(v any)
	keys = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if !regexp.MustCompile(`^[a-z][a-z0-9_]*$`).MatchString(k) {
					t.Errorf("JSON key %q is not lower-case snake_case", k)
				}
				keys(x)
			}
		case []any:
			for _, x := range v {
				keys(x)
			}
		}
	}
	keys(raw)
	if ex, _ := raw.(map[string]any)["example"].(map[string]any); ex["format"] != "mail" || ex["bad"] == nil || ex["good"] == nil {
		t.Errorf("example: %v", raw.(map[string]any)["example"])
	}
	out, _, _ = vrun(t, "", nil, "explain", "--output", "json")
	var all []explainRule
	if err := json.Unmarshal([]byte(out), &all); err != nil || len(all) != len(validate.Rules()) {
		t.Errorf("%v, %d rules", err, len(all))
	}
	if strings.Contains(out, `"Format"`) || strings.Contains(out, `"Bad"`) || strings.Contains(out, `"Good"`) {
		t.Errorf("the list has upper-case keys")
	}
	_, stderr, code := vrun(t, "", nil, "explain", "WHD999")
	if code != ExitUsage || !strings.Contains(stderr, `"WHD999" is not a rule ID`) {
		t.Errorf("exit %d, %s", code, stderr)
	}
	if _, _, code := vrun(t, "", nil, "explain", "WHD101", "WHD102"); code != ExitUsage {
		t.Errorf("two IDs: exit %d", code)
	}
}

// TestValidateWhdHomeEnv: WHDCTL_WHD_HOME names the install when nothing
// else is named, as for patch-conf and diagnose; FILE arguments, --whd-home
// and --mail-properties win over it.
func TestValidateWhdHomeEnv(t *testing.T) {
	fixtures, _ := filepath.Abs(filepath.Join("..", "..", "fixtures"))
	dir := t.TempDir()
	clean := filepath.Join(dir, "whd.conf")
	if err := os.WriteFile(clean, []byte("# whdctl:ignore WHD306 no Microsoft 365 mail here\nDEFAULT_PORT=8081\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WHDCTL_WHD_HOME": filepath.Join(fixtures, "linux"), "NO_COLOR": "1"}
	for _, tt := range []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"from the environment", env, nil, ExitOK, `(?s)fixtures/linux/conf/whd.conf:47:1: info WHD306.*1 file checked: 1 info\n$`, `^$`},
		{"json", env, []string{"-o", "json"}, ExitOK, `"files": 1`, `^$`},
		{"a FILE wins", env, []string{clean}, ExitOK, `^1 file checked: no problems found \(1 suppressed\)\n$`, `^$`},
		{"--whd-home wins", env, []string{"--whd-home", filepath.Join(fixtures, "windows")}, ExitOK, `2 files checked: 1 info`, `^$`},
		{"--mail-properties wins", env, []string{"--mail-properties", "mail.smtp.ehlo=false"}, ExitOK, `^0 files checked: no problems found\n$`, `^$`},
		{"missing folder", map[string]string{"WHDCTL_WHD_HOME": filepath.Join(dir, "nowhere")}, nil, ExitRuntime, ``, `nowhere: no such folder: give WHDCTL_WHD_HOME the WHD home folder`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := vrun(t, "", tt.env, append([]string{"validate"}, tt.args...)...)
			if code != tt.code || !regexp.MustCompile(tt.stdout).MatchString(filepath.ToSlash(stdout)) || !regexp.MustCompile(tt.stderr).MatchString(stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
		})
	}
}

// TestValidateStdin: '-' (or /dev/stdin) reads the file from standard input,
// with --format; without it the message says what to add.
func TestValidateStdin(t *testing.T) {
	crlf := "DEFAULT_PORT=8081\r\nJAVA_OPTS=\"-Da=1\"\r\n"
	run := func(stdin string, args ...string) (string, string, int) {
		t.Helper()
		var out, errb bytes.Buffer
		getenv := func(k string) string { return map[string]string{"NO_COLOR": "1"}[k] }
		code := run(append([]string{"whdctl", "validate"}, args...), &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb, getenv: getenv})
		return out.String(), errb.String(), code
	}
	for _, tt := range []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"dash", crlf, []string{"--format", "whdconf", "-"}, ExitFailed, `(?m)^<stdin>:1: error WHD202: `, `^$`},
		{"options after the dash", crlf, []string{"-", "--format", "whdconf", "-o", "json"}, ExitFailed, `"file": "<stdin>"`, `^$`},
		{"/dev/stdin", "#encoding=UTF-8\nwrapper.java.additional.2=-Da=1\n", []string{"--format=wrapper", "/dev/stdin"}, ExitFailed, `(?m)^<stdin>:2:1: error WHD102: `, `^$`},
		{"with files", crlf, []string{"--format", "whdconf", "-", "../../fixtures/linux/conf/whd.conf"}, ExitFailed, `2 files checked: 1 error`, `^$`},
		{"no --format", crlf, []string{"-"}, ExitUsage, `^$`, `standard input \(-\) needs --format wrapper or --format whdconf`},
		{"/dev/stdin without --format", crlf, []string{"/dev/stdin"}, ExitUsage, `^$`, `standard input \(/dev/stdin\) needs --format`},
		{"twice", crlf, []string{"--format", "whdconf", "-", "/dev/stdin"}, ExitUsage, `^$`, `standard input can be read once`},
		{"empty", "", []string{"--format", "whdconf", "-"}, ExitRuntime, `0 files checked`, `<stdin>: is empty`},
		{"binary", "A=1\x00", []string{"--format", "whdconf", "-"}, ExitRuntime, ``, `<stdin>: contains a NUL byte`},
		{"UTF-16", "D\x00E\x00F\x00A\x00U\x00L\x00T\x00_\x00P\x00O\x00R\x00T\x00=\x008\x000\x008\x001\x00\n\x00", []string{"--format", "whdconf", "-"}, ExitRuntime, ``, `<stdin>: is saved as UTF-16 \(little-endian, without a byte order mark\), which WHD does not read as a config file: save it as UTF-8 without BOM`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(tt.stdin, tt.args...)
			if code != tt.code || !regexp.MustCompile(tt.stdout).MatchString(stdout) || !regexp.MustCompile(tt.stderr).MatchString(stderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
		})
	}
}

// An empty "Additional properties" file is a file that cannot be checked
// (exit 3), as for config files, not "no problems found".
func TestValidateEmptyMailPropertiesFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "mail.txt")
	if err := os.WriteFile(p, []byte("\ufeff \r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, nil, "validate", "--mail-properties-file", p)
	if code != ExitRuntime || !strings.Contains(errOut, "is empty") || strings.Contains(out, "no problems found") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
