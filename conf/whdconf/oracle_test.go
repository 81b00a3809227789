package whdconf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/internal/oracle"
)

// The bash oracle is ../shared/oracles/whdconf-java-opts beside the
// repository (or in $WHDCTL_ORACLES). Without it the oracle tests skip,
// except under CI=true, where they fail.
func oracleDir(t testing.TB) string {
	t.Helper()
	oracle.Require(t, "bash")
	dir := oracle.SharedDir(t)
	if _, err := os.Stat(filepath.Join(dir, "whdconf-java-opts")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("bash oracle missing: %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
	return dir
}

// bashWords runs the oracle on src: the words of unquoted $JAVA_OPTS after
// bash sources the file.
func bashWords(t testing.TB, src []byte) []string {
	t.Helper()
	dir := oracleDir(t)
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, src, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(dir, "whdconf-java-opts"), p)
	cmd.Dir = t.TempDir() // an empty folder: file-name expansion finds nothing
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle failed on %q: %v", src, err)
	}
	return splitLines(out)
}

func splitLines(out []byte) []string {
	if len(out) == 0 {
		return nil
	}
	return strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
}

// batchScript runs the oracle script on many files from one bash process
// (the oracle itself starts a clean bash per file), with a NUL after the
// output of each file.
const batchScript = `oracle=$1; shift
for f in "$@"; do "$oracle" "$f" || printf 'oracle failed on %s\n' "$f" >&2; printf '\0'; done`

