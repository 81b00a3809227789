package validate

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

// The IDs of the issue that introduced validate, plus WHD001, plus those
// added since (WHD112, WHD113, WHD208, WHD209, WHD210, WHD211, WHD213, WHD306, WHD307, WHD308). An ID is never removed or
// reused; adding one means adding it here.
var wantIDs = []string{
	"WHD001",
	"WHD101", "WHD102", "WHD103", "WHD104", "WHD105", "WHD106", "WHD107", "WHD108", "WHD109", "WHD110", "WHD111", "WHD112", "WHD113",
	"WHD201", "WHD202", "WHD203", "WHD204", "WHD205", "WHD206", "WHD207", "WHD208", "WHD209", "WHD210", "WHD211", "WHD212", "WHD213",
	"WHD301", "WHD302", "WHD303", "WHD304", "WHD305", "WHD306", "WHD307", "WHD308",
	"WHD501",
}

func TestRegistry(t *testing.T) {
	var got []string
	names := map[string]string{}
	for _, r := range Rules() {
		got = append(got, r.ID)
		if !regexp.MustCompile(`^WHD[0-9]{3}$`).MatchString(r.ID) {
			t.Errorf("bad ID %q", r.ID)
		}
		if prev, dup := names[r.Name]; dup || !regexp.MustCompile(`^[A-Z][A-Za-z0-9]+$`).MatchString(r.Name) {
			t.Errorf("%s: name %q is not a unique CamelCase name (also %s)", r.ID, r.Name, prev)
		}
		names[r.Name] = r.ID
		if r.Severity.Rank() == 0 {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		for what, s := range map[string]string{"title": r.Title, "detects": r.Detects, "why": r.Why, "fix": r.Fix, "example": r.Example.Bad, "fixed example": r.Example.Good, "scope": string(r.Scope)} {
			if strings.TrimSpace(s) == "" {
				t.Errorf("%s: empty %s", r.ID, what)
			}
		}
		checks := 0
		for _, c := range []bool{r.wrapper != nil, r.whdconf != nil, r.props != nil} {
			if c {
				checks++
			}
		}
		if checks == 0 && r.ID != "WHD001" && r.ID != "WHD501" {
			t.Errorf("%s has no check", r.ID)
		}
		page := r.Page()
		for _, want := range []string{r.ID, "What it detects", "Why WHD breaks", "Example", "Fix"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: page lacks %q", r.ID, want)
			}
		}
		if strings.ContainsAny(page, "\r\ufeff") {
			t.Errorf("%s: page shows raw control bytes", r.ID)
		}
	}
	if strings.Join(got, " ") != strings.Join(wantIDs, " ") {
		t.Errorf("rule IDs:\n got %v\nwant %v", got, wantIDs)
	}
	if r, ok := Lookup(" whd101 "); !ok || r.ID != "WHD101" {
		t.Errorf("Lookup is not case-insensitive")
	}
	if _, ok := Lookup("WHD999"); ok {
		t.Errorf("Lookup(WHD999) found a rule")
	}
}

// runExample checks an example as the CLI would: through a file on disk, so
// that includes are followed.
func runExample(t *testing.T, format, src string) []finding.Finding {
	t.Helper()
	if format == "mail" {
		return MailProperties("", src)
	}
	name := "wrapper_template.conf"
	if format == "whdconf" {
		name = "whd.conf"
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Files(t.Context(), []Input{{Path: p, Format: patcher.Format(format)}}, Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("example not checked: %v", res.Errors)
	}
	return res.Findings
}

func rulesOf(fs []finding.Finding) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fs {
		if !seen[f.Rule] {
			seen[f.Rule] = true
			out = append(out, f.Rule)
		}
	}
	sort.Strings(out)
	return out
}

func has(fs []finding.Finding, rule string) bool {
	for _, f := range fs {
		if f.Rule == rule {
			return true
		}
	}
	return false
}

// TestExamples runs every page's example: the bad one must trigger the rule,
// the fixed one must not. So the pages cannot drift from the rules.
func TestExamples(t *testing.T) {
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			bad := runExample(t, r.Example.Format, r.Example.Bad)
			if !has(bad, r.ID) {
				t.Errorf("the page's example does not trigger %s; got %v", r.ID, rulesOf(bad))
			}
			if good := runExample(t, r.Example.Format, r.Example.Good); has(good, r.ID) {
				t.Errorf("the page's fixed example still triggers %s: %+v", r.ID, good)
			}
		})
	}
}
