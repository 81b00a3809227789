package patcher

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/internal/oracle"
)

// whdOracleScript returns the shared bash oracle (whdconf-java-opts); the
// test fails under CI=true when it is missing, and skips elsewhere.
func whdOracleScript(t testing.TB) string {
	t.Helper()
	oracle.Require(t, "bash")
	script := filepath.Join(oracle.SharedDir(t), "whdconf-java-opts")
	if _, err := os.Stat(script); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("bash oracle missing (CI=true): %v", err)
		}
		t.Skipf("skipping: %v", err)
	}
	return script
}

// whdOracleBatch runs the oracle script on every file from one bash
// process (the script starts its own clean bash per file) and returns the
// words it prints for each.
func whdOracleBatch(t testing.TB, srcs [][]byte) [][]string {
	t.Helper()
	script := whdOracleScript(t)
	dir := t.TempDir()
	args := []string{"-c", `o=$1; shift; for f in "$@"; do "$o" "$f" || echo "oracle failed: $f" >&2; printf '\0'; done`, "batch", script}
	for i, src := range srcs {
		p := filepath.Join(dir, fmt.Sprintf("%04d", i), "whd.conf")
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	cmd := exec.Command("bash", args...)
	cmd.Dir = t.TempDir() // empty: file-name expansion in $JAVA_OPTS finds nothing
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("bash oracle: %v %s", err, stderr.String())
	}
	recs := bytes.Split(out, []byte{0})
	if len(recs) != len(srcs)+1 {
		t.Fatalf("bash oracle: %d results for %d files", len(recs)-1, len(srcs))
	}
	res := make([][]string, len(srcs))
	for i := range srcs {
		if s := strings.TrimSuffix(string(recs[i]), "\n"); s != "" {
			res[i] = strings.Split(s, "\n")
		}
	}
	return res
}

// whdGenCase is one generated whd.conf with the request to apply.
type whdGenCase struct {
	name string
	src  []byte
	req  Request
	tags []string
}

var whdGenFlags = []string{
	"-Xmx2048m", "-Xms256m", "-Dfile.encoding=UTF-8", "-Djava.awt.headless=true", "-XX:+UseG1GC",
	"-Duser.timezone=UTC", "-Djava.net.preferIPv4Stack=true", "-Dcom.sun.management.jmxremote",
	"-XX:MaxMetaspaceSize=512m", "-Dorg.apache.catalina.STRICT_SERVLET_COMPLIANCE=false", "-verbose:gc",
}

// whdGenManaged returns a -D flag for a managed property with a value met
// in real files: the seed's, another cloud's, or an old hand-typed one.
func whdGenManaged(r *rand.Rand) string {
	c := Clouds[r.IntN(len(Clouds))]
	props := c.Settings()
	p := props[r.IntN(len(props))]
	switch r.IntN(4) {
	case 0:
		p.Value = strings.TrimSuffix(p.Value, "/")
	case 1:
		if p.Name == PropIsGcchAzureAccount {
			p.Value = "false"
		}
	case 2:
		// The scope typed with a literal space: bash splits it in two.
		p.Value = strings.Replace(p.Value, "%20", " ", 1)
	}
	return "-D" + p.Name + "=" + p.Value
}

