package validate

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/internal/oracle"
	"github.com/whdctl/whdctl/patcher"
)

// The real Java Service Wrapper (with a JVM) and bash confirm what the rules
// claim: that the entries WHD101/WHD102/WHD103 call dead are not passed, that
// WHD105's lines and WHD106's key are ignored, that WHD107's value is cut,
// that WHD108's value is skipped or breaks the JVM's start; that WHD201's flags are lost and WHD202's
// values end in a carriage return.

var dProp = regexp.MustCompile(`-D([A-Za-z0-9_.]+)=`)

// wrapperCase checks one wrapper file against the real wrapper.
func wrapperCase(t *testing.T, src string, rules ...string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "wrapper_template.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check(p, patcher.FormatWrapper, []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if !has(res.Findings, r) {
			t.Fatalf("%s not reported; got %v", r, rulesOf(res.Findings))
		}
	}
	jvm := oracle.JSW(t, p)
	confirmWrapper(t, src, res.Findings, jvm)
}

// confirmWrapper checks every claim of the findings against what the JVM got.
func confirmWrapper(t *testing.T, src string, fs []finding.Finding, jvm oracle.JVMView) {
	t.Helper()
	d := newWrapperDoc("w", []byte(src), checkEnv{})
	lines := strings.Split(src, "\n")
	passed := func(arg string) bool { return slices.Contains(jvm.Args, arg) }
	// Live slots reach Java (a sanity check of the oracle run itself).
	for _, s := range d.add.Live() {
		if s.Passed() && strings.HasPrefix(s.Arg, "-") && !passed(s.Arg) && !d.add.Ties {
			t.Errorf("live %s (%q) not passed by the real wrapper; JVM args %q", s.Key, s.Arg, jvm.Args)
		}
	}
	for _, f := range fs {
		switch f.Rule {
		case "WHD101", "WHD102":
			for i, s := range d.add.Dead {
				if i < 8 && !strings.Contains(f.Message, slotName(s)+" (") {
					t.Errorf("%s does not name the dead %s: %s", f.Rule, slotName(s), f.Message)
				}
				if s.Arg != "" && passed(s.Arg) {
					t.Errorf("%s calls %s dead, but the real wrapper passes %q", f.Rule, slotName(s), s.Arg)
				}
			}
		case "WHD103":
			if d.add.Break != nil && d.add.Break.Repeated && strings.Contains(f.Message, "ends the list") {
				// One of the tied pair and everything after it: at most one of the pair is passed.
				n := 0
				for _, s := range d.add.Dead {
					if passed(s.Arg) {
						n++
					}
				}
				if n > 1 {
					t.Errorf("WHD103: %d of the entries from the repeated number on were passed: %q", n, jvm.Args)
				}
				continue
			}
			// A redefined key: the earlier value is not passed.
			if v := entryValue(lines, f.Line); v != "" && !strings.Contains(f.Message, "the value is the same") && passed(v) {
				t.Errorf("WHD103 says line %d's value is dropped, but the JVM got %q", f.Line, v)
			}
		case "WHD104":
			name := dProp.FindStringSubmatch(lines[f.Line-1])[1]
			last := d.add.Effective()[name]
			if got := jvm.Props[name]; oracle.Unquote(got) != last {
				t.Errorf("WHD104: the JVM keeps %q for %s, the finding says %q", got, name, last)
			}
		case "WHD105", "WHD106", "WHD108":
			if f.Rule == "WHD108" && f.Severity != finding.Error {
				continue // a whole argument in quotes: see TestOracleQuotedArgument
			}
			for _, m := range dProp.FindAllStringSubmatch(lines[f.Line-1], -1) {
				if _, ok := jvm.Props[m[1]]; ok {
					t.Errorf("%s says line %d is lost, but the JVM has -D%s", f.Rule, f.Line, m[1])
				}
			}
		case "WHD107":
			e := entryAt(d, f.Line)
			name, value, ok := wrapperconf.ParseProp(e.Value)
			if !ok || !liveKey(d, e.Key) {
				continue // the cut is about the value; a dead slot is not passed at all
			}
			if got, ok := jvm.Props[name]; !ok || got != value || !strings.Contains(f.Message, show(e.Value)) {
				t.Errorf("WHD107 says -D%s is cut to %q; the JVM has %q (present %v); message %s", name, value, got, ok, f.Message)
			}
		}
	}
}

func liveKey(d *wrapperDoc, key string) bool {
	for _, s := range d.add.Live() {
		if s.Key == key {
			return true
		}
	}
	return false
}

func entryAt(d *wrapperDoc, line int) *wrapperconf.Entry {
	for i := range d.f.Entries {
		if d.f.Entries[i].Line == line {
			return &d.f.Entries[i]
		}
	}
	return &wrapperconf.Entry{}
}

func entryValue(lines []string, line int) string {
	_, v, _ := strings.Cut(strings.TrimSuffix(lines[line-1], "\r"), "=")
	return strings.TrimSpace(v)
}

func TestOracleWrapper(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac")
	cases := []struct {
		name, src string
		rules     []string
	}{
		{"gap", "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.a=1\nwrapper.java.additional.2=-Dp.b=2\nwrapper.java.additional.4=-Dp.d=4\nWRAPPER.JAVA.ADDITIONAL.5=-Dp.e=5\n", []string{"WHD101"}},
		{"not from 1", "#encoding=UTF-8\nwrapper.java.additional.19=-DExchangeServiceURL=\"https://outlook.office365.com/\"\nwrapper.java.additional.20=-Dp.t=20\n", []string{"WHD102"}},
		{"index 0", "#encoding=UTF-8\nwrapper.java.additional.0=-Dp.z=0\nwrapper.java.additional.1=-Dp.a=1\n", []string{"WHD102"}},
		{"repeated number", "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.a=1\nwrapper.java.additional.01=-Dp.b=1\nwrapper.java.additional.2=-Dp.c=2\nwrapper.java.additional.3=-Dp.d=3\n", []string{"WHD103"}},
		{"redefined", "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.old=1\nWRAPPER.JAVA.ADDITIONAL.1=-Dp.new=1\n", []string{"WHD103"}},
		{"property twice", "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.x=first\nwrapper.java.additional.2=-Dp.y=2\nwrapper.java.additional.3=\"-Dp.x=last\"\nwrapper.java.additional.3.stripquotes=TRUE\n", []string{"WHD104"}},
		{"ignored lines", "#encoding=UTF-8\nwrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.1=-Dp.ok=1\nwrapper.java.additional.abc=-Dp.abc=1\nwrapper.java.additional.2: -Dp.colon=1\nwrapper.java.additional.3 -Dp.space=1\nwrapper.java.additional.4\nwrapper.java.additional.1234567890123456=-Dp.long=1\n", []string{"WHD105"}},
		{"BOM key", "\ufeffwrapper.java.additional.1=-Dp.bom=1\nwrapper.ignore_sequence_gaps=TRUE\nwrapper.java.additional.2=-Dp.two=2\n", []string{"WHD106"}},
		{"hash cuts", "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.url=https://h/x#frag\nwrapper.java.additional.2=-Dp.pw=Pa#ss\nwrapper.java.additional.3=-Dp.ok=Pa##ss\n", []string{"WHD107"}},
		{"no dash", "#encoding=UTF-8\nwrapper.java.additional.1=Dp.nodash=1\nwrapper.java.additional.2=-Dp.b=2\n", []string{"WHD108"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wrapperCase(t, c.src, c.rules...)
		})
	}
}

