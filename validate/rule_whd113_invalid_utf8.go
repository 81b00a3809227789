package validate

import (
	"fmt"

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
	if !wrapperconf.DeclaresUTF8(d.f.Src) {
		return
	}
	bad, ok := wrapperconf.FindBadUTF8(d.f.Src)
	if !ok {
		return
	}
	r.add("", loc{File: d.name, Line: bad.Line, Col: column(d.f.Src, bad.Off-bad.Col+1, bad.Off)},
		"Convert the file to UTF-8 (or retype the character on that line) and save it as UTF-8.",
		"byte %s is not UTF-8, and line 1 says #encoding=UTF-8: the wrapper refuses the whole file (\"Invalid multibyte sequence\", \"Failed to load configuration\") and stops: WHD will not start%s",
		bad.Hex(), cp1252Hint(bad.Bytes))
}

// cp1252Hint names the character a single stray byte stands for in
// Windows-1252, the usual source of such a byte.
func cp1252Hint(b []byte) string {
	if len(b) != 1 || b[0] < 0xa0 {
		return ""
	}
	return fmt.Sprintf(" (in Windows-1252 or ISO-8859-1 that byte is %q: the file was probably saved in that encoding)", string(rune(b[0])))
}
