package validate

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/whdctl/whdctl/finding"
)

var update = flag.Bool("update", false, "rewrite the expected outputs under testdata/ instead of comparing")

// TestRuleCases runs testdata/rules/WHDnnn.txtar for every rule. Each archive
// holds config files under bad/ and good/ (and the files they include):
// every config file under bad/ must trigger WHDnnn, none under good/ may, and
// every finding of every file must be the one written in the "want" section.
// Config files are wrapper*.conf, whd.conf and *.mail (mail properties).
func TestRuleCases(t *testing.T) {
	archives, err := filepath.Glob(filepath.Join("testdata", "rules", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, a := range archives {
		id := strings.TrimSuffix(filepath.Base(a), ".txtar")
		have[id] = true
		t.Run(id, func(t *testing.T) { runRuleCase(t, a, id) })
	}
	for _, id := range wantIDs {
		if !have[id] {
			t.Errorf("rule %s has no testdata/rules/%s.txtar", id, id)
		}
	}
}

func runRuleCase(t *testing.T, archive, id string) {
	if _, ok := Lookup(id); !ok {
		t.Fatalf("%s is not a rule", archive)
	}
	ar, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var inputs []Input
	var mails, all []string
	wantIdx := -1
	for i, f := range ar.Files {
		if f.Name == "want" {
			wantIdx = i
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(p)
		switch {
		case strings.HasSuffix(base, ".mail"):
			mails = append(mails, p)
		case base == "whd.conf" || (strings.HasPrefix(base, "wrapper") && strings.HasSuffix(base, ".conf")):
			inputs = append(inputs, Input{Path: p})
		default:
			continue
		}
		all = append(all, p)
		if !strings.HasPrefix(f.Name, "bad/") && !strings.HasPrefix(f.Name, "good/") {
			t.Errorf("%s: config file %s is neither under bad/ nor under good/", archive, f.Name)
		}
	}
	res := Files(t.Context(), inputs, Options{})
	for _, e := range res.Errors {
		t.Errorf("not checked: %v", e)
	}
	// WHD306 (info: no Microsoft 365 property at all) applies to nearly every
	// minimal case file; outside its own archive it would bury the rule under
	// test, so only WHD306.txtar records it.
	var fs []finding.Finding
	for _, f := range res.Findings {
		if f.Rule != "WHD306" || id == "WHD306" {
			fs = append(fs, f)
		}
	}
	for _, m := range mails {
		b, err := os.ReadFile(m)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, MailProperties(m, string(b))...)
	}
	finding.Sort(fs)
	byFile := map[string][]finding.Finding{}
	for _, f := range fs {
		checkFinding(t, f)
		byFile[f.File] = append(byFile[f.File], f)
	}
	var bad, good int
	for _, p := range all {
		rel := filepath.ToSlash(strings.TrimPrefix(p, dir+string(filepath.Separator)))
		switch {
		case strings.HasPrefix(rel, "bad/"):
			bad++
			if !has(byFile[p], id) {
				t.Errorf("%s does not trigger %s; got %v", rel, id, rulesOf(byFile[p]))
			}
		case strings.HasPrefix(rel, "good/"):
			good++
			if has(byFile[p], id) {
				t.Errorf("%s triggers %s:\n%s", rel, id, render(byFile[p], dir))
			}
		}
	}
	if bad == 0 || good == 0 {
		t.Errorf("%s needs at least one file under bad/ and one under good/ (has %d and %d)", archive, bad, good)
	}
	got := render(fs, dir)
	if *update {
		if wantIdx < 0 {
			ar.Files = append(ar.Files, txtar.File{Name: "want"})
			wantIdx = len(ar.Files) - 1
		}
		ar.Files[wantIdx].Data = []byte(got)
		if err := os.WriteFile(archive, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var want string
	if wantIdx >= 0 {
		want = string(ar.Files[wantIdx].Data)
	}
	if got != want {
		t.Errorf("findings differ from the want section of %s (go test ./validate -run TestRuleCases -update rewrites it; check the diff):\n--- got\n%s--- want\n%s", archive, got, want)
	}
}

// render prints findings as the text output does, with paths relative to dir.
func render(fs []finding.Finding, dir string) string {
	var b strings.Builder
	for _, f := range fs {
		if dir != "" {
			f.File = filepath.ToSlash(strings.TrimPrefix(f.File, dir+string(filepath.Separator)))
			f.Message = strings.ReplaceAll(f.Message, dir, "$WORK")
			f.Fix = strings.ReplaceAll(f.Fix, dir, "$WORK")
		}
		fmt.Fprintf(&b, "%s: %s %s: %s\n    fix: %s\n", f.Location(), f.Severity, f.Rule, f.Message, f.Fix)
	}
	return b.String()
}

// checkFinding checks what every finding must be.
func checkFinding(t *testing.T, f finding.Finding) {
	t.Helper()
	if _, ok := Lookup(f.Rule); !ok {
		t.Errorf("finding of unknown rule: %+v", f)
	}
	if f.Severity.Rank() == 0 {
		t.Errorf("bad severity: %+v", f)
	}
	if f.Message == "" || f.Fix == "" {
		t.Errorf("finding without message or fix: %+v", f)
	}
	if f.Line < 0 || f.Column < 0 || (f.Line == 0 && f.Column != 0) {
		t.Errorf("bad position: %+v", f)
	}
	if bytes.ContainsAny([]byte(f.Message+f.Fix), "\r\x00") {
		t.Errorf("raw control byte in %+v", f)
	}
}