// TestOracleQuotedArgument: on Linux the quotes of a whole quoted argument
// reach the JVM, which then does not start (WHD108's warning). The shared
// oracle script in debug mode shows the JVM's own error.
func TestOracleQuotedArgument(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	src := "#encoding=UTF-8\nwrapper.java.additional.1=\"-Dp.q=1\"\nwrapper.java.additional.2=-Dp.b=2\n"
	p := filepath.Join(t.TempDir(), "wrapper_template.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := Check(p, patcher.FormatWrapper, []byte(src), Options{})
	if !has(res.Findings, "WHD108") {
		t.Fatalf("WHD108 not reported: %v", res.Findings)
	}
	out, _ := oracle.RunShared(t, p, true)
	if !strings.Contains(string(out), `Could not find or load main class "-Dp.q=1"`) {
		t.Errorf("the JVM did not refuse the quoted argument as WHD108 says; wrapper output:\n%s", out)
	}
}

// TestOracleWrapperRandom: generated files of the kinds met in real
// installs; whatever the findings claim is checked on the real wrapper.
func TestOracleWrapperRandom(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac")
	r := rand.New(rand.NewPCG(3, 2024))
	for i := 0; i < 8; i++ {
		src := randomWrapper(r, i)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			wrapperCase(t, src)
		})
	}
}

func randomWrapper(r *rand.Rand, n int) string {
	var b strings.Builder
	pick := func(p float64) bool { return r.Float64() < p }
	if pick(0.8) {
		b.WriteString("#encoding=UTF-8\n")
	}
	fmt.Fprintf(&b, "# case %d\n", n)
	if pick(0.2) {
		b.WriteString("wrapper.ignore_sequence_gaps=TRUE\n")
	}
	idx := 1
	if pick(0.15) {
		idx = 2
	}
	for i := 0; i < 6+r.IntN(14); i++ {
		if pick(0.1) {
			idx++
		}
		key := "wrapper.java.additional."
		if pick(0.1) {
			key = "WRAPPER.JAVA.ADDITIONAL."
		}
		val := fmt.Sprintf("-Dp.k%d=v%d", i, i)
		switch {
		case pick(0.08):
			val = fmt.Sprintf("-Dp.h%d=a#cut", i)
		case pick(0.06):
			val = fmt.Sprintf("Dp.nd%d=1", i)
		case pick(0.06):
			val = "-Dp.dup=" + fmt.Sprint(i)
		}
		switch {
		case pick(0.06):
			fmt.Fprintf(&b, "%sx%d=-Dp.bad%d=1\n", key, idx, i)
		case pick(0.05):
			fmt.Fprintf(&b, "%s%d: -Dp.colon%d=1\n", key, idx, i)
		default:
			fmt.Fprintf(&b, "%s%d=%s\n", key, idx, val)
			idx++
		}
		if pick(0.06) {
			fmt.Fprintf(&b, "%s%d=-Dp.redef%d=1\n", key, idx-1, i)
		}
	}
	return b.String()
}

// ---- whd.conf and bash ----

func bashCase(t *testing.T, src string, rules ...string) ([]string, []finding.Finding) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check(p, patcher.FormatWhdConf, []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if !has(res.Findings, r) {
			t.Fatalf("%s not reported; got %v", r, rulesOf(res.Findings))
		}
	}
	return oracle.BashJavaOpts(t, p), res.Findings
}

var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