// genWhdConf makes a random whd.conf of the kinds admins write by hand.
func genWhdConf(r *rand.Rand, n int) whdGenCase {
	pick := func(p float64) bool { return r.Float64() < p }
	var lines []string
	var tags []string
	add := func(s ...string) { lines = append(lines, s...) }
	tag := func(s string) { tags = append(tags, s) }
	comment := func() string {
		return []string{"# WHD settings", "   # indented comment", "#JAVA_OPTS=\"-Dold=1\"", "# \"quoted\" 'words' $X", "#"}[r.IntN(5)]
	}
	flags := func(k int) []string {
		var out []string
		for i := 0; i < k; i++ {
			switch {
			case pick(0.3):
				out = append(out, whdGenManaged(r))
			case pick(0.02):
				// A property whdctl does not manage, its value split by a space.
				out = append(out, "-Dwhd.admin=John Smith")
			default:
				out = append(out, whdGenFlags[r.IntN(len(whdGenFlags))])
			}
		}
		return out
	}
	sep := func() string { return []string{" ", " ", " ", "  ", "\t", " \t "}[r.IntN(6)] }
	join := func(fs []string) string {
		var b strings.Builder
		for i, f := range fs {
			if i > 0 {
				b.WriteString(sep())
			}
			b.WriteString(f)
		}
		return b.String()
	}
	trailing := func() string {
		if pick(0.2) {
			tag("trailing-comment")
			return []string{" # JVM options", "\t# set by admin", "  #"}[r.IntN(3)]
		}
		return ""
	}
	export := func() string {
		if pick(0.15) {
			tag("export")
			return "export "
		}
		return ""
	}
	// value writes flags in one of the quoting styles admins use.
	value := func(fs []string) string {
		switch {
		case len(fs) == 1 && pick(0.2):
			tag("unquoted")
			return fs[0]
		case pick(0.2):
			tag("single-quotes")
			return "'" + join(fs) + "'"
		case pick(0.1):
			tag("padded")
			return "\" " + join(fs) + " \""
		}
		return "\"" + join(fs) + "\""
	}
	ref := func() string {
		if pick(0.3) {
			tag("braces")
			return "${JAVA_OPTS}"
		}
		return "$JAVA_OPTS"
	}

	add("# generated whd.conf " + fmt.Sprint(n))
	for _, kv := range []string{"JAVA_HOME=", "MINIMUM_MEMORY=128", "MAXIMUM_MEMORY=2048", "DEFAULT_PORT=8081", "HTTPS_PORT=8443", "PRIVILEGED_NETWORKS=", "KEYSTORE_PASSWORD=changeit"} {
		if pick(0.6) {
			if pick(0.2) {
				add(comment())
			}
			if pick(0.1) {
				add("")
			}
			k, v, _ := strings.Cut(kv, "=")
			switch r.IntN(5) {
			case 0:
				add(k + "=\"" + v + "\"")
			case 1:
				add("export " + kv)
			default:
				add(kv)
			}
		}
	}
	if pick(0.1) {
		add("CATALINA_OPTS=\"-Dcatalina=1\"")
	}

	switch r.IntN(8) {
	case 0:
		tag("no-java-opts")
	case 1:
		tag("single")
		add(export() + "JAVA_OPTS=" + value(flags(1+r.IntN(4))) + trailing())
	case 2:
		tag("seed-recipe")
		if pick(0.5) {
			add("JAVA_OPTS=" + value(flags(1+r.IntN(3))))
		}
		props := Clouds[r.IntN(len(Clouds))].Settings()
		for _, p := range props {
			add("JAVA_OPTS=\"-D" + p.Name + "=" + p.Value + "\"")
		}
	case 3:
		tag("append-chain")
		if pick(0.7) {
			add(export() + "JAVA_OPTS=" + value(flags(1+r.IntN(3))) + trailing())
		} else {
			tag("inherits")
		}
		for k := 1 + r.IntN(4); k > 0; k-- {
			fs := flags(1 + r.IntN(2))
			switch r.IntN(4) {
			case 0:
				add("JAVA_OPTS+=\" " + join(fs) + "\"" + trailing())
				tag("plus-equals")
			case 1:
				add("JAVA_OPTS+=' " + join(fs) + "'")
				tag("plus-equals")
			default:
				add(export() + "JAVA_OPTS=\"" + ref() + " " + join(fs) + "\"" + trailing())
			}
			if pick(0.2) {
				add(comment())
			}
		}
	case 4:
		tag("overwrites")
		for k := 2 + r.IntN(3); k > 0; k-- {
			if pick(0.5) {
				add("JAVA_OPTS=" + value(flags(1+r.IntN(3))) + trailing())
			} else {
				add("JAVA_OPTS=\"" + ref() + " " + join(flags(1+r.IntN(2))) + "\"")
			}
		}
	case 5:
		tag("multi-line")
		add("JAVA_OPTS=\"" + join(flags(1+r.IntN(2))))
		add("    " + join(flags(1+r.IntN(2))) + "\"")
	case 6:
		tag("duplicates")
		m := whdGenManaged(r)
		fs := append(flags(r.IntN(2)), m)
		fs = append(fs, flags(r.IntN(2))...)
		name, _, _ := whdProp(m)
		other := Clouds[r.IntN(len(Clouds))].Settings()
		for _, p := range other {
			if p.Name == name {
				fs = append(fs, "-D"+p.Name+"="+p.Value)
			}
		}
		add("JAVA_OPTS=\"" + join(fs) + "\"")
	case 7:
		tag("other-variable")
		add("MAXIMUM_MEMORY=2048")
		add("JAVA_OPTS=\"-Xmx${MAXIMUM_MEMORY}m " + join(flags(r.IntN(3))) + "\"")
	}
	if pick(0.3) {
		add(comment())
	}
	if pick(0.2) {
		add("NO_REDIRECT=false")
	}
	if pick(0.1) {
		add("CATALINA_OPTS=\"$JAVA_OPTS\"")
		tag("derived")
	}
	src := strings.Join(lines, "\n")
	if strings.Contains(src, "offline_access https") {
		tag("split-scope")
	}
	if strings.Contains(src, "John Smith") {
		tag("split-other")
	}
	if pick(0.85) {
		src += "\n"
	} else {
		tag("no-trailing-newline")
	}

	req := Request{Set: Clouds[r.IntN(len(Clouds))].Settings(), Dedupe: pick(0.5)}
	if pick(0.15) {
		req.Set = append(req.Set, Property{"custom.prop", "value-" + fmt.Sprint(r.IntN(3))})
		tag("custom-set")
	}
	if pick(0.15) {
		i := r.IntN(len(req.Set))
		req.Remove = []string{req.Set[i].Name}
		req.Set = append(req.Set[:i:i], req.Set[i+1:]...)
		tag("remove")
	}
	if pick(0.1) {
		// A name broken by a line continuation, which bash joins first.
		if i := strings.Index(src, "\nJAVA_OPTS="); i >= 0 {
			src = src[:i] + "\nJAVA\\\n_OPTS=" + src[i+len("\nJAVA_OPTS="):]
			tag("continued-name")
		}
	}
	if pick(0.08) {
		// Words after an unquoted space, which export rejects as names.
		nl := strings.HasSuffix(src, "\n")
		src = strings.TrimSuffix(src, "\n") + "\nexport JAVA_OPTS=\"$JAVA_OPTS\" -Drejected=1 2x=3"
		if nl {
			src += "\n"
		}
		tag("export-rejects")
	}
	sort.Strings(tags)
	return whdGenCase{name: fmt.Sprintf("gen%03d", n), src: []byte(src), req: req, tags: tags}
}

