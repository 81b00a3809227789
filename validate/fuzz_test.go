package validate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

// seedCorpus adds the config files of the rule archives and the fixtures.
func seedCorpus(f *testing.F, want func(name string) bool) {
	archives, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.txtar"))
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if want(filepath.Base(file.Name)) {
				f.Add(file.Data)
			}
		}
	}
	for _, p := range []string{"../fixtures/windows/bin/wrapper/conf/wrapper_template.conf", "../fixtures/linux/conf/whd.conf"} {
		if b, err := os.ReadFile(p); err == nil && want(filepath.Base(p)) {
			f.Add(b)
		}
	}
}

// checkFuzzFindings: whatever the input, findings are well-formed and point
// into the file.
func checkFuzzFindings(t *testing.T, src []byte, fs []finding.Finding) {
	lines := bytes.Count(src, []byte("\n")) + 1
	for _, f := range fs {
		if _, ok := Lookup(f.Rule); !ok || f.Severity.Rank() == 0 || f.Message == "" || f.Fix == "" {
			t.Fatalf("malformed finding %+v", f)
		}
		if f.File != "f" {
			t.Fatalf("finding names another file: %+v", f)
		}
		if f.Line < 0 || f.Line > lines || f.Column < 0 || (f.Line == 0 && f.Column != 0) {
			t.Fatalf("finding outside the file (%d lines): %+v", lines, f)
		}
		if f.Line > 0 && f.Column > 0 {
			start := 0
			for i := 1; i < f.Line; i++ {
				start += bytes.IndexByte(src[start:], '\n') + 1
			}
			end := bytes.IndexByte(src[start:], '\n')
			if end < 0 {
				end = len(src) - start
			}
			// A column may point just past the last character (an empty value).
			if f.Column > len([]rune(string(src[start:start+end])))+1 {
				t.Fatalf("column past the end of line %d: %+v", f.Line, f)
			}
		}
	}
}

func FuzzValidateWrapper(f *testing.F) {
	seedCorpus(f, func(n string) bool { return strings.HasPrefix(n, "wrapper") })
	f.Add([]byte("\ufeffwrapper.java.additional.1=x#y\r\n#encoding=bogus\rwrapper.java.additional.01=\"-Da\"\n# whdctl:ignore WHD105\nwrapper.java.additional.x:y\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Check("f", patcher.FormatWrapper, src, Options{})
		if err != nil {
			t.Fatal(err)
		}
		checkFuzzFindings(t, src, res.Findings)
	})
}

func FuzzValidateWhdConf(f *testing.F) {
	seedCorpus(f, func(n string) bool { return n == "whd.conf" })
	f.Add([]byte("\ufeffJAVA_OPTS=“-Da=1 b”\r\nX=$(date) | cat; Y=`id`\n# whdctl:ignore WHD205\nif true; then JAVA_OPTS=\"$JAVA_OPTS -Db\"; fi\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := Check("f", patcher.FormatWhdConf, src, Options{})
		if err != nil {
			if whdconf.CheckLimits(src) != nil {
				return // a shape the shell parser cannot take: refused, as it must be
			}
			t.Fatal(err)
		}
		checkFuzzFindings(t, src, res.Findings)
	})
}

func FuzzMailProperties(f *testing.F) {
	seedCorpus(f, func(n string) bool { return strings.HasSuffix(n, ".mail") })
	f.Add([]byte("mail.smtp.ehlo=false;; mail.from.override=a@b, x=1\r\n="))
	f.Fuzz(func(t *testing.T, src []byte) {
		text := string(src)
		checkFuzzFindings(t, src, MailProperties("f", text))
		for _, x := range MailProperties("", text) {
			if x.File != "" || x.Line != 0 || x.Column != 0 || x.Rule != "WHD501" {
				t.Fatalf("a finding on text from the command line has a location: %+v", x)
			}
		}
	})
}
