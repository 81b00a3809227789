package validate

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
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
// that WHD108's value is skipped; that WHD201's flags are lost and WHD202's
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
	cmd := exec.Command("bash", filepath.Join(oracle.SharedDir(t), "jsw-effective-args"), p)
	cmd.Env = append(os.Environ(), "JSW_ORACLE_DEBUG=1")
	out, _ := cmd.CombinedOutput()
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
