package validate

import (
	"strings"
	"testing"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

// The whd.conf below has a WHD205 finding on the last line (line 4 + n, where
// n is the number of lines of the prefix under test).
const cmdLine = "STARTED=$(date +%s)\n"

func TestSuppression(t *testing.T) {
	ports := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\n"
	tests := []struct {
		name       string
		src        string
		noIgnore   bool
		want       []string // rules reported, sorted
		suppressed int
	}{
		{"none", ports + cmdLine, false, []string{"WHD205"}, 0},
		{"line before", ports + "# whdctl:ignore WHD205 monitoring reads STARTED\n" + cmdLine, false, nil, 1},
		{"two rules with a comma, one idle", ports + "# whdctl:ignore WHD204,WHD205 reviewed\n" + cmdLine, false, []string{"WHD001"}, 1},
		{"lower-case ID, ## comment", ports + "## whdctl:ignore whd205 reviewed\n" + cmdLine, false, nil, 1},
		{"stacked", ports + "# whdctl:ignore WHD205 a\n# whdctl:ignore WHD205 b\n" + cmdLine, false, nil, 1},
		{"stacked, one idle", ports + "# whdctl:ignore WHD204 a\n# whdctl:ignore WHD205 b\n" + cmdLine, false, []string{"WHD001"}, 1},
		{"other rule", ports + "# whdctl:ignore WHD204 a reason\n" + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"two lines above", ports + "# whdctl:ignore WHD205 reason\nA=1\n" + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"blank line between", ports + "# whdctl:ignore WHD205 reason\n\n" + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"idle at the end of the file", ports + cmdLine + "# whdctl:ignore WHD205 reason\n", false, []string{"WHD001", "WHD205"}, 0},
		{"idle file-wide", "# whdctl:ignore WHD203 no curly quotes here\n" + ports + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"idle but --no-ignore", ports + "# whdctl:ignore WHD204 a reason\n" + cmdLine, true, []string{"WHD205"}, 0},
		{"no reason", ports + "# whdctl:ignore WHD205\n" + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"unknown rule only", ports + "# whdctl:ignore WHD999 reason\n" + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"unknown and known", ports + "# whdctl:ignore WHD999,WHD205 reason\n" + cmdLine, false, []string{"WHD001"}, 1},
		{"trailing comment", ports + "STARTED=$(date) # whdctl:ignore WHD205 reason\n", false, []string{"WHD001", "WHD205"}, 0},
		{"file-wide in the header", "# WHD settings\n# whdctl:ignore WHD205 this host computes values\n" + ports + cmdLine + cmdLine, false, nil, 2},
		{"header directly above a setting", "# whdctl:ignore WHD205 this host computes values\n" + ports + cmdLine + cmdLine, false, nil, 2},
		{"not in the header after a setting", ports + "# whdctl:ignore WHD205 reason\n" + ports + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"beyond line 10", strings.Repeat("#\n", 10) + "# whdctl:ignore WHD205 reason\n" + ports + cmdLine, false, []string{"WHD001", "WHD205"}, 0},
		{"within line 10", strings.Repeat("#\n", 9) + "# whdctl:ignore WHD205 reason\n" + ports + cmdLine, false, nil, 1},
		{"--no-ignore", ports + "# whdctl:ignore WHD205 reason\n" + cmdLine, true, []string{"WHD205"}, 0},
		{"--no-ignore still reports a bad one", ports + "# whdctl:ignore WHD205\n" + cmdLine, true, []string{"WHD001", "WHD205"}, 0},
		{"WHD001 cannot be silenced", ports + "# whdctl:ignore WHD001 reason\n# whdctl:ignore\n", false, []string{"WHD001"}, 0},
		{"prose is not a directive", "# the whdctl:ignore comment silences rules\n" + ports + cmdLine, false, []string{"WHD205"}, 0},
		{"CRLF", strings.ReplaceAll("# whdctl:ignore WHD202 Windows line endings on purpose\n"+ports, "\n", "\r\n"), false, nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Check("whd.conf", patcher.FormatWhdConf, []byte(tt.src), Options{NoIgnore: tt.noIgnore})
			if err != nil {
				t.Fatal(err)
			}
			// WHD306 (no Microsoft 365 property: info) is in every one of these files.
			var fs []finding.Finding
			for _, f := range res.Findings {
				if f.Rule != "WHD306" {
					fs = append(fs, f)
				}
			}
			if got := rulesOf(fs); strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("rules = %v, want %v\n%s", got, tt.want, render(res.Findings, ""))
			}
			if res.Suppressed != tt.suppressed {
				t.Errorf("suppressed = %d, want %d", res.Suppressed, tt.suppressed)
			}
		})
	}
}

// TestUnusedSuppressionMessages: an idle suppression says why it matches
// nothing, where it is (the comment's line and column).
func TestUnusedSuppressionMessages(t *testing.T) {
	ports := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\n"
	for _, tt := range []struct{ name, src, want string }{
		{"blank line", ports + "  # whdctl:ignore WHD205 reason\n\n" + cmdLine, `whd.conf:3:5: warning WHD001: this suppression matches nothing: it applies only to the next line, 4, which is blank`},
		{"other rule", ports + "# whdctl:ignore WHD204,WHD205 reason\n" + cmdLine, `whd.conf:3:3: warning WHD001: this suppression matches nothing: WHD204 is not reported on line 4, the line it applies to`},
		{"file-wide", "# whdctl:ignore WHD203,WHD207 reason\n" + ports, `whd.conf:1:3: warning WHD001: this suppression matches nothing: WHD203 and WHD207 are not reported anywhere in this file`},
		{"last line", ports + "# whdctl:ignore WHD205 reason\n", `whd.conf:3:3: warning WHD001: this suppression matches nothing: there is no line after it for WHD205 to silence`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Check("whd.conf", patcher.FormatWhdConf, []byte(tt.src), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := render(res.Findings, ""); !strings.Contains(got, tt.want+"\n") {
				t.Errorf("want %s\ngot:\n%s", tt.want, got)
			}
		})
	}
	// Check does not follow includes, so it cannot tell that a suppression
	// of WHD111 is idle; Files does.
	src := "#encoding=UTF-8\n# whdctl:ignore WHD111 the include is optional\n#include conf/x.conf\nwrapper.java.additional.1=-Da=1\n"
	res, _ := Check("w.conf", patcher.FormatWrapper, []byte(src), Options{})
	if has(res.Findings, "WHD001") {
		t.Errorf("Check reported a WHD111 suppression as idle:\n%s", render(res.Findings, ""))
	}
}

