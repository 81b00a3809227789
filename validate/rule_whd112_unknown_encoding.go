package validate

import (
	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD112",
		Name:     "UnknownEncoding",
		Severity: finding.Error,
		Title:    "#encoding names an encoding the wrapper does not know: the wrapper will not start",
		Scope:    ScopeWrapper,
		Detects: "A line 1 #encoding=<name> (after a BOM, if any) whose name wrapper 3.5.51 does not\n" +
			"accept. The wrapper reads the name up to the first space (\"#encoding=UTF-8 x\" is\n" +
			"UTF-8); a tab, a semicolon or any other character is part of the name. Accepted\n" +
			"(any case): UTF-8, ISO-8859-1 to -11 and -13 to -16, Cp1250, Cp1251, Cp1252, KOI8-R,\n" +
			"KOI8-U and DEFAULT.",
		Why: "The wrapper refuses to load a configuration whose encoding it does not know: it logs\n" +
			"\"Failed to load configuration.\" and stops, so WHD does not start. Observed refused on\n" +
			"wrapper 3.5.51: UTF8, latin1, LATIN-9, windows-1252, US-ASCII, UTF-16, Shift_JIS,\n" +
			"Cp1253, ISO8859-1, \"UTF-8;x\", a tab after the name and a space before it.",
		Example: Example{
			Format: "wrapper",
			Bad:    "#encoding=UTF8\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
			Good:   "#encoding=UTF-8\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\n",
		},
		Fix: "Make line 1 exactly \"#encoding=UTF-8\" (the stock template's first line) and save the\n" +
			"file as UTF-8.",
		wrapper: checkUnknownEncoding,
	})
}

func checkUnknownEncoding(d *wrapperDoc, r *report) {
	name, ok := wrapperconf.EncodingName(d.f.Src)
	if !ok || wrapperAcceptsEncoding(name) {
		return
	}
	r.add("", loc{File: d.name, Line: 1, Col: 11}, "Make line 1 exactly #encoding=UTF-8 and save the file as UTF-8.",
		"#encoding=%s: the wrapper does not know the encoding %s, refuses to load the file (\"Failed to load configuration\") and stops: WHD will not start",
		name, show(name))
}

// wrapperAcceptsEncoding reports whether wrapper 3.5.51 loads a file with
// this #encoding name (TestOracleEncoding checks the list with it).
func wrapperAcceptsEncoding(name string) bool { return wrapperconf.KnownEncoding(name) }