// requestedNames returns the property names a request touches.
func requestedNames(req Request) map[string]bool {
	m := map[string]bool{}
	for _, s := range req.Set {
		m[s.Name] = true
	}
	for _, n := range req.Remove {
		m[n] = true
	}
	return m
}

// untouched keeps the words that are not requested properties, nor the
// words without a leading '-' right after one (the rest of its old value,
// cut at a space), which whdctl removes with it.
func untouched(words []string, names map[string]bool) []string {
	var out []string
	rest := false
	for _, w := range words {
		if n, _, ok := whdProp(w); ok && names[n] {
			rest = true
			continue
		}
		if rest && !strings.HasPrefix(w, "-") {
			continue
		}
		rest = false
		out = append(out, w)
	}
	return out
}

// strayWords returns the words java would not take as options: no leading
// '-' and not the value of an option such as -cp.
func strayWords(words []string) []string {
	var out []string
	for i, w := range words {
		if !strings.HasPrefix(w, "-") && !(i > 0 && whdOptionsWithArgument[words[i-1]]) {
			out = append(out, w)
		}
	}
	return out
}

// unownedStray returns the stray words that do not follow a requested
// property (directly or after other stray words): whdctl must refuse those.
func unownedStray(words []string, names map[string]bool) []string {
	var out []string
	owned := false
	for i, w := range words {
		switch {
		case strings.HasPrefix(w, "-"):
			n, _, ok := whdProp(w)
			owned = ok && names[n]
		case i > 0 && whdOptionsWithArgument[words[i-1]]:
			owned = false
		case !owned:
			out = append(out, w)
		}
	}
	return out
}

