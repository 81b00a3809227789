package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD207",
		Name:     "ShellSyntaxError",
		Severity: finding.Error,
		Title:    "shell syntax error: whd.conf cannot be sourced",
		Scope:    ScopeWhdConf,
		Detects: "A whd.conf that bash cannot parse: an unclosed quote, a stray ')' or 'fi', and the like\n" +
			"(checked with the mvdan.cc/sh parser in bash mode). The other whd.conf rules that need\n" +
			"the file's meaning are not checked until it parses.",
		Why: "The start script sources whd.conf; bash stops at the error, so none of the settings\n" +
			"after it (often none at all: an unclosed quote swallows the rest of the file) are set,\n" +
			"and WHD starts with the wrong settings or not at all.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8\n",
			Good:   "DEFAULT_PORT=8081\nJAVA_OPTS=\"-Dfile.encoding=UTF-8\"\n",
		},
		Fix: "Fix the line the error points to (close the quote, remove the stray character). Check\n" +
			"with: bash -n conf/whd.conf",
		whdconf: checkSyntaxError,
	})
}

func checkSyntaxError(d *whdDoc, r *report) {
	e := d.f.SyntaxErr
	if e == nil || d.env.windows {
		return
	}
	if strings.Contains(e.Msg, "invalid UTF-8") {
		// The shell parser refuses bytes that are not UTF-8 (a Windows-1252
		// quote, say); bash does not care, so this is no reason to say that
		// bash cannot read the file.
		return
	}
	msg := "bash cannot read the file here: %s"
	if e.Unsupported {
		r.add("", d.at(e.Pos), "Check the file with bash -n, and the value of JAVA_OPTS by hand; whdctl cannot check this file.", "whdctl cannot read the file past here: %s", e.Msg)
		return
	}
	if e.Incomplete {
		msg = "bash cannot read the file: %s (the file ends inside it, so everything after its start is lost)"
	}
	r.add("", d.at(e.Pos), "Fix the syntax at this line (close the quote or remove the stray character); bash -n FILE checks it.", msg, e.Msg)
}