// bashWordsBatch returns, for each source, the words the oracle would print.
func bashWordsBatch(t testing.TB, srcs [][]byte) [][]string {
	t.Helper()
	odir := oracleDir(t)
	dir := t.TempDir()
	args := []string{"-c", batchScript, "batch", filepath.Join(odir, "whdconf-java-opts")}
	for i, src := range srcs {
		p := filepath.Join(dir, fmt.Sprintf("%d.conf", i))
		if err := os.WriteFile(p, src, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	cmd := exec.Command("bash", args...)
	cmd.Dir = t.TempDir() // an empty folder: file-name expansion finds nothing
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("bash oracle batch failed: %v %s", err, stderr.String())
	}
	recs := bytes.Split(out, []byte{0})
	if len(recs) != len(srcs)+1 {
		t.Fatalf("oracle batch: %d results for %d files", len(recs)-1, len(srcs))
	}
	res := make([][]string, len(srcs))
	for i := range srcs {
		res[i] = splitLines(recs[i])
	}
	return res
}

// bashVar sources src as the oracle does and returns the value of name and
// whether it is set.
func bashVar(t testing.TB, src []byte, name string) (string, bool) {
	t.Helper()
	out, err := bashAfter(t, src, name, `if [[ -v $oracle_name ]]; then printf 'set:%s' "${!oracle_name}"; else printf unset; fi`)
	if err != nil {
		t.Fatalf("bash failed: %v", err)
	}
	if s, ok := bytes.CutPrefix(out, []byte("set:")); ok {
		return string(s), true
	}
	return "", false
}

// bashAfter sources src as the oracle does, then runs script, which finds
// name in $oracle_name, and returns its output. The name is kept in a
// variable of its own before sourcing: the file may change the positional
// parameters (set -- ...).
func bashAfter(t testing.TB, src []byte, name, script string) ([]byte, error) {
	t.Helper()
	oracleDir(t)
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, src, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("env", "-i", "PATH=/usr/bin:/bin", "HOME=/nonexistent", "bash", "--noprofile", "--norc", "-c",
		`oracle_name=$2; JAVA_OPTS=""; . "$1" >/dev/null 2>&1 </dev/null; `+script, "oracle", p, name)
	cmd.Dir = t.TempDir()
	return cmd.Output()
}

func wordTexts(ws []Word) []string {
	var out []string
	for _, w := range ws {
		out = append(out, w.Text)
	}
	return out
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// evalCases: for each, whether whdctl must know JAVA_OPTS statically; when
// it does, bash must agree word for word.
var evalCases = []struct {
	name  string
	src   string
	known bool
}{
	{"empty file", "", true},
	{"stock line", "JAVA_OPTS=\"-Dfile.encoding=UTF-8 -Djava.awt.headless=true\"\n", true},
	{"seed five lines", "JAVA_OPTS=\"-DExchangeServiceURL=https://outlook.office365.com/\"\nJAVA_OPTS=\"-DAzureTokenURL=https://login.microsoftonline.com/\"\nJAVA_OPTS=\"-DAzureAuthorizationURL=https://login.microsoftonline.com/\"\nJAVA_OPTS=\"-DIsGcchAzureAccount=true\"\nJAVA_OPTS=\"-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default\"\n", true},
	{"append chain", "JAVA_OPTS=\"-Xmx1g\"\nJAVA_OPTS=\"$JAVA_OPTS -Da=1\"\nJAVA_OPTS=\"${JAVA_OPTS} -Db=2\"\n", true},
	{"plus equals", "JAVA_OPTS=-Xmx1g\nJAVA_OPTS+=\" -Da=1\"\nexport JAVA_OPTS+=' -Db=2'\n", true},
	{"export and comments", "# c\nexport JAVA_OPTS=\"-Da=1 -Db=2\" # trailing comment\n\n   # indented\n", true},
	{"single quotes", "JAVA_OPTS='-Da=$HOME -Db=\"x\"'\n", true},
	{"mixed quoting glued", "JAVA_OPTS=\"$JAVA_OPTS -DExchangeServiceURL=\"https://outlook.office365.com/\"\"\n", true},
	{"escapes unquoted", "JAVA_OPTS=-Da=b\\ c\\\"d\n", true},
	{"escapes in double quotes", "JAVA_OPTS=\"-Da=\\$x \\\\ \\q \\` \\\"\"\n", true},
	{"line continuation", "JAVA_OPTS=\"-Da=1 \\\n-Db=2\"\nX=1\\\n2\n", true},
	{"newline inside quotes", "JAVA_OPTS=\"-Da=1\n  -Db=2\"\n", true},
	{"tabs", "JAVA_OPTS=\"\t-Da=1\t\t-Db=2\t\"\n", true},
	{"no trailing newline", "JAVA_OPTS=\"-Da=1\"", true},
	{"crlf", "JAVA_OPTS=\"-Da=1 -Db=2\"\r\nX=1\r\n", true},
	{"crlf comment", "JAVA_OPTS=\"-Da=1\" # c\r\n", true},
	{"cr only", "X=1\rJAVA_OPTS=\"-Da=1\"\r", true},
	{"bom line 1 assignment lost", "\xEF\xBB\xBFJAVA_OPTS=\"-Da=1\"\n", true},
	{"bom then comment", "\xEF\xBB\xBF# c\nJAVA_OPTS=\"-Da=1\"\n", true},
	{"other var", "MEM=2048\nJAVA_OPTS=\"-Xmx${MEM}m -Dx=$MEM\"\n", true},
	{"ansi c", "JAVA_OPTS=$'-Da=1\\t-Db=\\x41\\101\\cA'\n", true},
	{"dollar double", "JAVA_OPTS=$\"-Da=1\"\n", true},
	{"unset then set", "JAVA_OPTS=-Da\nunset JAVA_OPTS\nJAVA_OPTS=\"$JAVA_OPTS -Db\"\n", true},
	{"prefix assignment is temporary", "JAVA_OPTS=-Da true\n", true},
	{"unquoted space runs a command", "JAVA_OPTS=-Da -Db\n", true},
	{"background", "JAVA_OPTS=-Da &\n", true},
	{"pipeline", "JAVA_OPTS=-Da | true\n", true},
	{"subshell", "(JAVA_OPTS=-Da)\n", true},
	{"block", "{ JAVA_OPTS=-Da; }\n", true},
	{"return stops", "JAVA_OPTS=-Da\nreturn\nJAVA_OPTS=-Db\n", true},
	{"function defined not called", "f() { JAVA_OPTS=-Db; }\nJAVA_OPTS=-Da\n", true},
	{"readonly", "readonly JAVA_OPTS=-Da\nJAVA_OPTS=-Db\n", true},
	{"declare", "declare -x JAVA_OPTS=\"-Da -Db\"\n", true},
	{"ifs changed", "IFS=:\nJAVA_OPTS=\"-Da:-Db c::-Dd:\"\n", true},
	{"ifs mixed", "IFS=' :'\nJAVA_OPTS=\" : -Da::-Db : \"\n", true},
	{"ifs empty", "IFS=\nJAVA_OPTS=\"-Da -Db\"\n", true},
	{"nul byte", "JAVA_OPTS=\"-Da\x00=1\"\n", true},
	{"tilde quoted", "JAVA_OPTS=\"~/x\" Y=a=~\n", true},
	{"comment with backslash", "# c \\\nJAVA_OPTS=-Da\n", true},
	{"semicolons", "A=1; JAVA_OPTS=\"-Da=$A\"; B=2\n", true},
	{"and list first runs", "JAVA_OPTS=-Da && true\n", true},
	{"set -f", "set -f\nJAVA_OPTS='-Da=*'\n", true},
	{"declaration expands first", "A=0\nexport A=1 JAVA_OPTS=\"-Da=$A\"\n", true},
	{"pure assigns are sequential", "A=0\nA=1 JAVA_OPTS=\"-Da=$A\"\n", true},
	{"latin-1 bytes", "# Param\xe8tres\nJAVA_OPTS=\"-Dname=caf\xe9 -Da\"\n", true},
	{"shebang, naked export, glued quotes", "#!/bin/bash\nexport JAVA_OPTS\nJAVA_OPTS=${JAVA_OPTS}\" -Dx\" ; # c\n{\n\tJAVA_OPTS+=' -Dy'\n}\n", true},
	{"continuation inside the name", "JAVA\\\n_OPTS=-Da=1\nA\\\nS=-Db\nJAVA_OPTS=\"$JAVA_OPTS $AS\"\n", true},
	{"continuation before the operator", "JAVA_OPTS\\\n=-Da\nJAVA_OPTS+\\\n=' -Db'\nexport JAVA\\\n_OPTS+=\" -Dc\"\n", true},
	{"nul inside the name", "JAVA\x00_OPTS=-Da\nJAVA_OPTS\x00+=' -Db'\n", true},
	{"export rejects a stray word", "export JAVA_OPTS=-Xmx2g -Dfoo=bar\n", true},
	{"declare rejects several", "declare -x JAVA_OPTS=-Xmx2g -Dfoo=bar -Dz 2x=3 a.b=c\nJAVA_OPTS=\"$JAVA_OPTS -Dy\"\n", true},
	{"an option after a name is a name", "export A=1 -n\nJAVA_OPTS=\"-Da=$A\"\n", true},
	{"quoted stray word", "export JAVA_OPTS=\"-Da\" -Db=\"x y\"\nreadonly R=1 -Dc=2\n", true},
	{"heredoc", "cat >/dev/null <<EOF\nJAVA_OPTS=-Dno\nEOF\nJAVA_OPTS=-Da\n", true},
	{"export takes no +x: it is a rejected name", "export +x JAVA_OPTS=-Da\nreadonly +r B=-Db\nJAVA_OPTS=\"$JAVA_OPTS $B\"\n", true},
	{"set -e: a tested failure does not exit", "set -e\nexport JAVA_OPTS=-Da -Dx || true\n! export B=-Db -Dy\n{ export C=-Dc -Dz; } && true\nJAVA_OPTS=\"$JAVA_OPTS $B $C\"\n", true},
	{"declare +x, -- and combined options", "declare +x JAVA_OPTS=-Da\nexport -n -- JAVA_OPTS+=' -Db'\ndeclare -gx -- JAVA_OPTS+=' -Dc'\n", true},
	{"export with an option it does not take sets nothing", "JAVA_OPTS=-Da\nexport -x JAVA_OPTS=-Db\nexport -nx JAVA_OPTS=-Dc\n", true},
	{"readonly with an option it does not take sets nothing", "JAVA_OPTS=-Da\nreadonly -x JAVA_OPTS=-Db\nJAVA_OPTS+=' -Dc'\n", true},
	{"declare -p sets nothing", "JAVA_OPTS=-Da\ndeclare -p JAVA_OPTS=-Db\ntypeset -xp JAVA_OPTS=-Dc >/dev/null\n", true},
	{"export -p and readonly -p do set", "JAVA_OPTS=-Da\nexport -p JAVA_OPTS=\"$JAVA_OPTS -Db\" >/dev/null\nreadonly -p B=-Dc >/dev/null\nJAVA_OPTS=\"$JAVA_OPTS $B\"\n", true},
	{"set -e and plain settings", "set -e\nDEFAULT_PORT=8081\nexport JAVA_OPTS=\"-Da\"\necho started >/dev/null\nunset X\n: ok\n", true},
	{"arithmetic on other variables", "N=1\n(( N+=1 ))\nlet M=2\nJAVA_OPTS=\"-Da -Db\"\n", true},
	{"no brace expansion in a plain assignment", "JAVA_OPTS=-Dx={false,true}\n", true},
	{"read-only assignment alone on its line", "JAVA_OPTS=-Xms1g\nreadonly A=1\nA=2\nJAVA_OPTS=\"$JAVA_OPTS -Xmx2g\"\n", true},
	{"unset clears an attribute", "declare -u JAVA_OPTS\nunset JAVA_OPTS\nJAVA_OPTS=-Da\n", true},
	{"declare -t and -g are harmless", "declare -gt JAVA_OPTS=-Da\n", true},
	{"backslash ending a comment after a command", "JAVA_OPTS=-Da # C:\\\nJAVA_OPTS=\"$JAVA_OPTS -Db\" #x\\\n#y\\\nJAVA_OPTS+=' -Dc' # \\\\\\\nA=1\n", true},
	{"backslash ending a line with a quoted #", "JAVA_OPTS='-Da #' \\\nB=-Db\nJAVA_OPTS=\"$JAVA_OPTS \"#\\\nJAVA_OPTS+=' -Dc'\n", true},
	{"backslash ending a comment, no final newline", "JAVA_OPTS=-Da # C:\\", true},

	{"command substitution", "JAVA_OPTS=\"$(echo -Da)\"\n", false},
	{"backquotes", "JAVA_OPTS=\"`echo -Da`\"\n", false},
	{"if", "if true; then JAVA_OPTS=-Da; fi\n", false},
	{"or list", "false || JAVA_OPTS=-Da\n", false},
	{"source", ". /dev/null\nJAVA_OPTS=\"$JAVA_OPTS -Da\"\n", false},
	// The sourced file may change IFS, so even a fresh assignment is split unknowably.
	{"source then fresh", ". /dev/null\nJAVA_OPTS=\"-Da\"\n", false},
	{"optional sourced file", "[ -f /etc/whd.extra ] && . /etc/whd.extra\nJAVA_OPTS=\"$JAVA_OPTS -Da\"\n", false},
	{"read", "read JAVA_OPTS </dev/null\n", false},
	{"default operator", "JAVA_OPTS=\"${JAVA_OPTS:--Da}\"\n", false},
	{"env variable", "JAVA_OPTS=\"-Dh=$HOME\"\n", false},
	{"tilde", "JAVA_OPTS=~/x\n", false},
	{"tilde after colon", "JAVA_OPTS=a:~/x\n", false},
	{"arithmetic", "JAVA_OPTS=\"-Xmx$((1+1))g\"\n", false},
	{"function called", "f() { JAVA_OPTS=-Db; }\nJAVA_OPTS=-Da\nf\n", false},
	{"eval", "eval 'JAVA_OPTS=-Da'\n", false},
	{"conditional return", "JAVA_OPTS=-Da\n[ -n \"$X\" ] && return\nJAVA_OPTS=-Db\n", false},
	{"exit", "JAVA_OPTS=-Da\nexit 0\n", false},
	{"array", "JAVA_OPTS=(-Da -Db)\n", false},
	{"local", "local JAVA_OPTS=-Da\n", false},
	{"trap", "trap 'JAVA_OPTS=-Dz' RETURN\nJAVA_OPTS=-Da\n", false},
	{"computed command", "$CMD\nJAVA_OPTS=\"$JAVA_OPTS -Da\"\n", false},
	{"declare integer", "declare -i JAVA_OPTS=1\n", false},
	{"declare -l, then a plain assignment", "declare -l JAVA_OPTS\nJAVA_OPTS=-Xmx2G\n", false},
	{"typeset -i, then a plain assignment", "typeset -i HEAP\nHEAP=1024*2\nJAVA_OPTS=\"-Xmx${HEAP}m\"\n", false},
	{"declare -c", "typeset -c JAVA_OPTS\nJAVA_OPTS=-Xmx2g\n", false},
	{"name reference", "JAVA_OPTS=-Xms1g\ndeclare -n R=JAVA_OPTS\nR=-Xmx2g\n", false},
	{"read-only assignment drops the rest of the line", "JAVA_OPTS=-Xms1g\nreadonly A=1\nA=2; JAVA_OPTS=\"$JAVA_OPTS -Xmx2g\"\n", false},
	{"read-only assignment in a block", "JAVA_OPTS=-Xms1g\nreadonly A=1\n{\nA=2\nJAVA_OPTS=-Xmx2g\n}\n", false},
	{"bash's own read-only variable", "UID=1000; JAVA_OPTS=\"$JAVA_OPTS -Xmx2g\"\n", false},
	{"shopt -o", "shopt -so errexit\nJAVA_OPTS=-Da\n", false},
	{"arithmetic command assigns", "JAVA_OPTS=-Da\n(( JAVA_OPTS=5 ))\n", false},
	{"let assigns", "JAVA_OPTS=-Da\nlet JAVA_OPTS+=1\n", false},
	{"arithmetic expansion assigns", "JAVA_OPTS=-Da\nX=$(( JAVA_OPTS=7 ))\n", false},
	{"old arithmetic expansion assigns", "JAVA_OPTS=-Da\nX=$[ JAVA_OPTS=7 ]\n", false},
	{"array index assigns", "JAVA_OPTS=-Da\nY=${Z[JAVA_OPTS=7]}\n", false},
	{"array index in [[ ]] assigns", "JAVA_OPTS=-Da\n[[ -n ${A[JAVA_OPTS=7]} ]]\n", false},
	{"substring offset assigns", "JAVA_OPTS=-Da\nY=${Z:JAVA_OPTS=1}\n", false},
	{"coproc names its array", "JAVA_OPTS=-Da\ncoproc JAVA_OPTS { :; }\n", false},
	{"brace expansion in an export", "export JAVA_OPTS=-DIsGcchAzureAccount={false,true}\n", false},
	{"ifs unknown", "IFS=$(echo :)\nJAVA_OPTS=-Da\n", false},
	{"special parameter", "JAVA_OPTS=\"-Da=$1\"\n", false},
	{"value doubling every line", "J=-Da\n" + strings.Repeat("J=\"$J $J\"\n", 20) + "JAVA_OPTS=$J\n", false},
	{"unicode escape", "JAVA_OPTS=$'-Da=\\u00e9'\n", false},
}

func TestEvalAgainstBash(t *testing.T) {
	srcs := make([][]byte, len(evalCases))
	for i, tc := range evalCases {
		srcs[i] = []byte(tc.src)
	}
	want := bashWordsBatch(t, srcs)
	for i, tc := range evalCases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Parse([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			if f.SyntaxErr != nil {
				t.Fatalf("syntax error: %v", f.SyntaxErr)
			}
			jo := f.JavaOpts()
			if jo.Known != tc.known {
				t.Fatalf("Known = %v, want %v (reason: %v)", jo.Known, tc.known, jo.Reason)
			}
			if !jo.Known {
				if jo.Reason == nil || jo.Reason.Msg == "" {
					t.Fatalf("unknown without a reason")
				}
				return
			}
			if got := wordTexts(jo.Words); !equalStrings(got, want[i]) {
				t.Fatalf("words differ from bash\n got: %q\nwant: %q", got, want[i])
			}
		})
	}
}

// TestErrexitExits: with set -e, each of these ends the start script (bash
// exits, checked below); whdctl must not claim to know JAVA_OPTS after it.
func TestErrexitExits(t *testing.T) {
	oracle.Require(t, "bash")
	for _, src := range []string{
		"set -e\nJAVA_OPTS=-Da\ntest -f /nonexistent-whd\nJAVA_OPTS=-Db\n",
		"set -e\nexport -f FOO\nJAVA_OPTS=-Da\n",
		"set -e\ndeclare -p FOO\nJAVA_OPTS=-Da\n",
		"set -e\ndeclare -f A=1\nJAVA_OPTS=-Da\n",
		"set -e\nreadonly A=1\nA=2\nJAVA_OPTS=-Da\n",
		"set -e\nreadonly A=1\nunset A\nJAVA_OPTS=-Da\n",
		"shopt -s -o errexit\nexport FOO=1 -Dfoo=bar\nJAVA_OPTS=-Da\n",
	} {
		f := mustParse(t, src)
		if jo := f.JavaOpts(); jo.Known && f.Stop == nil {
			t.Errorf("%q: JAVA_OPTS known (%q) and no stop", src, jo.Value.Text)
		}
		p := filepath.Join(t.TempDir(), "whd.conf")
		if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("bash", "--noprofile", "--norc", "-c", `source "$1" >/dev/null 2>&1; echo reached`, "bash", p)
		cmd.Dir = t.TempDir()
		out, _ := cmd.Output()
		if strings.Contains(string(out), "reached") {
			t.Errorf("%q: bash does not exit", src)
		}
	}
}