// checkPatchedWords checks bash's view of a patched file: each requested
// property exactly once with its value, none of the removed ones, no word
// that java would take for the class to run, and every other flag exactly
// as before (same order, nothing new).
func checkPatchedWords(before, after []string, req Request) error {
	names := requestedNames(req)
	if st := strayWords(after); len(st) > 0 {
		return fmt.Errorf("bash sees %q, which java would take for the class to run", st)
	}
	for _, s := range req.Set {
		var found []string
		for _, w := range after {
			if n, _, ok := whdProp(w); ok && n == s.Name {
				found = append(found, w)
			}
		}
		if len(found) != 1 || found[0] != "-D"+s.Name+"="+s.Value {
			return fmt.Errorf("-D%s: bash sees %q, want exactly one -D%s=%s", s.Name, found, s.Name, s.Value)
		}
	}
	for _, name := range req.Remove {
		for _, w := range after {
			if n, _, ok := whdProp(w); ok && n == name {
				return fmt.Errorf("removed -D%s is still there: %q", name, w)
			}
		}
	}
	if b, a := untouched(before, names), untouched(after, names); !whdSameStrings(b, a) {
		return fmt.Errorf("other flags changed:\nbefore %q\nafter  %q", b, a)
	}
	return nil
}

func hasDuplicateRequested(words []string, req Request) bool {
	count := map[string]int{}
	for _, w := range words {
		if n, _, ok := whdProp(w); ok {
			count[n]++
		}
	}
	for _, s := range req.Set {
		if count[s.Name] > 1 {
			return true
		}
	}
	return false
}

// TestWhdConfOracleGenerated patches 300 generated whd.conf files and asks
// bash (the shared oracle) what JAVA_OPTS is before and after.
func TestWhdConfOracleGenerated(t *testing.T) {
	whdOracleScript(t)
	const n = 300
	r := rand.New(rand.NewPCG(2, 23))
	cases := make([]whdGenCase, n)
	srcs := make([][]byte, n)
	for i := range cases {
		cases[i] = genWhdConf(r, i)
		srcs[i] = cases[i].src
	}
	before := whdOracleBatch(t, srcs)

	results := make([]*Result, n)
	var outs [][]byte
	var outIdx []int
	stats := map[string]int{}
	for i, c := range cases {
		for _, tg := range c.tags {
			stats[tg]++
		}
		f, err := whdconf.Parse(c.src)
		if err != nil || f.SyntaxErr != nil {
			t.Fatalf("%s: generated file does not parse: %v %v\n%s", c.name, err, f.SyntaxErr, c.src)
		}
		jo := f.JavaOpts()
		if !jo.Known {
			t.Errorf("%s: JAVA_OPTS unknown (%v)\n%s", c.name, jo.Reason, c.src)
			continue
		}
		if got := whdWordTexts(jo.Words); !whdSameStrings(got, before[i]) {
			t.Errorf("%s: static evaluation %q, bash %q\n%s", c.name, got, before[i], c.src)
			continue
		}
		res, err := PatchWhdConf(c.src, c.req)
		stray := unownedStray(before[i], requestedNames(c.req))
		if err != nil {
			var re *RefusalError
			if errors.As(err, &re) && !c.req.Dedupe && hasDuplicateRequested(before[i], c.req) {
				stats["refused: duplicates without --dedupe"]++
				continue
			}
			if errors.As(err, &re) && len(stray) > 0 {
				// bash confirms the word the refusal names is a JVM argument of its own.
				if !strings.Contains(err.Error(), fmt.Sprintf("%q", stray[0])) {
					t.Errorf("%s: the refusal does not name %q: %v", c.name, stray[0], err)
				}
				stats["refused: stray word"]++
				continue
			}
			t.Errorf("%s: %v\n%s", c.name, err, c.src)
			continue
		}
		if len(stray) > 0 {
			t.Errorf("%s: bash sees %q, not part of a requested property, and whdctl did not refuse\n%s", c.name, stray, c.src)
		}
		results[i] = res
		outs = append(outs, res.Output)
		outIdx = append(outIdx, i)
	}
	after := whdOracleBatch(t, outs)
	for k, i := range outIdx {
		c, res := cases[i], results[i]
		if err := checkPatchedWords(before[i], after[k], c.req); err != nil {
			t.Errorf("%s (%s): %v\n--- input\n%s--- output\n%s", c.name, strings.Join(c.tags, ","), err, c.src, res.Output)
			continue
		}
		g, _ := whdconf.Parse(res.Output)
		if got := whdWordTexts(g.JavaOpts().Words); !whdSameStrings(got, after[k]) {
			t.Errorf("%s: static evaluation of the output %q, bash %q", c.name, got, after[k])
		}
		if res.Changed != !bytes.Equal(res.Output, c.src) {
			t.Errorf("%s: Changed=%v but the bytes say otherwise", c.name, res.Changed)
		}
		checkSecondRun(t, c.name, res.Output, c.req)
		if res.Changed {
			stats["changed"]++
		} else {
			stats["unchanged"]++
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, stats[k])
	}
	t.Logf("%d generated files checked with bash (%d patched):%s", n, len(outIdx), b.String())
	if len(outIdx) < 200 {
		t.Errorf("only %d generated files were patched; want at least 200", len(outIdx))
	}
}

