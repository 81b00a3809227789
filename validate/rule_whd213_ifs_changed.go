package validate

import (
	"fmt"
	"slices"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD213",
		Name:     "IFSChanged",
		Severity: finding.Error,
		Title:    "whd.conf changes IFS: the start script splits $JAVA_OPTS with it",
		Scope:    ScopeWhdConf,
		Detects: "A whd.conf that leaves IFS set to something other than bash's default (space, tab,\n" +
			"newline), so that the start script splits $JAVA_OPTS into other arguments than the\n" +
			"flags written. The finding names the IFS line and shows the arguments Java gets. A\n" +
			"warning when today's JAVA_OPTS still splits as with the default IFS (one flag, say): the\n" +
			"next flag added with a space breaks, and whdctl patch-conf refuses the file.",
		Why: "The start script sources whd.conf and then passes $JAVA_OPTS unquoted to Java, so bash\n" +
			"splits it at the characters in IFS. With IFS=, the flags separated by spaces reach Java\n" +
			"as one argument (\"-Xmx2g -Dfile.encoding=UTF-8\"), which the JVM does not read as\n" +
			"options: WHD does not start, or starts without its settings.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nIFS=,\nJAVA_OPTS=\"-Xmx2g -Dfile.encoding=UTF-8\"\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Xmx2g -Dfile.encoding=UTF-8\"\n",
		},
		Fix: "Remove the IFS line, or restore the default with unset IFS before the end of whd.conf\n" +
			"(right after the lines that need the other IFS).",
		whdconf: checkIFSChanged,
	})
}

const fixIFS = "Remove the IFS line, or put 'unset IFS' after the lines that need it, before the end of whd.conf; then run whdctl validate again."

func checkIFSChanged(d *whdDoc, r *report) {
	if d.jo == nil || d.env.windows || !d.jo.Known || d.jo.DefaultIFS {
		return
	}
	jo := d.jo
	at := loc{File: d.name}
	if ifs, _ := d.f.Var("IFS"); len(ifs.Assignments) > 0 {
		a := ifs.Assignments[len(ifs.Assignments)-1]
		if n := len(ifs.Contributing); n > 0 {
			a = ifs.Contributing[n-1]
		}
		at = d.at(a.Pos)
	}
	got := make([]string, len(jo.Words))
	for i, w := range jo.Words {
		got[i] = w.Text
	}
	want := whdconf.Split(jo.Value.Text, whdconf.DefaultIFS)
	if slices.Equal(got, want) {
		r.add(finding.Warning, at, fixIFS,
			"IFS is set to %s here, and the start script splits $JAVA_OPTS with it: today it gives the same %s as the default IFS, "+
				"but a flag added with a space would not be a separate argument (whdctl patch-conf refuses this file)",
			show(jo.IFS), plural(len(want), "argument", "arguments"))
		return
	}
	gets := "Java gets no argument from it"
	if len(got) > 0 {
		gets = fmt.Sprintf("Java gets %s: %s", plural(len(got), "argument", "arguments"), list(quoteAll(got), 6))
	}
	r.add("", at, fixIFS,
		"IFS is set to %s here, and the start script splits $JAVA_OPTS with it: %s, instead of the %d that bash's default IFS (space, tab, newline) gives: %s",
		show(jo.IFS), gets, len(want), list(quoteAll(want), 6))
}
