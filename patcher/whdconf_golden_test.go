package patcher

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var updateWhdGolden = flag.Bool("update-whdconf", false, "rewrite patcher/whdconf_golden.txtar from the current output")

const whdGoldenFile = "whdconf_golden.txtar"

// txtarFiles reads a txtar archive: "-- name --" header lines, each
// followed by the file's text.
func txtarFiles(data string) (comment string, names []string, files map[string]string) {
	files = map[string]string{}
	cur := ""
	var b strings.Builder
	flush := func() {
		if cur == "" {
			comment = b.String()
		} else {
			files[cur] = b.String()
		}
		b.Reset()
	}
	for _, line := range strings.SplitAfter(data, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			cur = t[3 : len(t)-3]
			names = append(names, cur)
			continue
		}
		b.WriteString(line)
	}
	flush()
	return comment, names, files
}

// whdReport renders a Result for people: what changed, each action, the warnings.
func whdReport(res *Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "changed: %v\n", res.Changed)
	for _, a := range res.Actions {
		fmt.Fprintf(&b, "%s %s (%s, line %d): %q -> %q\n", a.Action, a.Property, a.Key, a.Line, a.OldValue, a.NewValue)
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	return b.String()
}

// TestWhdConfGolden: representative files, the five seed properties, the
// exact output and report. Regenerate with go test ./patcher -run
// TestWhdConfGolden -update-whdconf (and review the diff).
func TestWhdConfGolden(t *testing.T) {
	data, err := os.ReadFile(whdGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	comment, names, files := txtarFiles(string(data))
	var out strings.Builder
	out.WriteString(comment)
	cases := 0
	for _, name := range names {
		base, ok := strings.CutSuffix(name, ".in")
		if !ok {
			continue
		}
		cases++
		in := files[name]
		res, err := PatchWhdConf([]byte(in), Request{Set: Clouds[0].Settings()})
		var got, report string
		if err != nil {
			report = "error: " + err.Error() + "\n"
		} else {
			got, report = string(res.Output), whdReport(res)
		}
		if *updateWhdGolden {
			fmt.Fprintf(&out, "-- %s.in --\n%s-- %s.out --\n%s-- %s.report --\n%s", base, in, base, got, base, report)
			continue
		}
		if want := files[base+".out"]; got != want {
			t.Errorf("%s: output differs\n--- got\n%s--- want\n%s", base, got, want)
		}
		if want := files[base+".report"]; report != want {
			t.Errorf("%s: report differs\n--- got\n%s--- want\n%s", base, report, want)
		}
	}
	if cases < 5 {
		t.Fatalf("only %d golden cases in %s", cases, whdGoldenFile)
	}
	if *updateWhdGolden {
		if err := os.WriteFile(whdGoldenFile, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