// checkSecondRun: patching the output again changes nothing.
func checkSecondRun(t *testing.T, name string, out []byte, req Request) {
	t.Helper()
	res2, err := PatchWhdConf(out, req)
	if err != nil {
		t.Errorf("%s: second run: %v\n%s", name, err, out)
		return
	}
	if res2.Changed || !bytes.Equal(res2.Output, out) {
		t.Errorf("%s: second run changed the file\n--- first\n%s--- second\n%s", name, out, res2.Output)
	}
	for _, a := range res2.Actions {
		if a.Action != ActionUnchanged && a.Action != ActionAbsent {
			t.Errorf("%s: second run action %+v", name, a)
		}
	}
}

// repoRoot is the folder holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// TestWhdConfOracleFixtures patches the sample installs' whd.conf and the
// broken variants, and checks with bash both what whdctl does and what it
// claims about the files it refuses.
func TestWhdConfOracleFixtures(t *testing.T) {
	root := repoRoot(t)
	type expect struct {
		outcome string // patched, refused, parse
		req     Request
		bash    func(before []string) error // what bash must show about the input
		warn    string
	}
	seed := Request{Set: Clouds[0].Settings()}
	has := func(pred func(string) bool, what string) func([]string) error {
		return func(ws []string) error {
			for _, w := range ws {
				if pred(w) {
					return nil
				}
			}
			return fmt.Errorf("bash shows no word that %s: %q", what, ws)
		}
	}
	only := func(want ...string) func([]string) error {
		return func(ws []string) error {
			if !whdSameStrings(ws, want) {
				return fmt.Errorf("bash shows %q, want %q", ws, want)
			}
			return nil
		}
	}
	broken := map[string]expect{
		// The vendor's five lines: only the last one counts.
		"seed-recipe": {outcome: "patched", req: seed, warn: "-Dfile.encoding=UTF-8 (line 47)",
			bash: only("-DAzureAuthorizationScope=offline_access%20https://graph.microsoft.com/.default")},
		"crlf": {outcome: "refused", req: seed,
			bash: has(func(w string) bool { return strings.HasSuffix(w, "\r") }, "ends in a carriage return")},
		"typographic-quotes":   {outcome: "refused", req: seed, bash: only()},
		"syntax-error":         {outcome: "parse", req: seed},
		"command-substitution": {outcome: "refused", req: seed},
		// The byte order mark swallows the line-1 assignment.
		"bom-line1": {outcome: "patched", req: seed, warn: "byte order mark", bash: only()},
		// An unquoted space: JAVA_OPTS is set for one command only.
		"unquoted-space": {outcome: "patched", req: seed, bash: only()},
		"duplicates":     {outcome: "refused", req: seed},
		"duplicates+dedupe": {outcome: "patched", req: Request{Set: Clouds[0].Settings(), Dedupe: true},
			bash: has(func(w string) bool { return w == "-DExchangeServiceURL=https://outlook.office365.us/" }, "has the first duplicate")},
		// The split-off half of the scope is removed with the update.
		"space-in-scope": {outcome: "patched", req: seed, warn: `line 47: removed "https://graph.microsoft.com/.default"`,
			bash: has(func(w string) bool { return w == "https://graph.microsoft.com/.default" }, "is the split-off half of the scope")},
	}
	type fixture struct {
		name string
		path string
		exp  expect
	}
	var fixtures []fixture
	for _, layout := range []string{"linux", "windows"} {
		p := filepath.Join(root, "fixtures", layout, "conf", "whd.conf")
		if _, err := os.Stat(p); err != nil {
			if layout == "linux" {
				t.Fatalf("the Linux sample install has no whd.conf: %v", err)
			}
			t.Logf("no %s: skipped", p)
			continue
		}
		fixtures = append(fixtures, fixture{name: layout, path: p, exp: expect{outcome: "any", req: seed}})
	}
	for name, exp := range broken {
		dir := strings.TrimSuffix(name, "+dedupe")
		fixtures = append(fixtures, fixture{name: "broken/" + name, path: filepath.Join(root, "fixtures", "broken", "whdconf", dir, "whd.conf"), exp: exp})
	}
	sort.Slice(fixtures, func(i, j int) bool { return fixtures[i].name < fixtures[j].name })
	srcs := make([][]byte, len(fixtures))
	for i, fx := range fixtures {
		b, err := os.ReadFile(fx.path)
		if err != nil {
			t.Fatal(err)
		}
		srcs[i] = b
	}
	before := whdOracleBatch(t, srcs)
	var outs [][]byte
	var outIdx []int
	results := make([]*Result, len(fixtures))
	for i, fx := range fixtures {
		src := srcs[i]
		if fx.exp.bash != nil {
			if err := fx.exp.bash(before[i]); err != nil {
				t.Errorf("%s: %v", fx.name, err)
			}
		}
		f, _ := whdconf.Parse(src)
		if jo := f.JavaOpts(); jo.Known && !whdSameStrings(whdWordTexts(jo.Words), before[i]) {
			t.Errorf("%s: static evaluation %q, bash %q", fx.name, whdWordTexts(jo.Words), before[i])
		}
		res, err := PatchWhdConf(src, fx.exp.req)
		var (
			re *RefusalError
			pe *ParseError
		)
		switch {
		case fx.exp.outcome == "refused" && !errors.As(err, &re),
			fx.exp.outcome == "parse" && !errors.As(err, &pe),
			fx.exp.outcome == "patched" && err != nil:
			t.Errorf("%s: want %s, got %v", fx.name, fx.exp.outcome, err)
			continue
		case fx.exp.outcome == "any" && err != nil:
			// A sample install may be one whdctl refuses (a Windows whd.conf
			// with CRLF line endings); then bash must show why.
			if !errors.As(err, &re) || !strings.Contains(err.Error(), "line endings") {
				t.Errorf("%s: %v", fx.name, err)
			}
			continue
		case err != nil:
			t.Logf("%s: %s as expected: %v", fx.name, fx.exp.outcome, strings.SplitN(err.Error(), "\n", 2)[0])
			continue
		}
		if fx.exp.warn != "" && !strings.Contains(strings.Join(res.Warnings, "\n"), fx.exp.warn) {
			t.Errorf("%s: no warning mentions %q: %q", fx.name, fx.exp.warn, res.Warnings)
		}
		results[i] = res
		outs = append(outs, res.Output)
		outIdx = append(outIdx, i)
	}
	after := whdOracleBatch(t, outs)
	for k, i := range outIdx {
		fx, res := fixtures[i], results[i]
		if err := checkPatchedWords(before[i], after[k], fx.exp.req); err != nil {
			t.Errorf("%s: %v\n%s", fx.name, err, res.Output)
		}
		g, _ := whdconf.Parse(res.Output)
		if got := whdWordTexts(g.JavaOpts().Words); !whdSameStrings(got, after[k]) {
			t.Errorf("%s: static evaluation of the output %q, bash %q", fx.name, got, after[k])
		}
		checkSecondRun(t, fx.name, res.Output, fx.exp.req)
		t.Logf("%s: patched; bash now sees %d JVM arguments", fx.name, len(after[k]))
	}
}