func TestOracleBash(t *testing.T) {
	oracle.Require(t, "bash")
	ports := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\n"

	t.Run("WHD201 vendor recipe", func(t *testing.T) {
		var src strings.Builder
		src.WriteString(ports)
		for _, p := range patcher.Clouds[0].Settings() {
			fmt.Fprintf(&src, "JAVA_OPTS=\"-D%s=%s\"\n", p.Name, p.Value)
		}
		words, fs := bashCase(t, src.String(), "WHD201")
		lost := 0
		for _, f := range fs {
			if f.Rule != "WHD201" {
				continue
			}
			_, claims, _ := strings.Cut(f.Message, "Java: ")
			for _, m := range quoted.FindAllStringSubmatch(claims, -1) {
				lost++
				if slices.Contains(words, m[1]) {
					t.Errorf("WHD201 says %s is lost, bash has it: %q", m[1], words)
				}
			}
		}
		if lost != 4 || len(words) != 1 || !strings.HasPrefix(words[0], "-DAzureAuthorizationScope=") {
			t.Errorf("%d flags called lost; bash words %q", lost, words)
		}
	})
	t.Run("WHD201 export and a live flag", func(t *testing.T) {
		words, fs := bashCase(t, ports+"export JAVA_OPTS=\"-Xmx2g -Dp.a=1\"\nJAVA_OPTS=\"$JAVA_OPTS -Dp.b=2\"\nexport JAVA_OPTS=\"-Dp.c=3\"\n", "WHD201")
		var lost []string
		for _, f := range fs {
			if f.Rule == "WHD201" {
				_, claims, _ := strings.Cut(f.Message, "Java: ")
				for _, m := range quoted.FindAllStringSubmatch(claims, -1) {
					lost = append(lost, m[1])
				}
			}
		}
		slices.Sort(lost)
		if !slices.Equal(lost, []string{"-Dp.a=1", "-Dp.b=2", "-Xmx2g"}) {
			t.Errorf("flags called lost: %q", lost)
		}
		if !slices.Equal(words, []string{"-Dp.c=3"}) {
			t.Errorf("bash words %q", words)
		}
	})
	t.Run("WHD202 CRLF", func(t *testing.T) {
		words, fs := bashCase(t, strings.ReplaceAll(ports+"JAVA_OPTS=\"-Dfile.encoding=UTF-8 -Dp.last=1\"\n", "\n", "\r\n"), "WHD202")
		last := words[len(words)-1]
		if last != "-Dp.last=1\r" {
			t.Errorf("bash's last word is %q, want a trailing carriage return", last)
		}
		for _, f := range fs {
			if f.Rule == "WHD202" && !strings.Contains(f.Message, fmt.Sprintf("JAVA_OPTS=%q", "-Dfile.encoding=UTF-8 -Dp.last=1\r")) {
				t.Errorf("WHD202 does not show the value bash gets: %s", f.Message)
			}
		}
	})
	t.Run("WHD202 CR only", func(t *testing.T) {
		words, _ := bashCase(t, strings.ReplaceAll("# settings\n"+ports+"JAVA_OPTS=\"-Dp.a=1\"", "\n", "\r"), "WHD202", "WHD206")
		if len(words) != 0 {
			t.Errorf("bash read settings from a CR-only file: %q", words)
		}
	})
	t.Run("WHD204 split value", func(t *testing.T) {
		words, fs := bashCase(t, ports+"JAVA_OPTS=\"-DAzureAuthorizationScope=offline_access https://graph.microsoft.com/.default -Dp.b=2\"\n", "WHD204")
		if !slices.Equal(words, []string{"-DAzureAuthorizationScope=offline_access", "https://graph.microsoft.com/.default", "-Dp.b=2"}) {
			t.Errorf("bash words %q", words)
		}
		for _, f := range fs {
			if f.Rule == "WHD204" && !strings.Contains(f.Message, `"https://graph.microsoft.com/.default"`) {
				t.Errorf("WHD204 names another piece: %s", f.Message)
			}
		}
	})
	t.Run("WHD106 BOM", func(t *testing.T) {
		words, _ := bashCase(t, "\ufeffJAVA_OPTS=\"-Dp.bom=1\"\n"+ports, "WHD106")
		if len(words) != 0 {
			t.Errorf("bash set JAVA_OPTS after a BOM: %q", words)
		}
	})
	t.Run("WHD203 typographic quotes", func(t *testing.T) {
		words, _ := bashCase(t, ports+"JAVA_OPTS=“-Dp.q=1”\n", "WHD203")
		if !slices.Equal(words, []string{"“-Dp.q=1”"}) {
			t.Errorf("bash words %q", words)
		}
	})
}

// ---- checks added with WHD208, WHD209, WHD307 and the fixes that give a line ----

// TestOracleWrapperVars: the wrapper's %VAR% expansion from set. entries, as
// the Microsoft 365 rules read it, is what the real wrapper passes: every
// property whose value whdctl works out has that value in the JVM, and a
// reference nothing defines reaches the JVM as written.
func TestOracleWrapperVars(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac")
	src := "#encoding=UTF-8\n" +
		"set.AUTHURL=https://login.microsoftonline.com/\n" +
		"wrapper.java.additional.1=-DAzureAuthorizationURL=%AUTHURL%\n" +
		"wrapper.java.additional.2=-DAzureTokenURL=%WHDCTL_ORACLE_UNDEFINED%\n" +
		"wrapper.java.additional.3=-DExchangeServiceURL=\"https://%EWSHOST%/\"\n" +
		"wrapper.java.additional.4=-DIsGcchAzureAccount=true\n" +
		"wrapper.java.additional.5=-DAzureAuthorizationScope=%SCOPE%\n" +
		"set.EWSHOST=outlook.office365.com\n" +
		"set.SCOPE=offline_access%20https://graph.microsoft.com/.default%20https://outlook.office365.com/.default\n" +
		"set.A=one\n" +
		"wrapper.java.additional.6=-Dp.a=%A%\n" +
		"set.A=two\n" +
		"wrapper.java.additional.7=-Dp.g=%A%%A%\n" +
		"set.NEST=%A%-nested\n" +
		"wrapper.java.additional.8=-Dp.n=%NEST%\n" +
		"set.lower=x\n" +
		"wrapper.java.additional.9=-Dp.l=%LOWER%\n" +
		"wrapper.java.additional.10=-Dp.pct=a%20b%A%c\n" +
		"set.default.DEF=dflt\n" +
		"wrapper.java.additional.11=-Dp.d=%DEF%\n"
	p := filepath.Join(t.TempDir(), "wrapper_template.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Check(p, patcher.FormatWrapper, []byte(src), Options{})
	if err != nil {
		t.Fatal(err)
	}
	jvm := oracle.JSW(t, p)
	d := newWrapperDoc(p, []byte(src), checkEnv{})
	v := d.props()
	for name, site := range v.props {
		got, ok := jvm.Props[name]
		if !ok {
			t.Errorf("-D%s: whdctl has it, the JVM does not", name)
			continue
		}
		if len(site.Unresolved) > 0 {
			for _, u := range site.Unresolved {
				if !strings.Contains(got, "%"+u+"%") {
					t.Errorf("-D%s: whdctl leaves %%%s%% to the environment; the JVM has %q", name, u, got)
				}
			}
			continue
		}
		if oracle.Unquote(got) != site.Value {
			t.Errorf("-D%s: whdctl reads %q, the JVM has %q", name, site.Value, got)
		}
	}
	if v.props["p.g"].Value != "twotwo" || v.props["AzureAuthorizationURL"].Value != "https://login.microsoftonline.com/" {
		t.Errorf("expansion not exercised: %+v", v.props)
	}
	// The findings: the expanded URL is fine (no WHD303), the undefined
	// reference is WHD307, the expanded scope names two resources (WHD304).
	for _, f := range res.Findings {
		if f.Rule == "WHD303" {
			t.Errorf("WHD303 on an expanded value: %s", f.Message)
		}
	}
	if !has(res.Findings, "WHD307") || !has(res.Findings, "WHD304") {
		t.Errorf("want WHD307 and WHD304:\n%s", render(res.Findings, ""))
	}
}

// TestOracleBashDuplicateProperty: WHD208 on the broken sample: bash passes
// both -DExchangeServiceURL words, and the JVM keeps the last one, which is
// the value the finding names.
func TestOracleBashDuplicateProperty(t *testing.T) {
	oracle.Require(t, "bash")
	p := filepath.Join(fixtures, "broken", "whdconf", "duplicates", "whd.conf")
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	res, _ := Check(p, patcher.FormatWhdConf, src, Options{})
	var f *finding.Finding
	for i := range res.Findings {
		if res.Findings[i].Rule == "WHD208" {
			f = &res.Findings[i]
		}
	}
	if f == nil || f.Severity != finding.Error {
		t.Fatalf("WHD208 (error) not reported:\n%s", render(res.Findings, ""))
	}
	words := oracle.BashJavaOpts(t, p)
	var seen []string
	for _, w := range words {
		if strings.HasPrefix(w, "-DExchangeServiceURL=") {
			seen = append(seen, w)
		}
	}
	if len(seen) != 2 || seen[0] == seen[1] {
		t.Fatalf("bash words %q: want two different -DExchangeServiceURL", words)
	}
	last := strings.TrimPrefix(seen[1], "-DExchangeServiceURL=")
	if !strings.Contains(f.Message, "keeps the last one ("+show(last)+")") {
		t.Errorf("WHD208 names another value than bash's last word %q: %s", last, f.Message)
	}
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is not installed: the JVM's choice is not checked")
	}
	out, _ := exec.Command("java", append(words, "-XshowSettings:properties", "-version")...).CombinedOutput()
	if !strings.Contains(string(out), "ExchangeServiceURL = "+last+"\n") {
		t.Errorf("the JVM does not keep %q:\n%s", last, out)
	}
}

