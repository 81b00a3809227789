package validate

import (
	"path/filepath"
	"runtime"
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD111",
		Name:     "MissingInclude",
		Severity: finding.Warning,
		Title:    "#include of a file that does not exist",
		Scope:    ScopeWrapper,
		Detects: "An #include whose file does not exist (warning) or cannot be read, and an\n" +
			"#include.required whose file does not exist (error). Relative paths are resolved against\n" +
			"the folder of the wrapper binary (bin/wrapper/bin in a WHD install), not against\n" +
			"wrapper.working.dir, which applies later. Not reported: the optional license files of\n" +
			"the stock template (wrapper-license*.conf), paths with a %VAR% no set. entry defines\n" +
			"unless files match them (then a warning: whdctl cannot tell which the wrapper reads),\n" +
			"relative paths when that folder does not exist (a file checked outside its install),\n" +
			"and Windows paths checked on another system. Only whdctl validate on files (not on text\n" +
			"alone) looks at includes.",
		Why: "The wrapper skips a missing #include silently, so the settings you expect from that\n" +
			"file are simply not applied; a missing #include.required stops the wrapper: WHD does\n" +
			"not start.",
		Example: Example{
			Format: "wrapper",
			Bad:    "#encoding=UTF-8\n#include.required /nonexistent/whdctl-example/m365.conf\n",
			Good:   "#encoding=UTF-8\n",
		},
		Fix: "Fix the path (relative paths start from the folder of the wrapper binary, not from the\n" +
			"template's folder), create the file, or remove the line.",
		wrapper: checkMissingInclude,
	})
}

func checkMissingInclude(d *wrapperDoc, r *report) {
	if d.env.read == nil {
		return // includes are not followed
	}
	for _, st := range d.cfg.Includes {
		if st.Found {
			continue
		}
		at := loc{File: st.From, Line: st.Line, Col: 1}
		if at.File == "" {
			at.File = d.name
		}
		directive := "#include"
		if st.Required {
			directive = "#include.required"
		}
		if st.Err != "" {
			r.add(finding.Error, at, "Make the file readable by the account WHD runs as, or fix the path.",
				"%s %s cannot be read: %s", directive, st.Path, st.Err)
			continue
		}
		switch {
		case st.Unresolved && len(st.Matched) > 0 && len(st.Settings()) == 0:
			continue // the files it may be (a license file) set nothing the JVM gets
		case st.Unresolved && len(st.Matched) > 0:
			r.add(finding.Warning, at, "Write the path without the variable, or move the settings of the file the wrapper reads into this one.",
				"%s %s names a variable from the service's environment, which whdctl cannot see, and %s it (%s): the wrapper may read it, so whdctl cannot check the settings it would add",
				directive, st.Path, plural(len(st.Matched), "file matches", "files match"), list(st.MatchPaths(), 3))
			continue
		case st.Unresolved || strings.Contains(st.Path, "%"):
			continue // %VAR% from the service's environment, and no file could match
		case !st.Required && strings.HasPrefix(strings.ToLower(filepath.Base(st.Path)), "wrapper-license"):
			continue // the stock template's optional license files
		case looksWindowsAbs(st.Path) && runtime.GOOS != "windows":
			continue
		case !filepath.IsAbs(st.Path) && !looksWindowsAbs(st.Path) && !d.env.workDirKnown:
			continue
		case d.env.exists != nil && d.env.exists(st.Resolved):
			continue // there, but not read: an include cycle or nesting too deep
		}
		if st.Required {
			r.add(finding.Error, at, "Fix the path or create the file; until then the wrapper does not start.",
				"#include.required %s: the file does not exist (looked for %s), so the wrapper stops and WHD does not start", st.Path, st.Resolved)
			continue
		}
		r.add(finding.Warning, at, "Fix the path (relative to the folder of the wrapper binary), create the file, or remove the line.",
			"#include %s: the file does not exist (looked for %s); the wrapper skips it silently, so its settings are not applied", st.Path, st.Resolved)
	}
}

// looksWindowsAbs reports a Windows absolute path (C:\x, C:/x, \\server\x).
func looksWindowsAbs(p string) bool {
	if len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/') {
		c := p[0] | 0x20
		return c >= 'a' && c <= 'z'
	}
	return strings.HasPrefix(p, `\\`)
}
