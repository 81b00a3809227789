package patcher

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/internal/oracle"
)

// genWrapper makes a random wrapper configuration of the kinds met in real
// installs, with includes written under dir. It returns the file's bytes.
func genWrapper(r *rand.Rand, dir string, n int) []byte {
	var lines []string
	add := func(s string) { lines = append(lines, s) }
	pick := func(p float64) bool { return r.Float64() < p }
	if pick(0.85) {
		add("#encoding=UTF-8")
	}
	add("# generated case " + fmt.Sprint(n))
	add("wrapper.java.command=java")
	if pick(0.3) {
		add("wrapper.java.additional.auto_bits=TRUE")
	}
	if pick(0.2) {
		add("wrapper.ignore_sequence_gaps=" + []string{"TRUE", "true", "False"}[r.IntN(3)])
	} else if pick(0.1) {
		// Through a variable: only a lower-case set. (or set.default.)
		// entry defines it for the wrapper.
		add([]string{"set.G", "SET.G", "set.default.G", "set.DEFAULT.G", "Set.G"}[r.IntN(5)] + "=TRUE")
		add("wrapper.ignore_sequence_gaps=%G%")
	}
	if pick(0.1) {
		add([]string{"set.TOK", "SET.TOK", "set.tok"}[r.IntN(3)] + "=https://login.microsoftonline.us/")
		add("wrapper.java.additional.900=-DAzureTokenURL=%TOK%")
	}
	count := r.IntN(24)
	idx := 1
	if pick(0.06) {
		idx = 2 // the list does not start at 1
	}
	if pick(0.04) {
		add("wrapper.java.additional.0=-Dp.zero=0")
	}
	managedAt := map[int]string{}
	if pick(0.35) && count > 2 {
		// a managed property already there, right or wrong value
		managedAt[r.IntN(count)] = []string{
			`-DExchangeServiceURL="https://outlook.office365.com/"`,
			`-DAzureTokenURL=https://login.microsoftonline.us/`,
			`-DIsGcchAzureAccount=false`,
			`-DAzureAuthorizationScope="offline_access%20https://graph.microsoft.com/.default"`,
		}[r.IntN(4)]
	}
	if pick(0.08) && count > 4 {
		managedAt[count-1] = `-DAzureTokenURL="https://login.microsoftonline.com/"`
		managedAt[1] = `-DAzureTokenURL=https://login.microsoftonline.com/`
	}
	for i := 0; i < count; i++ {
		if pick(0.05) {
			idx++ // a gap
		}
		key := "wrapper.java.additional."
		switch {
		case pick(0.05):
			key = "WRAPPER.JAVA.ADDITIONAL."
		case pick(0.04):
			key = "Wrapper.Java.Additional."
		}
		digits := fmt.Sprint(idx)
		if pick(0.05) {
			digits = "0" + digits
		}
		val := fmt.Sprintf("-Dp.k%d=v%d", i, i)
		switch {
		case managedAt[i] != "":
			val = managedAt[i]
		case pick(0.06):
			val = fmt.Sprintf(`-Dp.h%d=a#comment`, i)
		case pick(0.06):
			val = fmt.Sprintf(`-Dp.e%d=a##b`, i)
		case pick(0.06):
			val = fmt.Sprintf(`-Dp.q%d="https://h/x#f"`, i)
		case pick(0.05):
			val = fmt.Sprintf(`-Dp.w%d=C:\Program Files\x\`, i)
		case pick(0.05):
			val = "-XX:+UseG1GC"
		case pick(0.04):
			val = ""
		}
		sep := "="
		switch {
		case pick(0.08):
			sep = " = "
		case pick(0.05):
			sep = "\t=\t"
		}
		line := key + digits + sep + val
		if pick(0.05) {
			line += "   # trailing comment"
		}
		add(line)
		if pick(0.04) {
			add(key + digits + "=" + fmt.Sprintf("-Dp.redef%d=second", i)) // redefined: last wins
		}
		if pick(0.03) {
			add("wrapper.java.additional." + fmt.Sprint(idx) + ".stripquotes=TRUE")
		}
		if pick(0.03) {
			add("wrapper.java.additional.0" + fmt.Sprint(idx) + "=-Dp.lead" + fmt.Sprint(i) + "=x") // .1 and .01
		}
		idx++
	}
	if pick(0.05) {
		add("wrapper.java.additional.abc=-Dp.abc=1")
	}
	if pick(0.05) {
		add("wrapper.java.additional.99:-Dp.colon=1")
	}
	if pick(0.12) {
		inc := filepath.Join(dir, fmt.Sprintf("inc%d.conf", n))
		body := "wrapper.java.additional." + fmt.Sprint(idx) + "=-Dp.included=1\n"
		if pick(0.5) {
			body = "wrapper.console.loglevel=INFO\n"
		}
		os.WriteFile(inc, []byte(body), 0o644)
		add("#include " + inc)
	}
	if pick(0.05) {
		add("#include " + filepath.Join(dir, "missing.conf"))
	}
	add("wrapper.java.classpath.1=lib.jar")
	eol := "\n"
	if pick(0.4) {
		eol = "\r\n"
	}
	s := strings.Join(lines, eol)
	if !pick(0.1) {
		s += eol
	}
	if pick(0.05) {
		s = "\ufeff" + s
	}
	return []byte(s)
}

// modelArgs is what wrapperconf says the JVM receives.
func modelArgs(src []byte) []string {
	cfg := wrapperconf.Load(wrapperconf.Parse(src), "/", func(p string) ([]byte, error) { return os.ReadFile(p) })
	var out []string
	for _, s := range cfg.Additional().Slots {
		if s.Passed() {
			out = append(out, cfg.ExpandSetVars(s.Arg))
		}
	}
	return out
}

func argProps(args []string) map[string][]string {
	m := map[string][]string{}
	for _, a := range args {
		if n, v, ok := wrapperconf.ParseProp(a); ok {
			m[n] = append(m[n], v)
		}
	}
	return m
}

func TestWrapperOracleGenerated(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac")
	const cases = 220
	dir := t.TempDir()
	want := Clouds[0].Settings()
	var mu sync.Mutex
	stats := map[string]int{}
	count := func(k string) { mu.Lock(); stats[k]++; mu.Unlock() }
	sem := make(chan struct{}, 3)
	var wg sync.WaitGroup
	for n := 0; n < cases; n++ {
		r := rand.New(rand.NewPCG(uint64(n), 42))
		src := genWrapper(r, dir, n)
		path := filepath.Join(dir, fmt.Sprintf("case%03d.conf", n))
		if err := os.WriteFile(path, src, 0o644); err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			checkWrapperCase(t, path, src, want, count)
		}()
	}
	wg.Wait()
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("%-28s %d", k, stats[k])
	}
	if stats["patched+verified"] < 150 {
		t.Errorf("only %d generated files were patched and verified; the generator has drifted", stats["patched+verified"])
	}
}

func checkWrapperCase(t *testing.T, path string, src []byte, want []Property, count func(string)) {
	before := oracle.JSW(t, path)
	// The reader agrees with the real wrapper on what the JVM gets (except
	// for the order of keys with the same index, which the wrapper does not
	// keep predictable).
	if wrapperconf.Load(wrapperconf.Parse(src), "/", nil).Additional().Ties {
		count("same-index keys (order not compared)")
	} else if got := modelArgs(src); strings.Join(got, "\x00") != strings.Join(before.Args, "\x00") {
		t.Errorf("%s: model args\n  %q\nwrapper args\n  %q", path, got, before.Args)
		return
	}
	in := WrapperInput{Src: src, WorkDir: "/", Read: func(p string) ([]byte, error) { return os.ReadFile(p) }}
	req := Request{Set: want}
	res, err := PatchWrapper(in, req)
	var ref *RefusalError
	if errors.As(err, &ref) {
		count("refused first")
		if strings.Contains(ref.Reason, "gap") {
			// The entries the refusal calls dead are really dropped by the wrapper.
			add := wrapperconf.Load(wrapperconf.Parse(src), "/", in.Read).Additional()
			if len(ref.Details) != len(add.Dead) {
				t.Errorf("%s: refusal lists %d entries, the reader has %d dead", path, len(ref.Details), len(add.Dead))
			}
			live := map[string]bool{}
			for _, s := range add.Live() {
				if n, _, ok := wrapperconf.ParseProp(s.Arg); ok {
					live[n] = true
				}
			}
			for _, d := range add.Dead {
				if add.Break.Repeated && d.Index == add.Break.Found.Index {
					continue // one of the keys with this index is passed; which one is not predictable
				}
				n, _, ok := wrapperconf.ParseProp(d.Arg)
				if !ok || live[n] {
					continue
				}
				if _, seen := before.Props[n]; seen {
					t.Errorf("%s: %s is called dead but the JVM got -D%s", path, d.Where(), n)
				}
				count("dead entry confirmed")
			}
			req.Renumber = true
		}
		if strings.Contains(ref.Reason, "several live entries") {
			req.Dedupe = true
		}
		res, err = PatchWrapper(in, req)
		if errors.As(err, &ref) && strings.Contains(ref.Reason, "several live entries") {
			req.Dedupe = true
			res, err = PatchWrapper(in, req)
		}
	}
	if errors.As(err, &ref) && strings.Contains(ref.Reason, "included file") {
		count("refused: include")
		return
	}
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	out := path + ".patched"
	if err := os.WriteFile(out, res.Output, 0o644); err != nil {
		t.Fatal(err)
	}
	after := oracle.JSW(t, out)
	ap := argProps(after.Args)
	for _, p := range want {
		if vs := ap[p.Name]; len(vs) != 1 || vs[0] != p.Value {
			t.Errorf("%s: after patching, -D%s passed as %q, want exactly once %q", path, p.Name, vs, p.Value)
		}
		if got := oracle.Unquote(after.Props[p.Name]); got != p.Value {
			t.Errorf("%s: JVM sees %s=%q, want %q", path, p.Name, got, p.Value)
		}
	}
	// Every property live before is still live with the same value.
	managed := map[string]bool{}
	for _, p := range want {
		managed[p.Name] = true
	}
	for name, v := range before.Props {
		if managed[name] {
			continue
		}
		if got, ok := after.Props[name]; !ok || got != v {
			t.Errorf("%s: -D%s was %q before and is %q (present %v) after", path, name, v, got, ok)
		}
	}
	for _, a := range before.Args {
		if !strings.HasPrefix(a, "-D") && !contains(after.Args, a) {
			t.Errorf("%s: argument %q was live before and is gone", path, a)
		}
	}
	// Idempotent: a second run changes nothing.
	res2, err := PatchWrapper(WrapperInput{Src: res.Output, WorkDir: "/", Read: in.Read}, req)
	if err != nil {
		t.Errorf("%s: second run: %v", path, err)
		return
	}
	if res2.Changed || string(res2.Output) != string(res.Output) {
		t.Errorf("%s: second run changed the file", path)
	}
	for _, a := range res2.Actions {
		if a.Action != ActionUnchanged && a.Action != ActionAbsent {
			t.Errorf("%s: second run action %+v", path, a)
		}
	}
	count("patched+verified")
	if req.Renumber {
		count("verified after --renumber")
	}
	if req.Dedupe {
		count("verified after --dedupe")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestWrapperOracleFixture patches the sample Windows install's template and
// asks the real wrapper, through both the shared oracle script and the fast
// harness (which must agree), what the JVM gets before and after.
func TestWrapperOracleFixture(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac", "bash")
	src, err := os.ReadFile("../fixtures/windows/bin/wrapper/conf/wrapper_template.conf")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	before := filepath.Join(dir, "before.conf")
	os.WriteFile(before, src, 0o644)
	res, err := PatchWrapper(WrapperInput{Src: src}, Request{Set: m365})
	if err != nil {
		t.Fatal(err)
	}
	after := filepath.Join(dir, "after.conf")
	os.WriteFile(after, res.Output, 0o644)
	for _, f := range []string{before, after} {
		fast, shared := oracle.JSW(t, f), oracle.JSWShared(t, f)
		if strings.Join(fast.Args, "\n") != strings.Join(shared.Args, "\n") || len(fast.Args) == 0 {
			t.Fatalf("%s: fast harness %q, shared oracle %q", f, fast.Args, shared.Args)
		}
	}
	b, a := oracle.JSW(t, before), oracle.JSW(t, after)
	if len(a.Args) != len(b.Args)+5 {
		t.Errorf("after patching the JVM gets %d arguments, want %d+5", len(a.Args), len(b.Args))
	}
	var kept []string
	for _, arg := range a.Args {
		if n, _, ok := wrapperconf.ParseProp(arg); ok && isManaged(n) {
			continue
		}
		kept = append(kept, arg)
	}
	if strings.Join(kept, "\n") != strings.Join(b.Args, "\n") {
		t.Errorf("the arguments that were there changed:\nbefore %q\nafter  %q", b.Args, kept)
	}
	for _, p := range m365 {
		if got := oracle.Unquote(a.Props[p.Name]); got != p.Value {
			t.Errorf("JVM sees %s=%q, want %q", p.Name, got, p.Value)
		}
		if _, ok := b.Props[p.Name]; ok {
			t.Errorf("%s already set before patching", p.Name)
		}
	}
}

func isManaged(name string) bool {
	for _, m := range ManagedProperties {
		if m == name {
			return true
		}
	}
	return false
}

// TestWrapperOracleIncludeVariables: the real wrapper reads an #include
// whose path a set. variable names, and patch-conf accounts for its slots;
// and it does read a %WRAPPER_HOST_NAME% include, which is why patch-conf
// refuses when such a file exists.
func TestWrapperOracleIncludeVariables(t *testing.T) {
	oracle.Require(t, oracle.WrapperBinary, "java", "javac")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "m365.inc"), []byte("wrapper.java.additional.3=-Dfrom.include=1\n"), 0o644)
	src := []byte("set.EXTRA=m365\nwrapper.java.additional.1=-Xmx1g\nwrapper.java.additional.2=-Da=1\n#include " + dir + "/%EXTRA%.inc\n")
	res, err := PatchWrapper(WrapperInput{Src: src, Read: func(p string) ([]byte, error) { return os.ReadFile(p) }}, Request{Set: m365})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "after.conf")
	os.WriteFile(p, res.Output, 0o644)
	got := oracle.JSW(t, p)
	props := argProps(got.Args)
	if len(props["from.include"]) != 1 {
		t.Errorf("the wrapper did not read the include: %q", got.Args)
	}
	for _, w := range m365 {
		if v := props[w.Name]; len(v) != 1 || v[0] != w.Value {
			t.Errorf("%s: the JVM gets %q", w.Name, v)
		}
	}
	host, err := os.Hostname()
	if err != nil {
		t.Skip("no host name")
	}
	os.WriteFile(filepath.Join(dir, "h-"+host+".inc"), []byte("wrapper.java.additional.3=-Dfrom.host=1\n"), 0o644)
	hp := filepath.Join(dir, "host.conf")
	os.WriteFile(hp, []byte("wrapper.java.additional.1=-Xmx1g\nwrapper.java.additional.2=-Da=1\n#include "+dir+"/h-%WRAPPER_HOST_NAME%.inc\n"), 0o644)
	if props := argProps(oracle.JSW(t, hp).Args); len(props["from.host"]) != 1 {
		t.Errorf("the wrapper did not read the host include (so refusing would be needless)")
	}
	src2, _ := os.ReadFile(hp)
	var re *RefusalError
	if _, err := PatchWrapper(WrapperInput{Src: src2, Read: func(p string) ([]byte, error) { return os.ReadFile(p) }}, Request{Set: m365}); !errors.As(err, &re) {
		t.Errorf("host include with a matching file: err = %v, want a refusal", err)
	}
}
