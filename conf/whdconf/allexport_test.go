package whdconf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bashDeclare sources src as the oracle does and returns the attributes
// declare -p gives name ("x" among them when bash exports it) and whether
// bash knows the name at all.
func bashDeclare(t testing.TB, src []byte, name string) (attrs string, declared bool) {
	t.Helper()
	out, err := bashAfter(t, src, name, `declare -p "$oracle_name" 2>/dev/null`)
	if err != nil {
		if _, ok := err.(*exec.ExitError); ok && len(out) == 0 {
			return "", false // declare -p fails: no such variable
		}
		t.Fatalf("bash failed: %v", err)
	}
	// declare -x NAME="value" (or declare -- NAME when it has no attribute).
	rest, ok := bytes.CutPrefix(out, []byte("declare -"))
	if !ok {
		t.Fatalf("declare -p printed %q", out)
	}
	attrs, _, _ = strings.Cut(string(rest), " ")
	return strings.Trim(attrs, "-"), true
}

// exportCases: what bash leaves in the export attribute of name after set -a
// (allexport) and its spellings. want is "x" (exported), "-" (not exported)
// or "?" (whdctl cannot tell: Value.ExportUnknown). For "?", alt is a file
// that whdctl cannot tell from src but bash answers the other way.
var exportCases = []struct {
	name, src, v, want, alt string
}{
	{"set -a exports what follows", "set -a\n_JAVA_OPTIONS=\"-DAzureTokenURL=https://x/\"\nJAVA_OPTS=\"-Xmx1g\"\n", "_JAVA_OPTIONS", "x", ""},
	{"set -a exports JAVA_OPTS too", "set -a\n_JAVA_OPTIONS=\"-DAzureTokenURL=https://x/\"\nJAVA_OPTS=\"-Xmx1g\"\n", "JAVA_OPTS", "x", ""},
	{"set -o allexport", "set -o allexport\nX=1\n", "X", "x", ""},
	{"set -ka", "set -ka\nX=1\n", "X", "x", ""},
	{"set -eo allexport", "set -eo allexport\nX=1\n", "X", "x", ""},
	{"set -oa allexport", "set -oa allexport\nX=1\n", "X", "x", ""},
	{"set -o allexport -o noglob", "set -o allexport -o noglob\nX=1\n", "X", "x", ""},
	{"set +a -a", "set +a -a\nX=1\n", "X", "x", ""},
	{"set -a with positional parameters", "set -a -- one two\nX=1\n", "X", "x", ""},
	{"set -- -a sets a positional parameter", "set -- -a\nX=1\n", "X", "-", ""},
	{"shopt -so allexport", "shopt -so allexport\nX=1\n", "X", "x", ""},
	{"shopt -s -o allexport", "shopt -s -o allexport\nX=1\n", "X", "x", ""},
	{"shopt -uo allexport", "set -a\nshopt -uo allexport\nX=1\n", "X", "-", ""},
	{"command set -a", "command set -a\nX=1\n", "X", "x", ""},
	{"set -a in a block", "{ set -a; }\nX=1\n", "X", "x", ""},
	{"set -a before ||", "set -a || true\nX=1\n", "X", "x", ""},
	{"prefix before set", "Y=1 set -a\nX=1\n", "X", "x", ""},
	{"set -a then declare", "set -a\ndeclare X=1\n", "X", "x", ""},
	{"set -a then declare +x", "set -a\ndeclare +x X=1\n", "X", "x", ""},
	{"set -a then typeset +x NAME alone", "set -a\ntypeset +x X=1 Y\n", "Y", "-", ""},
	{"set -a then export -n", "set -a\nexport -n X=1\n", "X", "-", ""},
	{"set -a, export -n, then a plain assignment", "set -a\nexport -n X=1\nX=2\n", "X", "x", ""},
	{"set -a then readonly", "set -a\nreadonly X=1\n", "X", "x", ""},
	// Without unset, X may come from the start script (whdctl does not know
	// it): then declare X does not export it.
	{"set -a then declare NAME alone, new", "unset X\nset -a\ndeclare X\n", "X", "x", ""},
	{"set -a then declare NAME alone, already set", "X=1\nset -a\ndeclare X\n", "X", "-", ""},
	{"set -a then +=", "X=1\nset -a\nX+=2\n", "X", "x", ""},
	{"set -a then several assignments", "set -a\nX=1 Y=2\n", "Y", "x", ""},
	{"set +a afterward", "set -a\nset +a\nX=1\n", "X", "-", ""},
	{"set +o allexport afterward", "set -o allexport\nset +o allexport\nX=1\n", "X", "-", ""},
	{"set -a +a", "set -a +a\nX=1\n", "X", "-", ""},
	{"set -a after the assignment", "X=1\nset -a\n", "X", "-", ""},
	{"exported stays exported after set +a", "set -a\nX=1\nset +a\nX=3\n", "X", "x", ""},
	{"unset removes the export", "set -a\nX=1\nunset X\nset +a\nX=2\n", "X", "-", ""},
	{"set -a in a subshell", "(set -a)\nX=1\n", "X", "-", ""},
	{"set -a in a pipeline", "set -a | true\nX=1\n", "X", "-", ""},
	{"set -a in the background", "set -a &\nX=1\n", "X", "-", ""},
	{"set -a in a command substitution", "set -a\nY=$(set +a)\nX=1\n", "X", "x", ""},
	{"set -a after return", "return\nset -a\nX=1\n", "X", "-", ""},
	{"set -a inside if", "if true; then set -a; fi\nX=1\n", "X", "?", "if false; then set -a; fi\nX=1\n"},
	{"set -a after &&", "true && set -a\nX=1\n", "X", "?", "false && set -a\nX=1\n"},
	{"set -a in a function", "f() { set -a; }\nf\nX=1\n", "X", "?", "f() { set -a; }\n[ -n \"$NOPE\" ] && f\nX=1\n"},
	{"set +a inside if", "set -a\nif true; then set +a; fi\nX=1\n", "X", "?", "set -a\nif false; then set +a; fi\nX=1\n"},
	{"set -a inside if, then set +a", "if true; then set -a; fi\nset +a\nX=1\n", "X", "-", ""},
	{"set -a inside if while already on", "set -a\nif true; then set -a; fi\nX=1\n", "X", "x", ""},
	{"set with a computed argument", "O=-a\nset $O\nX=1\n", "X", "?", "O=+a\nset $O\nX=1\n"},
	{"eval may run set -a", "eval 'set -a'\nX=1\n", "X", "?", "eval ':'\nX=1\n"},
	{"export inside if", "if true; then export X; fi\nX=1\n", "X", "?", "if false; then export X; fi\nX=1\n"},
	{"export -n inside if", "export X=1\nif true; then export -n X; fi\n", "X", "?", "export X=1\nif false; then export -n X; fi\n"},
	{"read with set -a on", "set -a\nread X </dev/null\nset +a\nX=1\n", "X", "?", "set -a\nread Y </dev/null\nset +a\nX=1\n"},
	{"eval may export", "eval 'export X'\nX=1\n", "X", "?", "eval ':'\nX=1\n"},
}

