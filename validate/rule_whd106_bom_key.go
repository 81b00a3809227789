package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD106",
		Name:     "ByteOrderMarkBeforeKey",
		Severity: finding.Error,
		Title:    "a UTF-8 byte order mark glued to the key on line 1: that setting is lost",
		Scope:    ScopeBoth,
		Detects: "A file that starts with a UTF-8 byte order mark (BOM, bytes EF BB BF, written by\n" +
			"Notepad's \"UTF-8 with BOM\") immediately followed by a setting on line 1 (error). In\n" +
			"whd.conf, a BOM before anything else (a comment, a blank line) is a warning.\n",
		Why: "The BOM is invisible in editors but not to the programs that read the file:\n" +
			"  - the wrapper reads it as part of the key, so the key on line 1 matches nothing and\n" +
			"    the setting is silently lost (a BOM before #encoding=UTF-8 is fine: observed on\n" +
			"    wrapper 3.5.51);\n" +
			"  - bash reads it as part of the first word: an assignment on line 1 becomes a command\n" +
			"    that fails, so the variable is not set; before a comment, '#' no longer starts a\n" +
			"    comment and bash prints \"command not found\" at every start.",
		Example: Example{
			Format: "wrapper",
			Bad:    "\ufeffwrapper.java.additional.1=-Dfile.encoding=UTF-8\nwrapper.java.additional.2=-Djava.awt.headless=true\n",
			Good:   "\ufeff#encoding=UTF-8\nwrapper.java.additional.1=-Dfile.encoding=UTF-8\nwrapper.java.additional.2=-Djava.awt.headless=true\n",
		},
		Fix: "Save the file as UTF-8 without BOM (Notepad: Save as > Encoding \"UTF-8\"; Notepad++:\n" +
			"Encoding > UTF-8). In wrapper_template.conf, a first line #encoding=UTF-8 (which belongs\n" +
			"there anyway) also makes the BOM harmless.",
		wrapper: checkBOMWrapper,
		whdconf: checkBOMWhdConf,
	})
}

func checkBOMWrapper(d *wrapperDoc, r *report) {
	for _, s := range d.cfg.Sources {
		for _, e := range s.File.Entries {
			if !e.LostToBOM {
				continue
			}
			r.add("", loc{File: d.file(s), Line: 1, Col: 1}, "Save the file without BOM, or start it with the line #encoding=UTF-8.",
				"line 1 starts with a UTF-8 byte order mark glued to the key %s: the wrapper does not recognise the key, so this setting (%s) is lost",
				strings.TrimSpace(strings.TrimPrefix(e.RawKey, "\ufeff")), show(clip(e.Value, 60)))
		}
	}
}

func checkBOMWhdConf(d *whdDoc, r *report) {
	at := loc{File: d.name, Line: 1, Col: 1}
	const fix = "Save the file as UTF-8 without BOM (Notepad++: Encoding > UTF-8; or: sed -i '1s/^\\xEF\\xBB\\xBF//' FILE)."
	switch {
	case d.f.LostToBOM != "":
		r.add("", at, fix,
			"line 1 starts with a UTF-8 byte order mark glued to %s=: bash does not see an assignment but runs a command, which fails, so %s is not set",
			d.f.LostToBOM, d.f.LostToBOM)
	case d.f.BOM:
		r.add(finding.Warning, at, fix,
			"the file starts with a UTF-8 byte order mark: bash reads it as part of the first word of line 1 and prints \"command not found\" each time WHD starts")
	}
}