// TestOracleBashMisnamed: WHD209's flags are not in bash's $JAVA_OPTS.
func TestOracleBashMisnamed(t *testing.T) {
	oracle.Require(t, "bash")
	src := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\njava_opts=\"-Dp.a=1 -Xmx2g\"\nJAVA_OPT=-Dp.c=3\nJAVA_OPTS=\"-Dp.b=2\"\n"
	words, fs := bashCase(t, src, "WHD209")
	if !slices.Equal(words, []string{"-Dp.b=2"}) {
		t.Errorf("bash words %q", words)
	}
	n := 0
	for _, f := range fs {
		if f.Rule != "WHD209" {
			continue
		}
		_, claims, _ := strings.Cut(f.Message, "Java: ")
		for _, m := range quoted.FindAllStringSubmatch(claims, -1) {
			n++
			if slices.Contains(words, m[1]) {
				t.Errorf("WHD209 says %s never reaches Java; bash has it", m[1])
			}
		}
	}
	if n != 3 {
		t.Errorf("%d flags called lost, want 3:\n%s", n, render(fs, ""))
	}
}

// TestOracleBashFixLines: the line WHD204 and WHD203 suggest works in bash:
// with it, JAVA_OPTS holds the flags that were meant, and neither rule fires.
func TestOracleBashFixLines(t *testing.T) {
	oracle.Require(t, "bash")
	ports := "DEFAULT_PORT=8081\nHTTPS_PORT=8443\n"
	for _, tt := range []struct {
		name, line string
		rule       string
		want       []string
	}{
		{"unquoted", "JAVA_OPTS=-Xmx2048m -Dfile.encoding=UTF-8", "WHD204", []string{"-Xmx2048m", "-Dfile.encoding=UTF-8"}},
		{"typographic", "JAVA_OPTS=“-Dfile.encoding=UTF-8 -Djava.awt.headless=true”", "WHD204", []string{"-Dfile.encoding=UTF-8", "-Djava.awt.headless=true"}},
		{"typographic one word", "JAVA_OPTS=“-Dfile.encoding=UTF-8”", "WHD203", []string{"-Dfile.encoding=UTF-8"}},
		{"single typographic", "JAVA_OPTS=‘-Da=1 -Db=2’", "WHD204", []string{"-Da=1", "-Db=2"}},
		{"append", "JAVA_OPTS=$JAVA_OPTS -Dfile.encoding=UTF-8", "WHD204", []string{"-Da=0", "-Dfile.encoding=UTF-8"}},
		{"export", "export JAVA_OPTS=-Xmx2048m -Dfile.encoding=UTF-8 -Dx  # flags", "WHD204", []string{"-Xmx2048m", "-Dfile.encoding=UTF-8", "-Dx"}},
		{"declare", "declare -x JAVA_OPTS=-Xmx2048m -Dfile.encoding=UTF-8", "WHD204", []string{"-Xmx2048m", "-Dfile.encoding=UTF-8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pre := ports
			if tt.name == "append" {
				pre += "JAVA_OPTS=\"-Da=0\"\n"
			}
			src := pre + tt.line + "\n"
			res, _ := Check("whd.conf", patcher.FormatWhdConf, []byte(src), Options{})
			var fixLine string
			for _, f := range res.Findings {
				if f.Rule == tt.rule {
					if _, l, ok := strings.Cut(f.Fix, "so that the line reads: "); ok {
						fixLine = l
					}
				}
			}
			if fixLine == "" {
				t.Fatalf("%s gives no line:\n%s", tt.rule, render(res.Findings, ""))
			}
			fixed := pre + fixLine + "\n"
			words, fs := bashCase(t, fixed)
			if !slices.Equal(words, tt.want) {
				t.Errorf("with the suggested line %s bash gives %q, want %q", fixLine, words, tt.want)
			}
			if has(fs, "WHD204") || has(fs, "WHD203") {
				t.Errorf("the suggested line %s is still reported:\n%s", fixLine, render(fs, ""))
			}
		})
	}
}

// TestOracleBashBlankCRLines: bash runs a blank line of a CRLF whd.conf as
// a command named \r, once per blank line, as WHD202 says; WHD205 stays out.
func TestOracleBashBlankCRLines(t *testing.T) {
	oracle.Require(t, "bash")
	src := "# WHD\r\n\r\nDEFAULT_PORT=8081\r\n  \r\nHTTPS_PORT=8443\r\n\r\n"
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := Check(p, patcher.FormatWhdConf, []byte(src), Options{})
	if has(res.Findings, "WHD205") {
		t.Errorf("WHD205 on blank CRLF lines:\n%s", render(res.Findings, ""))
	}
	var msg string
	for _, f := range res.Findings {
		if f.Rule == "WHD202" {
			msg = f.Message
		}
	}
	cmd := exec.Command("bash", "--noprofile", "--norc", "-c", `. "$1"`, "whdconf", p)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
	out, _ := cmd.CombinedOutput()
	n := strings.Count(string(out), "command not found")
	if n != 3 || !strings.Contains(msg, "each of the 3 blank lines as a command named \\r") {
		t.Errorf("bash: %d commands not found (%s); WHD202: %s", n, out, msg)
	}
}