// TestSuppressionWrapper: the same comments work in wrapper_template.conf,
// where #encoding and #include lines belong to the header.
func TestSuppressionWrapper(t *testing.T) {
	src := "#encoding=UTF-8\n#include ../conf/x.conf\n# whdctl:ignore WHD108,WHD306 the JVM option file is expanded by the launcher; no Microsoft 365 mail\n" +
		"wrapper.java.additional.1=-Da=1\n"
	res, err := Check("w.conf", patcher.FormatWrapper, []byte(src+"wrapper.java.additional.2=\"-Db=2\"\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || res.Suppressed != 2 {
		t.Errorf("header suppression: %+v suppressed %d", res.Findings, res.Suppressed)
	}
	// A suppression of another rule silences nothing, and says so.
	line := "#encoding=UTF-8\nwrapper.java.additional.1=-Da=1\n# whdctl:ignore WHD110 reviewed\nwrapper.java.additional.2=\"-Db=2\"\n"
	res, _ = Check("w.conf", patcher.FormatWrapper, []byte(line), Options{})
	if got := rulesOf(res.Findings); strings.Join(got, " ") != "WHD001 WHD108 WHD306" {
		t.Errorf("a suppression of another rule: rules %v, want WHD001 (idle), WHD108 and WHD306", got)
	}
}

// TestTypographicCP1252: Windows-1252 quote bytes (not UTF-8) are reported
// as what they are. What else is reported depends on whether the shell
// parser accepts bytes that are not UTF-8, so only WHD203 is checked here.
func TestTypographicCP1252(t *testing.T) {
	src := "DEFAULT_PORT=8081\nJAVA_OPTS=\x93-Da=1\x94\n"
	res, err := Check("whd.conf", patcher.FormatWhdConf, []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, f := range res.Findings {
		if f.Rule == "WHD203" {
			found = f.Line == 2 && f.Column == 11 && strings.Contains(f.Message, "Windows-1252 byte 0x93") && strings.Contains(f.Message, "0x94")
		}
		if f.Rule == "WHD207" {
			t.Errorf("bash reads bytes that are not UTF-8; WHD207 says it cannot: %s", f.Message)
		}
	}
	if !found {
		t.Errorf("WHD203 not reported as expected:\n%s", render(res.Findings, ""))
	}
}

// TestSuppressionNearMiss: a comment meant as a suppression but spelled
// otherwise (case, a space, another separator) is reported as WHD001 with
// the right spelling, not silently ignored; the finding stays.
func TestSuppressionNearMiss(t *testing.T) {
	for _, tt := range []struct{ comment, fix string }{
		{"# WHDCTL:IGNORE WHD205 reason", "# whdctl:ignore WHD205 reason"},
		{"# whdctl: ignore WHD205 reason", "# whdctl:ignore WHD205 reason"},
		{"#Whdctl:Ignore WHD205 reviewed 2024", "# whdctl:ignore WHD205 reviewed 2024"},
		{"# whdctl ignore WHD205 reason", "# whdctl:ignore WHD205 reason"},
		{"# whdctl-ignore: WHD205 reason", "# whdctl:ignore WHD205 reason"},
		{"# whdctl:ignore-WHD205", "# whdctl:ignore WHD205 <reason>"},
		{"# whdctl:ignored WHD205 reviewed", "# whdctl:ignore WHD205 reviewed"},
		{"# whdctl:ignore=WHD205 reviewed", "# whdctl:ignore WHD205 reviewed"},
		{"# whdctl:ignore=WHD205,wHD001 two rules", "# whdctl:ignore WHD205,WHD001 two rules"},
		{"# whdctl:ignore-", "# whdctl:ignore WHD<nnn> <reason>"},
	} {
		src := "DEFAULT_PORT=8081\n" + tt.comment + "\nSTARTED=$(date +%s)\n"
		res, err := Check("whd.conf", patcher.FormatWhdConf, []byte(src), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var f *finding.Finding
		for i := range res.Findings {
			if res.Findings[i].Rule == "WHD001" {
				f = &res.Findings[i]
			}
		}
		if f == nil || f.Line != 2 || f.Fix != "Write it as '"+tt.fix+"'." || !has(res.Findings, "WHD205") || res.Suppressed != 0 {
			t.Errorf("%s:\n%s", tt.comment, render(res.Findings, ""))
		}
	}
	// Prose that mentions whdctl is not a suppression.
	res, _ := Check("whd.conf", patcher.FormatWhdConf, []byte("DEFAULT_PORT=8081\n# whdctl validate runs in CI; see whdctl:ignore in README\nA=1\n"), Options{})
	if has(res.Findings, "WHD001") {
		t.Errorf("prose reported:\n%s", render(res.Findings, ""))
	}
}
