package validate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/install"
	"github.com/whdctl/whdctl/patcher"
)

const fixtures = "../fixtures"

func write(t testing.TB, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestFixturesClean: the stock sample installs validate without a problem.
// Their only finding is the note that the Microsoft 365 properties are not
// set (WHD306, info), on the file that would hold them: the stock files have
// none of them.
func TestFixturesClean(t *testing.T) {
	for home, holder := range map[string]string{"windows": install.WrapperTemplatePath, "linux": install.WhdConfPath} {
		t.Run(home, func(t *testing.T) {
			in, err := install.Detect(filepath.Join(fixtures, home))
			if err != nil {
				t.Fatal(err)
			}
			onlyNote := func(fs []finding.Finding) bool {
				return len(fs) == 1 && fs[0].Rule == "WHD306" && fs[0].Severity == finding.Info &&
					filepath.ToSlash(fs[0].File) == filepath.ToSlash(filepath.Join(fixtures, home, holder))
			}
			fs, errs := Install(t.Context(), in, Options{})
			if len(errs) > 0 || !onlyNote(fs) {
				t.Errorf("stock install: errors %v, findings:\n%s", errs, render(fs, ""))
			}
			// Checked as loose files (no install layout around them) too.
			var inputs []Input
			for _, f := range in.Files() {
				inputs = append(inputs, Input{Path: f.Path})
			}
			if res := Files(t.Context(), inputs, Options{}); len(res.Errors) > 0 || !onlyNote(res.Findings) || res.Files != len(inputs) {
				t.Errorf("stock files: %+v", res)
			}
		})
	}
}

// TestPatchedClean: what whdctl patch-conf writes into the stock installs
// validates clean, for every cloud: the rules and the patcher agree.
func TestPatchedClean(t *testing.T) {
	wrapper, err := os.ReadFile(filepath.Join(fixtures, "windows", install.WrapperTemplatePath))
	if err != nil {
		t.Fatal(err)
	}
	whd, err := os.ReadFile(filepath.Join(fixtures, "linux", install.WhdConfPath))
	if err != nil {
		t.Fatal(err)
	}
	// The vendor's own whd.conf recipe, consolidated by patch-conf.
	var recipe strings.Builder
	recipe.Write(whd)
	for _, p := range patcher.Clouds[0].Settings() {
		fmt.Fprintf(&recipe, "JAVA_OPTS=\"-D%s=%s\"\n", p.Name, p.Value)
	}
	for _, c := range patcher.Clouds {
		t.Run(c.Name, func(t *testing.T) {
			req := patcher.Request{Set: c.Settings()}
			w, err := patcher.PatchWrapper(patcher.WrapperInput{Src: wrapper}, req)
			if err != nil {
				t.Fatal(err)
			}
			res, _ := Check("wrapper_template.conf", patcher.FormatWrapper, w.Output, Options{})
			if len(res.Findings) > 0 {
				t.Errorf("patched wrapper_template.conf:\n%s", render(res.Findings, ""))
			}
			for name, src := range map[string][]byte{"stock": whd, "vendor recipe": []byte(recipe.String())} {
				h, err := patcher.PatchWhdConf(src, req)
				if err != nil {
					t.Fatal(err)
				}
				res, _ = Check("whd.conf", patcher.FormatWhdConf, h.Output, Options{})
				if len(res.Findings) > 0 {
					t.Errorf("patched whd.conf (%s):\n%s", name, render(res.Findings, ""))
				}
			}
		})
	}
	// And the unpatched vendor recipe is what WHD201/WHD301 are about.
	res, _ := Check("whd.conf", patcher.FormatWhdConf, []byte(recipe.String()), Options{})
	if got := rulesOf(res.Findings); !reflect.DeepEqual(got, []string{"WHD201", "WHD301"}) {
		t.Errorf("vendor recipe: rules %v, want WHD201 and WHD301", got)
	}
}

// TestFormatDetection: by name, then by content; a forced format wins.
func TestFormatDetection(t *testing.T) {
	dir := t.TempDir()
	wrapperContent := []byte("#encoding=UTF-8\nwrapper.java.additional.2=-Da=1\n")
	whdContent := []byte("HTTPS_PORT=\nDEFAULT_PORT=\n")
	cases := []struct {
		in   Input
		rule string
	}{
		{Input{Path: write(t, filepath.Join(dir, "site1.conf"), wrapperContent)}, "WHD102"},
		{Input{Path: write(t, filepath.Join(dir, "site2.cfg"), whdContent)}, "WHD206"},
		{Input{Path: write(t, filepath.Join(dir, "wrapper.conf"), wrapperContent)}, "WHD102"},
		{Input{Path: write(t, filepath.Join(dir, "whd.conf.orig"), whdContent)}, "WHD206"},
		{Input{Path: write(t, filepath.Join(dir, "x.txt"), whdContent), Format: patcher.FormatWhdConf}, "WHD206"},
	}
	for _, c := range cases {
		res := Files(t.Context(), []Input{c.in}, Options{})
		if len(res.Errors) > 0 || !has(res.Findings, c.rule) {
			t.Errorf("%s: %+v, want %s", c.in.Path, res, c.rule)
		}
	}
	if _, err := Check("x", "xml", nil, Options{}); err == nil {
		t.Error("Check accepted an unknown format")
	}
}

// TestWindowsLayout: the whd.conf of a Windows install is not sourced by
// bash, so CRLF line endings and the bash rules do not apply to it.
func TestWindowsLayout(t *testing.T) {
	crlf := []byte(strings.ReplaceAll("DEFAULT_PORT=8081\nHTTPS_PORT=8443\nJAVA_OPTS=\"-Da=1\"\nJAVA_OPTS=\"-Db=2\"\n", "\n", "\r\n"))
	win := copyTree(t, filepath.Join(fixtures, "windows"))
	write(t, filepath.Join(win, install.WhdConfPath), crlf)
	lin := copyTree(t, filepath.Join(fixtures, "linux"))
	write(t, filepath.Join(lin, install.WhdConfPath), crlf)

	in, err := install.Detect(win)
	if err != nil {
		t.Fatal(err)
	}
	// Only the note about the Microsoft 365 properties, on the wrapper template.
	if fs, errs := Install(t.Context(), in, Options{}); len(errs) > 0 || !reflect.DeepEqual(rulesOf(fs), []string{"WHD306"}) ||
		!strings.HasSuffix(filepath.ToSlash(fs[0].File), install.WrapperTemplatePath) {
		t.Errorf("windows install: %v\n%s", errs, render(fs, ""))
	}
	res := Files(t.Context(), []Input{{Path: filepath.Join(win, install.WhdConfPath)}}, Options{})
	if len(res.Findings) > 0 {
		t.Errorf("windows whd.conf given as a file:\n%s", render(res.Findings, ""))
	}
	in, err = install.Detect(lin)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := Install(t.Context(), in, Options{})
	if got := rulesOf(fs); !reflect.DeepEqual(got, []string{"WHD201", "WHD202", "WHD306"}) {
		t.Errorf("linux install: rules %v, want WHD201, WHD202 and WHD306", got)
	}
}

// TestConcurrencyDeterministic: the result does not depend on the number of
// workers or on the order the files finish in.
func TestConcurrencyDeterministic(t *testing.T) {
	dir := t.TempDir()
	var inputs []Input
	for i := 0; i < 60; i++ {
		var p string
		if i%2 == 0 {
			p = write(t, filepath.Join(dir, fmt.Sprintf("w%02d", i), "wrapper_template.conf"), genWrapperFile(i))
		} else {
			p = write(t, filepath.Join(dir, fmt.Sprintf("h%02d", i), "whd.conf"), genWhdConfFile(i))
		}
		inputs = append(inputs, Input{Path: p})
	}
	inputs = append(inputs, Input{Path: filepath.Join(dir, "missing")})
	one := Files(t.Context(), inputs, Options{Workers: 1})
	if one.Files != 60 || len(one.Findings) == 0 || len(one.Errors) != 1 {
		t.Fatalf("files %d findings %d errors %v", one.Files, len(one.Findings), one.Errors)
	}
	for _, w := range []int{2, 7, 0} {
		if many := Files(t.Context(), inputs, Options{Workers: w}); !reflect.DeepEqual(one, many) {
			t.Errorf("workers=%d gives another result", w)
		}
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancelCause(t.Context())
	cancel(errors.New("interrupted"))
	p := write(t, filepath.Join(t.TempDir(), "whd.conf"), []byte("DEFAULT_PORT=8081\n"))
	res := Files(ctx, []Input{{Path: p}, {Path: p}, {Path: p}}, Options{Workers: 1})
	// The feeder may hand out one file before it sees the cancellation.
	if res.Files+len(res.Errors) != 3 || len(res.Errors) < 2 {
		t.Fatalf("%+v", res)
	}
	for _, e := range res.Errors {
		if !strings.Contains(e.Message, "not checked: interrupted") {
			t.Errorf("message %q", e.Message)
		}
	}
}

// genWrapperFile and genWhdConfFile make files of the kinds met in real
// installs, with some of the problems the rules are about.
func genWrapperFile(n int) []byte {
	var b strings.Builder
	if n%5 != 0 {
		b.WriteString("#encoding=UTF-8\r\n")
	}
	b.WriteString("# generated\r\nwrapper.java.command=../../bin/jre/bin/java\r\nwrapper.java.additional.auto_bits=TRUE\r\n")
	idx := 1
	for i := 0; i < 18+n%7; i++ {
		if n%9 == 3 && i == 10 {
			idx++ // a gap
		}
		fmt.Fprintf(&b, "wrapper.java.additional.%d=-Dp.k%d=value-%d\r\n", idx, i, n)
		idx++
	}
	if n%4 == 0 {
		for _, p := range patcher.Clouds[n%len(patcher.Clouds)].Settings() {
			fmt.Fprintf(&b, "wrapper.java.additional.%d=-D%s=\"%s\"\r\n", idx, p.Name, p.Value)
			idx++
		}
	}
	if n%6 == 0 {
		fmt.Fprintf(&b, "wrapper.java.additional.%d=-Dp.url=https://h/x#frag\r\n", idx)
	}
	b.WriteString("wrapper.java.maxmemory=2048\r\nwrapper.logfile=../../log/wrapper.log\r\n")
	return []byte(b.String())
}

func genWhdConfFile(n int) []byte {
	var b strings.Builder
	b.WriteString("# generated\nJAVA_HOME=\nMINIMUM_MEMORY=128\nMAXIMUM_MEMORY=2048\n")
	if n%7 != 0 {
		b.WriteString("DEFAULT_PORT=8081\nHTTPS_PORT=8443\n")
	}
	b.WriteString("KEYSTORE_PASSWORD=changeit\n")
	switch n % 4 {
	case 1:
		for _, p := range patcher.Clouds[0].Settings() {
			fmt.Fprintf(&b, "JAVA_OPTS=\"-D%s=%s\"\n", p.Name, p.Value)
		}
	case 3:
		b.WriteString("JAVA_OPTS=\"-Dfile.encoding=UTF-8\"\n")
		for _, p := range patcher.Clouds[1].Settings() {
			fmt.Fprintf(&b, "JAVA_OPTS=\"$JAVA_OPTS -D%s=%s\"\n", p.Name, p.Value)
		}
	}
	if n%5 == 0 {
		b.WriteString("STAMP=$(date +%s)\n")
	}
	s := b.String()
	if n%11 == 0 {
		s = strings.ReplaceAll(s, "\n", "\r\n")
	}
	return []byte(s)
}