// TestOracleEncoding: WHD112 (error) is reported exactly for the #encoding
// names on line 1 that make the real wrapper refuse the file ("Failed to
// load configuration"); for the others the JVM starts with the entries.
func TestOracleEncoding(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	for _, name := range []string{
		"UTF-8", "utf-8", "UTF-8 x", "UTF-8 ", "ISO-8859-1", "ISO-8859-11", "iso-8859-15", "Cp1252", "KOI8-U", "DEFAULT",
		"UTF8", "windows-1252", "UTF-16", "LATIN-9", "UTF-8;x", "UTF-8\t", " UTF-8", "", "ISO-8859-12", "latin1",
	} {
		for _, bom := range []string{"", "\ufeff"} {
			t.Run(fmt.Sprintf("%q bom=%v", name, bom != ""), func(t *testing.T) {
				t.Parallel()
				src := bom + "#encoding=" + name + "\nwrapper.java.additional.1=-Dp.enc=1\n"
				p, res, f := checkTemplate(t, src, "WHD112")
				out, _ := oracle.RunShared(t, p, true)
				refused := strings.Contains(string(out), "Failed to load configuration")
				started := strings.Contains(string(out), "ARG<-Dp.enc=1>")
				switch {
				case refused == started:
					t.Fatalf("the wrapper neither clearly refused nor started:\n%s", out)
				case refused && (f == nil || f.Severity != finding.Error):
					t.Errorf("the wrapper refuses the file, WHD112 (error) not reported: %v\n%s", res.Findings, out)
				case started && f != nil:
					t.Errorf("the wrapper loads the file, yet WHD112 says it will not start: %s", f.Message)
				}
				if has(res.Findings, "WHD110") {
					t.Errorf("WHD110 on a line 1 #encoding: %v", res.Findings)
				}
			})
		}
	}
}

// TestOracleInvalidUTF8: WHD113 (error) is reported exactly for the byte
// sequences that make the real wrapper refuse a file that declares
// #encoding=UTF-8 ("Invalid multibyte sequence"), in a comment or in a value.
func TestOracleInvalidUTF8(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	for _, seq := range []string{
		"\xe9", "\x80", "\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xe2\x82", "\xf8\x88\x80\x80\x80", "\xff",
		"\xf4\x90\x80\x80", "\xf0\x9f\x98\x80", "\xef\xbf\xbf", "\xc3\xa9", "\xe2\x82\xac",
		"\xf7\xbf\xbf\xbf", "\xfc\x84\x80\x80\x80\x80", "\xfd\xbf\xbf\xbf\xbf\xbf", "\xf8\x80\x80\x80\x80", "\xfe", "\xe0\x80\xaf", "\xf4\x90\x80",
	} {
		for _, where := range []string{"comment", "value"} {
			t.Run(fmt.Sprintf("%q in a %s", seq, where), func(t *testing.T) {
				t.Parallel()
				src := "#encoding=UTF-8\n# a " + seq + " b\nwrapper.java.additional.1=-Dp.enc=1\n"
				if where == "value" {
					src = "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.enc=1" + seq + "\n"
				}
				p, res, f := checkTemplate(t, src, "WHD113")
				out, _ := oracle.RunShared(t, p, true)
				refused := strings.Contains(string(out), "Invalid multibyte sequence")
				started := strings.Contains(string(out), "ARG<-Dp.enc=1")
				switch {
				case refused == started:
					t.Fatalf("the wrapper neither clearly refused nor started:\n%s", out)
				case refused && (f == nil || f.Severity != finding.Error || f.Line != 2):
					t.Errorf("the wrapper refuses the file, WHD113 (error, line 2) not reported: %v\n%s", res.Findings, out)
				case started && f != nil:
					t.Errorf("the wrapper loads the file, yet WHD113 says it will not start: %s", f.Message)
				}
			})
		}
	}
}

// TestOracleInvalidUTF8Included: an #include'd file that declares
// #encoding=UTF-8 and holds a byte that is not UTF-8 makes the real wrapper
// refuse the whole configuration, whatever the main file's encoding;
// without its own #encoding line it is read in the system's code page
// (UTF-8 here, so refused; any byte passes on Windows, where WHD runs the
// wrapper), which WHD113 does not report. WHD113 is checked to say so.
func TestOracleInvalidUTF8Included(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	for _, tt := range []struct {
		mainEnc, incHead string
		want             bool // WHD113 expected (the wrapper refuses)
	}{
		{"UTF-8", "#encoding=UTF-8\n", true},
		{"ISO-8859-1", "#encoding=UTF-8\n", true},
		{"UTF-8", "#encoding=ISO-8859-1\n", false},
	} {
		t.Run(tt.mainEnc+" includes "+strings.TrimSpace(tt.incHead), func(t *testing.T) {
			dir := t.TempDir()
			inc := filepath.Join(dir, "lic.conf")
			os.WriteFile(inc, []byte(tt.incHead+"wrapper.license.licensee=Soci\xe9t\xe9\n"), 0o644)
			p := filepath.Join(dir, "wrapper_template.conf")
			os.WriteFile(p, []byte("#encoding="+tt.mainEnc+"\n#include "+inc+"\nwrapper.java.additional.1=-Dp.enc=1\n"), 0o644)
			res := Files(context.Background(), []Input{{Path: p, Format: patcher.FormatWrapper}}, Options{})
			got := false
			for _, f := range res.Findings {
				if f.Rule == "WHD113" && f.File == p && f.Line == 2 {
					got = true
				}
			}
			out, _ := oracle.RunShared(t, p, true)
			refused := strings.Contains(string(out), "Invalid multibyte sequence")
			if refused != tt.want {
				t.Fatalf("the premise is wrong: wrapper refused = %v\n%s", refused, out)
			}
			if got != refused {
				t.Errorf("wrapper refused = %v, WHD113 at the #include line = %v: %v", refused, got, res.Findings)
			}
		})
	}
}

