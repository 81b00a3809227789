package validate

import (
	"fmt"

	"github.com/whdctl/whdctl/finding"
	"github.com/whdctl/whdctl/patcher"
)

func init() {
	register(&Rule{
		ID:       "WHD308",
		Name:     "M365PropertyOverriddenLater",
		Severity: finding.Error,
		Title:    "a Microsoft 365 property set where Java reads it after WHD's own settings",
		Scope:    ScopeBoth,
		Detects: "One of the five Microsoft 365 properties in _JAVA_OPTIONS (an exported variable of\n" +
			"whd.conf, or set._JAVA_OPTIONS in the wrapper configuration), or in the arguments file\n" +
			"that wrapper.java.additional_file names (read when whdctl checks files).",
		Why: "Java reads _JAVA_OPTIONS after its command line, and the wrapper passes the lines of\n" +
			"the arguments file after the numbered entries: a -D set there wins over JAVA_OPTS and\n" +
			"over every wrapper.java.additional entry (observed with the real wrapper 3.5.51 and\n" +
			"Java 17), so the value checked and written elsewhere is not the one WHD gets.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nexport _JAVA_OPTIONS=\"-DAzureTokenURL=https://login.microsoftonline.us/\"\n",
			Good:   "DEFAULT_PORT=8081\n",
		},
		Fix: "Remove the property from _JAVA_OPTIONS or from the arguments file, and set it with the\n" +
			"other four (whdctl patch-conf writes them).",
		whdconf: checkOverriddenWhd,
		wrapper: checkOverriddenWrapper,
	})
}

// managedIn returns the Microsoft 365 properties that text sets as -DName.
func managedIn(text string) []string { return patcher.PropertiesIn(text, m365Props) }

func checkOverriddenWhd(d *whdDoc, r *report) {
	if d.f.SyntaxErr != nil || d.env.windows {
		return
	}
	// Exported covers set -a too; ExportUnknown: set -a inside an if and
	// the like, where the file may export it.
	v, _ := d.f.Var("_JAVA_OPTIONS")
	if !v.Known || (!v.Exported && v.ExportUnknown == nil) {
		return
	}
	if names := managedIn(v.Text); len(names) > 0 {
		at := loc{File: d.name}
		if n := len(v.Assignments); n > 0 {
			at = d.at(v.Assignments[n-1].Pos)
		}
		fix := "Remove " + list(dashD(names), 4) + " from _JAVA_OPTIONS and keep them in JAVA_OPTS."
		if !v.Exported {
			r.add("", at, fix, "_JAVA_OPTIONS sets %s and the file may export it (%s): if it does, Java reads _JAVA_OPTIONS after its command line, so these values win over JAVA_OPTS",
				list(dashD(names), 4), v.ExportUnknown)
			return
		}
		r.add("", at, fix,
			"_JAVA_OPTIONS sets %s: Java reads _JAVA_OPTIONS after its command line, so these values win over JAVA_OPTS", list(dashD(names), 4))
	}
}

func checkOverriddenWrapper(d *wrapperDoc, r *report) {
	if def, ok := d.cfg.SetVarDef("_JAVA_OPTIONS"); ok {
		if names := managedIn(def.Entry.Value); len(names) > 0 {
			r.add("", d.valueAt(def), "Remove "+list(dashD(names), 4)+" from "+def.Entry.RawKey+"; set them as wrapper.java.additional entries.",
				"%s sets %s: Java reads _JAVA_OPTIONS after its command line, so these values win over every wrapper.java.additional entry", def.Entry.RawKey, list(dashD(names), 4))
		}
	}
	def, _, path, ok := d.cfg.AdditionalFile(d.env.workDir)
	if !ok || d.env.read == nil {
		return
	}
	b, err := d.env.read(path)
	if err != nil {
		return // the wrapper refuses to start without it; not this rule's to say
	}
	if names := managedIn(string(b)); len(names) > 0 {
		r.add("", d.valueAt(def), fmt.Sprintf("Remove %s from %s; set them as wrapper.java.additional entries.", list(dashD(names), 4), path),
			"the arguments file %s (wrapper.java.additional_file) sets %s: the wrapper passes its lines after the numbered entries, so these values win over them", path, list(dashD(names), 4))
	}
}

func dashD(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "-D" + n
	}
	return out
}