func TestExportedAgainstBash(t *testing.T) {
	for _, tc := range exportCases {
		t.Run(tc.name, func(t *testing.T) {
			f := mustParse(t, tc.src)
			v, _ := f.Var(tc.v)
			if val, set := bashVar(t, []byte(tc.src), tc.v); v.Known && (v.Set != set || v.Text != val) {
				t.Errorf("value %q (set %v), bash has %q (set %v)", v.Text, v.Set, val, set)
			}
			attrs, _ := bashDeclare(t, []byte(tc.src), tc.v)
			if tc.want != "?" {
				want := "-"
				if strings.Contains(attrs, "x") {
					want = "x"
				}
				if want != tc.want {
					t.Fatalf("the case says %q, bash says %q (declare -p attributes %q)", tc.want, want, attrs)
				}
				if v.Exported != (want == "x") || v.ExportUnknown != nil {
					t.Fatalf("Exported = %v, ExportUnknown = %v; bash's attributes: %q", v.Exported, v.ExportUnknown, attrs)
				}
				return
			}
			if v.Exported || v.ExportUnknown == nil || v.ExportUnknown.Msg == "" {
				t.Fatalf("Exported = %v, ExportUnknown = %v; want unknown with a reason", v.Exported, v.ExportUnknown)
			}
			g := mustParse(t, tc.alt)
			if w, _ := g.Var(tc.v); w.Exported || w.ExportUnknown == nil {
				t.Fatalf("alt: Exported = %v, ExportUnknown = %v; want unknown", w.Exported, w.ExportUnknown)
			}
			altAttrs, _ := bashDeclare(t, []byte(tc.alt), tc.v)
			if strings.Contains(attrs, "x") == strings.Contains(altAttrs, "x") {
				t.Fatalf("bash exports the same way in both files (%q, %q): not a case whdctl must call unknown", attrs, altAttrs)
			}
		})
	}
}

// TestExportedEnv: what the JVM sees is the environment; an exported
// variable is in it.
func TestExportedEnv(t *testing.T) {
	oracleDir(t)
	src := "set -a\n_JAVA_OPTIONS=\"-DAzureTokenURL=https://x/\"\nJAVA_OPTS=\"-Xmx1g\"\n"
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("env", "-i", "PATH=/usr/bin:/bin", "bash", "--noprofile", "--norc", "-c", `. "$1" >/dev/null 2>&1; env`, "oracle", p)
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	inEnv := strings.Contains("\n"+string(out), "\n_JAVA_OPTIONS=-DAzureTokenURL=https://x/\n")
	v, _ := mustParse(t, src).Var("_JAVA_OPTIONS")
	if !inEnv || !v.Exported {
		t.Fatalf("in bash's environment: %v; Exported: %v", inEnv, v.Exported)
	}
}