// TestOracleArgumentShapes: what WHD108 says about a value holding several
// arguments or quotes in odd places is what the real wrapper and JVM do
// (skipped, passed as one argument that the JVM takes for its main class,
// or passed as one -D whose value swallows the rest), and the entries its
// fix suggests, written one argument per entry, reach Java as meant.
func TestOracleArgumentShapes(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	head := "#encoding=UTF-8\nwrapper.java.additional.1=-Dp.a=1\n"
	for _, tt := range []struct{ value, strip string }{
		{`"-Dq=1" "-Dr=2"`, ""},
		{`"-Dq=1" -Dr=2`, ""},
		{`"-Dq=1"x`, ""},
		{`-Dq=1 -Dr=2`, ""},
		{`-Dx="a b" -Dy=2 -Dz=3`, ""},
		{`"-Dq=1" "-Dr=2"`, "wrapper.java.additional.2.stripquotes=TRUE\n"},
		{`"-Dq=1 -Dr=2"`, "wrapper.java.additional.2.stripquotes=TRUE\n"},
		{`'-Dq=1'`, ""},
		{`"Dx=1"`, ""},
	} {
		t.Run(tt.value+" "+tt.strip, func(t *testing.T) {
			t.Parallel()
			src := head + "wrapper.java.additional.2=" + tt.value + "\n" + tt.strip
			p, res, f := checkTemplate(t, src, "WHD108")
			if f == nil || f.Line != 3 || f.Severity != finding.Error {
				t.Fatalf("WHD108 (error) not reported on line 3:\n%s", render(res.Findings, ""))
			}
			out, _ := oracle.RunShared(t, p, true)
			switch {
			case strings.Contains(f.Message, "the wrapper skips it"):
				if !strings.Contains(string(out), "'wrapper.java.additional.2', '"+tt.value+"' is not a valid argument to the JVM.  Skipping.") {
					t.Errorf("WHD108 says the wrapper skips it; the wrapper did not:\n%s", out)
				}
			case strings.Contains(f.Message, "Could not find or load main class"):
				arg := regexp.MustCompile(`the JVM takes ("(?:[^"\\]|\\.)*") for the name|is ("(?:[^"\\]|\\.)*"): the wrapper passes it`).FindStringSubmatch(f.Message)
				if arg == nil {
					t.Fatalf("WHD108 does not name the argument: %s", f.Message)
				}
				var s string
				fmt.Sscanf(arg[1]+arg[2], "%q", &s)
				if !strings.Contains(string(out), "Could not find or load main class "+s+"\n") {
					t.Errorf("WHD108 says the JVM takes %s for its main class; the wrapper's output:\n%s", s, out)
				}
			case strings.Contains(f.Message, "Java sets "):
				m := regexp.MustCompile(`Java sets (\S+) to ("(?:[^"\\]|\\.)*"), so (.*) never`).FindStringSubmatch(f.Message)
				if m == nil {
					t.Fatalf("unexpected message: %s", f.Message)
				}
				var want string
				fmt.Sscanf(m[2], "%q", &want)
				jvm := oracle.JSW(t, p)
				if got := jvm.Props[m[1]]; got != want {
					t.Errorf("WHD108 says Java sets %s to %q; the JVM has %q", m[1], want, got)
				}
				for _, lost := range quoted.FindAllStringSubmatch(m[3], -1) {
					if slices.Contains(jvm.Args, lost[1]) {
						t.Errorf("WHD108 says %s never reaches Java; the JVM has it: %q", lost[1], jvm.Args)
					}
				}
			default:
				t.Fatalf("WHD108 says nothing checkable: %s", f.Message)
			}
			// The fix, when it gives entries, works: each argument reaches Java.
			_, entries, ok := strings.Cut(f.Fix, "Put one argument in each entry: ")
			if !ok {
				return
			}
			entries, _, _ = strings.Cut(entries, " (and renumber")
			fixed := head
			var want []string
			for _, e := range regexp.MustCompile(`wrapper\.java\.additional\.\d+=(?:[^ "]|"[^"]*")+`).FindAllString(entries, -1) {
				fixed += e + "\n"
				_, v, _ := strings.Cut(e, "=")
				want = append(want, v)
			}
			if len(want) < 2 {
				t.Fatalf("the fix names %d entries: %s", len(want), f.Fix)
			}
			fp := filepath.Join(t.TempDir(), "wrapper_template.conf")
			if err := os.WriteFile(fp, []byte(fixed), 0o644); err != nil {
				t.Fatal(err)
			}
			if res, _ := Check(fp, patcher.FormatWrapper, []byte(fixed), Options{}); has(res.Findings, "WHD108") {
				t.Errorf("the fixed file is still reported:\n%s", render(res.Findings, ""))
			}
			jvm := oracle.JSW(t, fp)
			for _, w := range want {
				if !slices.Contains(jvm.Args, w) {
					t.Errorf("the fix's entry %s did not reach the JVM: %q", w, jvm.Args)
				}
			}
		})
	}
}

