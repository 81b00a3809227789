package validate

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD113",
		Name:     "InvalidUTF8",
		Severity: finding.Error,
		Title:    "bytes that are not UTF-8 in a file that declares #encoding=UTF-8: the wrapper will not start",
		Scope:    ScopeWrapper,
		Detects: "A wrapper configuration whose line 1 is #encoding=UTF-8 and which holds a byte\n" +
			"sequence that is not UTF-8 anywhere, comments included: typically one character saved\n" +
			"in Windows-1252 or ISO-8859-1 (é as the single byte E9) by an older editor, or a\n" +
			"multi-byte character cut in half.",
		Why: "The wrapper decodes the whole file as UTF-8 before it reads any setting. On such a\n" +
			"sequence it logs \"contains a problem on line #N and could not be read. (Invalid\n" +
			"multibyte sequence.)\", then \"Failed to load configuration\", and stops: WHD does not\n" +
			"start (observed on wrapper 3.5.51, also for a byte in a comment).",
		Example: Example{
			Format: "wrapper",
			Bad:    "#encoding=UTF-8\n# Caf\xe9 server\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
			Good:   "#encoding=UTF-8\n# Café server\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
		},
		Fix: "Open the file in an editor that shows the encoding, convert it to UTF-8 (or retype the\n" +
			"character), and save it as UTF-8.",
		wrapper: checkInvalidUTF8,
	})
}

func checkInvalidUTF8(d *wrapperDoc, r *report) {
	for _, bf := range d.cfg.BadEncodings() {
		bad := bf.Bad
		what := bad.Words()
		if bf.Include == nil {
			r.add("", loc{File: d.name, Line: bad.Line, Col: column(bf.Src, bad.Off-bad.Col+1, bad.Off)},
				"Convert the file to UTF-8 (or retype the character on that line) and save it as UTF-8.",
				"%s not UTF-8, and line 1 says #encoding=UTF-8: the wrapper refuses the whole file (\"Invalid multibyte sequence\", \"Failed to load configuration\") and stops: WHD will not start%s",
				what+" "+bad.Verb(), cp1252Hint(bad.Bytes))
			continue
		}
		// Reported at the #include line of this file: the included file
		// is not this file's to point into.
		at := loc{File: d.name, Line: bf.Include.Line, Col: 1}
		if bf.Include.From != "" {
			at.File = bf.Include.From
		}
		r.add("", at, "Convert "+bf.Path+" to UTF-8 (or retype the character on that line) and save it as UTF-8.",
			"%s %s reads %s, whose line 1 says #encoding=UTF-8 and whose line %d has %s, not UTF-8: the wrapper refuses the whole configuration (\"Included configuration file ... Invalid multibyte sequence\", \"Failed to load configuration\") and stops: WHD will not start%s",
			"#"+includeName(bf.Include), bf.Include.Path, bf.Path, bad.Line, what, cp1252Hint(bad.Bytes))
	}
}

func includeName(inc *wrapperconf.IncludeStatus) string {
	if inc.Required {
		return "include.required"
	}
	return "include"
}

// cp1252Hint names the character a single stray byte stands for in
// Windows-1252, the usual source of such a byte (an older Windows editor).
func cp1252Hint(b []byte) string {
	if len(b) != 1 || b[0] < 0x80 {
		return ""
	}
	r := charmap.Windows1252.DecodeByte(b[0])
	if r == utf8.RuneError || !unicode.IsPrint(r) {
		return ""
	}
	latin1 := ""
	if b[0] >= 0xa0 {
		latin1 = " or ISO-8859-1"
	}
	return fmt.Sprintf(" (in Windows-1252%s that byte is %q: the file was probably saved in that encoding)", latin1, string(r))
}