// TestOracleBashLongLine: a JAVA_OPTS line of 1 MiB and more is checked like
// a short one (it was silently skipped): WHD208 names the value bash leaves
// last, and the Microsoft 365 note (WHD306) is given. A JAVA_OPTS of more
// words than whdctl evaluates is reported as not checked, never as clean.
func TestOracleBashLongLine(t *testing.T) {
	oracle.Require(t, "bash")
	for _, n := range []int{1048000, 1048576, 4 << 20} {
		src := "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dlong=" + strings.Repeat("a", n) + " -Dlong=2\"\n"
		words, fs := bashCase(t, src, "WHD208", "WHD306")
		if len(words) != 2 || words[1] != "-Dlong=2" || len(words[0]) != n+7 {
			t.Fatalf("%d: bash gives %d words", n, len(words))
		}
		for _, f := range fs {
			if f.Rule == "WHD208" && (!strings.Contains(f.Message, `keeps the last one ("2")`) || f.Line != 2 || f.Column != 12) {
				t.Errorf("%d: WHD208 %d:%d %s", n, f.Line, f.Column, clip(f.Message, 200))
			}
		}
	}
	p := filepath.Join(t.TempDir(), "whd.conf")
	if err := os.WriteFile(p, []byte("DEFAULT_PORT=8081\nJAVA_OPTS=\""+strings.Repeat("-Da=1 ", 70000)+"\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Files(t.Context(), []Input{{Path: p}}, Options{})
	if res.Files != 0 || len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Message, "more than 65536 words") {
		t.Errorf("a JAVA_OPTS of 70000 words: %d files checked, errors %v", res.Files, res.Errors)
	}
}

// TestOracleBashTypographicData: a typographic quote inside a properly quoted
// value of a variable other than JAVA_OPTS is kept by bash as the character
// that was meant (WHD203 notes it, info); where a shell quote was meant
// (unquoted, at the start or end of the value, in JAVA_OPTS) it stays an error.
func TestOracleBashTypographicData(t *testing.T) {
	oracle.Require(t, "bash")
	for _, tt := range []struct {
		line, name, want string
		sev              finding.Severity
	}{
		{`DOMAIN_NAME="O’Brien Ltd"`, "DOMAIN_NAME", "O’Brien Ltd", finding.Info},
		{`DOMAIN_NAME='It’s “ours” now'`, "DOMAIN_NAME", "It’s “ours” now", finding.Info},
		{`DOMAIN_NAME='It’s “ours”'`, "DOMAIN_NAME", "It’s “ours”", finding.Error},
		{`DOMAIN_NAME="“Acme”"`, "DOMAIN_NAME", "“Acme”", finding.Error},
		{`DOMAIN_NAME=O’Brien`, "DOMAIN_NAME", "O’Brien", finding.Error},
		{`DOMAIN_NAME=“Acme Ltd”`, "DOMAIN_NAME", "", finding.Error}, // bash runs Ltd” as a command
		{`JAVA_OPTS="-Dwhd.owner=O’Brien"`, "JAVA_OPTS", "-Dwhd.owner=O’Brien", finding.Error},
	} {
		t.Run(tt.line, func(t *testing.T) {
			src := "DEFAULT_PORT=8081\n" + tt.line + "\n"
			p := filepath.Join(t.TempDir(), "whd.conf")
			if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			res, _ := Check(p, patcher.FormatWhdConf, []byte(src), Options{})
			var sevs []finding.Severity
			for _, f := range res.Findings {
				if f.Rule == "WHD203" {
					sevs = append(sevs, f.Severity)
				}
			}
			hasErr := slices.Contains(sevs, finding.Error)
			if len(sevs) == 0 || hasErr != (tt.sev == finding.Error) {
				t.Errorf("WHD203 severities %v, want %s:\n%s", sevs, tt.sev, render(res.Findings, ""))
			}
			cmd := exec.Command("bash", "--noprofile", "--norc", "-c", `. "$1" 2>/dev/null; printf %s "${!2}"`, "whdconf", p, tt.name)
			cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=/nonexistent"}
			out, _ := cmd.Output()
			if string(out) != tt.want {
				t.Errorf("bash sets %s to %q, want %q", tt.name, out, tt.want)
			}
			if tt.sev == finding.Info && tt.want != strings.Trim(strings.SplitN(tt.line, "=", 2)[1], `"'`) {
				t.Errorf("info, but bash's value %q is not what was written between the quotes", out)
			}
		})
	}
}

// checkTemplate writes src as a wrapper_template.conf, validates it, and
// returns its path, the result and the last finding of rule (nil if none).
func checkTemplate(t *testing.T, src, rule string) (string, *FileResult, *finding.Finding) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "wrapper_template.conf")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := Check(p, patcher.FormatWrapper, []byte(src), Options{})
	var f *finding.Finding
	for i := range res.Findings {
		if res.Findings[i].Rule == rule {
			f = &res.Findings[i]
		}
	}
	return p, res, f
}

// TestOracleBashRefusedDeclaration: what WHD210 says is not set is not in
// bash's $JAVA_OPTS, and the fix it gives makes bash set it.
func TestOracleBashRefusedDeclaration(t *testing.T) {
	oracle.Require(t, "bash")
	for _, tc := range []struct{ src, fixed string }{
		{"DEFAULT_PORT=8081\nJAVA_OPTS=-Da\nexport -x JAVA_OPTS=\"$JAVA_OPTS -Db\"\n", "DEFAULT_PORT=8081\nJAVA_OPTS=-Da\nexport JAVA_OPTS=\"$JAVA_OPTS -Db\"\n"},
		{"DEFAULT_PORT=8081\nJAVA_OPTS=-Da\ndeclare -p JAVA_OPTS=\"$JAVA_OPTS -Db\"\n", "DEFAULT_PORT=8081\nJAVA_OPTS=-Da\ndeclare JAVA_OPTS=\"$JAVA_OPTS -Db\"\n"},
		{"DEFAULT_PORT=8081\nJAVA_OPTS=-Da\nreadonly -x JAVA_OPTS=\"$JAVA_OPTS -Db\"\n", "DEFAULT_PORT=8081\nJAVA_OPTS=-Da\nreadonly JAVA_OPTS=\"$JAVA_OPTS -Db\"\n"},
	} {
		words, fs := bashCase(t, tc.src, "WHD210")
		if !slices.Equal(words, []string{"-Da"}) {
			t.Errorf("%q: bash words %q", tc.src, words)
		}
		for _, f := range fs {
			if f.Rule == "WHD210" && !strings.Contains(f.Message, "JAVA_OPTS is not set here") {
				t.Errorf("%q: %s", tc.src, f.Message)
			}
		}
		words, fs = bashCase(t, tc.fixed)
		if !slices.Equal(words, []string{"-Da", "-Db"}) || has(fs, "WHD210") {
			t.Errorf("%q: bash words %q, findings %v", tc.fixed, words, rulesOf(fs))
		}
	}
}

// TestOracleBashValueAttribute: under WHD211's declare -l, bash's JAVA_OPTS
// is not the text written, and without the attribute it is.
func TestOracleBashValueAttribute(t *testing.T) {
	oracle.Require(t, "bash")
	words, _ := bashCase(t, "DEFAULT_PORT=8081\ndeclare -l JAVA_OPTS\nJAVA_OPTS=\"-Xmx1g -DFoo=Bar\"\n", "WHD211")
	if !slices.Equal(words, []string{"-xmx1g", "-dfoo=bar"}) {
		t.Errorf("bash words %q", words)
	}
	words, fs := bashCase(t, "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx1g -DFoo=Bar\"\n")
	if !slices.Equal(words, []string{"-Xmx1g", "-DFoo=Bar"}) || has(fs, "WHD211") {
		t.Errorf("bash words %q, findings %v", words, rulesOf(fs))
	}
}

// TestOracleBashStopPoint: a return that bash may take between two JAVA_OPTS
// assignments leaves JAVA_OPTS unknown to whdctl (WHD212), and WHD201 does
// not call the earlier value lost: with [ -d / ] && return, bash keeps it.
func TestOracleBashStopPoint(t *testing.T) {
	oracle.Require(t, "bash")
	const first = "-DExchangeServiceURL=https://outlook.office365.com/"
	for _, tc := range []struct {
		stop string
		want []string
	}{
		{"[ -d / ] && return", []string{first, "-Dx=1"}},
		{"true || return", []string{"-Dlegacy=1"}},
		{"[ -d /nonexistent ] && return", []string{"-Dlegacy=1"}},
	} {
		src := "DEFAULT_PORT=8081\nJAVA_OPTS=\"$JAVA_OPTS " + first + " -Dx=1\"\n" + tc.stop + "\nJAVA_OPTS=-Dlegacy=1\n"
		words, fs := bashCase(t, src, "WHD212")
		if !slices.Equal(words, tc.want) {
			t.Errorf("%q: bash words %q, want %q", tc.stop, words, tc.want)
		}
		if has(fs, "WHD201") {
			t.Errorf("%q: WHD201 claims the value of line 2 is lost while WHD212 says JAVA_OPTS is not known; bash words %q", tc.stop, words)
		}
	}
}

// TestOracleBashIFS: the arguments WHD213 says Java gets from $JAVA_OPTS
// under the file's IFS are the words bash gives, and with the IFS line
// restored (unset IFS) bash splits the flags as written and WHD213 is quiet.
func TestOracleBashIFS(t *testing.T) {
	oracle.Require(t, "bash")
	for _, src := range []string{
		"DEFAULT_PORT=8081\nIFS=,\nJAVA_OPTS=\"-Xmx2g -Da=1,-Db=2\"\n",
		"DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx2g -Dfile.encoding=UTF-8\"\nIFS=\n",
		"DEFAULT_PORT=8081\nexport IFS=' :'\nJAVA_OPTS=\"-Xmx2g -Dp.a=x:y\"\n",
		"DEFAULT_PORT=8081\nIFS=:,\nJAVA_OPTS=\",-Da=1::-Db=2 -Dc=3:\"\n",
		"DEFAULT_PORT=8081\nIFS=$'\\t'\nJAVA_OPTS=\"-Da=1\t-Db=2 -Dc=3\"\n",
	} {
		words, fs := bashCase(t, src, "WHD213")
		for _, f := range fs {
			if f.Rule != "WHD213" {
				continue
			}
			_, claim, ok := strings.Cut(f.Message, "Java gets ")
			claim, _, _ = strings.Cut(claim, ", instead of")
			var said []string
			for _, m := range quoted.FindAllString(claim, -1) {
				s, err := strconv.Unquote(m)
				if err != nil {
					t.Fatalf("%q: %v", m, err)
				}
				said = append(said, s)
			}
			if !ok || !slices.Equal(said, words) {
				t.Errorf("%q: WHD213 says Java gets %q, bash gives %q: %s", src, said, words, f.Message)
			}
		}
		fixed := src + "unset IFS\n"
		words, fs = bashCase(t, fixed)
		if has(fs, "WHD213") || !has(fs, "WHD306") {
			t.Errorf("%q: findings %v", fixed, rulesOf(fs))
		}
		wantWords := strings.Fields(strings.TrimSuffix(strings.SplitN(strings.SplitN(src, "JAVA_OPTS=\"", 2)[1], "\"", 2)[0], "\n"))
		if !slices.Equal(words, wantWords) {
			t.Errorf("%q: bash words %q, want %q", fixed, words, wantWords)
		}
	}
	// A changed IFS that splits today's JAVA_OPTS as the default does: a
	// warning, and bash's words are the flags written.
	words, fs := bashCase(t, "DEFAULT_PORT=8081\nIFS=,\nJAVA_OPTS=\"-Xmx2g\"\n", "WHD213")
	for _, f := range fs {
		if f.Rule == "WHD213" && f.Severity != finding.Warning {
			t.Errorf("WHD213 is %s for a split bash does as written (%q)", f.Severity, words)
		}
	}
	if !slices.Equal(words, []string{"-Xmx2g"}) || has(fs, "WHD306") {
		t.Errorf("bash words %q, findings %v", words, rulesOf(fs))
	}
}

// TestOracleBashReadonly: an assignment WHD210 says bash refuses because the
// variable is read-only makes bash print "readonly variable" for that line,
// and JAVA_OPTS keeps the earlier value, the one whdctl works out.
func TestOracleBashReadonly(t *testing.T) {
	oracle.Require(t, "bash")
	for _, tc := range []struct {
		src  string
		line int
		want []string
	}{
		{"DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx2g\"\nreadonly JAVA_OPTS\nJAVA_OPTS=\"$JAVA_OPTS -Dp.a=1\"\n", 4, []string{"-Xmx2g"}},
		{"DEFAULT_PORT=8081\ndeclare -r JAVA_OPTS=\"-Xmx2g\"\nJAVA_OPTS=\"-Dlegacy=1\"\n", 3, []string{"-Xmx2g"}},
		{"DEFAULT_PORT=8081\nreadonly JAVA_OPTS=\"-Xmx2g\"\nexport JAVA_OPTS=\"$JAVA_OPTS -Dp.a=1\"\n", 3, []string{"-Xmx2g"}},
		{"DEFAULT_PORT=8081\ntypeset -r JAVA_OPTS=-Xmx2g\nunset JAVA_OPTS\n", 3, []string{"-Xmx2g"}},
		{"DEFAULT_PORT=8081\nreadonly JAVA_OPTS=-Xmx2g\ndeclare -x JAVA_OPTS=\"$JAVA_OPTS -Dp.a=1\"\n", 3, []string{"-Xmx2g"}},
		{"DEFAULT_PORT=8081\nreadonly JAVA_OPTS=-Xmx2g\nJAVA_OPTS+=\" -Dp.a=1\"; HTTPS_PORT=8443\n", 3, []string{"-Xmx2g"}},
	} {
		words, fs := bashCase(t, tc.src, "WHD210")
		if !slices.Equal(words, tc.want) {
			t.Errorf("%q: bash words %q, want %q", tc.src, words, tc.want)
		}
		p := filepath.Join(t.TempDir(), "whd.conf")
		if err := os.WriteFile(p, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		out, _ := exec.Command("bash", "--noprofile", "--norc", "-c", `. "$1" >/dev/null`, "whdconf", p).CombinedOutput()
		if !strings.Contains(string(out), fmt.Sprintf("line %d: ", tc.line)) || !strings.Contains(string(out), "readonly variable") {
			t.Errorf("%q: bash printed %q, want a readonly error on line %d", tc.src, out, tc.line)
		}
		n := 0
		for _, f := range fs {
			if f.Rule != "WHD210" {
				continue
			}
			n++
			_, said, _ := strings.Cut(f.Message, "it prints ")
			q := quoted.FindString(said)
			printed, err := strconv.Unquote(q)
			if f.Line != tc.line || f.Severity != finding.Error || err != nil || !strings.Contains(printed, "JAVA_OPTS") ||
				!strings.Contains(string(out), fmt.Sprintf("line %d: %s\n", tc.line, printed)) {
				t.Errorf("%q: bash printed %q; WHD210 says line %d (%s): %s", tc.src, out, f.Line, f.Severity, f.Message)
			}
		}
		if n != 1 {
			t.Errorf("%q: %d WHD210 findings", tc.src, n)
		}
	}
}
