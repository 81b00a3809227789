package validate

import (
	"strings"

	"github.com/whdctl/whdctl/finding"
)

func init() {
	register(&Rule{
		ID:       "WHD206",
		Name:     "NoListeningPort",
		Severity: finding.Error,
		Title:    "neither DEFAULT_PORT nor HTTPS_PORT is set: WHD will not start",
		Scope:    ScopeWhdConf,
		Detects: "A whd.conf that leaves both DEFAULT_PORT (HTTP) and HTTPS_PORT empty or unset, as bash\n" +
			"would after sourcing it. Not reported when a port's value cannot be worked out without\n" +
			"running the file (for example $(...)), or when the file does not parse (WHD207).",
		Why: "WHD listens on DEFAULT_PORT and/or HTTPS_PORT (stock: 8081 and 8443). With neither set,\n" +
			"it refuses to start.",
		Example: Example{
			Format: "whdconf",
			Bad:    "DEFAULT_PORT=\nHTTPS_PORT=\n",
			Good:   "DEFAULT_PORT=8081\nHTTPS_PORT=8443\n",
		},
		Fix:     "Set at least one of them, as in the stock file: DEFAULT_PORT=8081 and/or HTTPS_PORT=8443.",
		whdconf: checkNoPort,
	})
}

func checkNoPort(d *whdDoc, r *report) {
	if d.f.SyntaxErr != nil {
		return
	}
	at := loc{File: d.name}
	for _, name := range []string{"DEFAULT_PORT", "HTTPS_PORT"} {
		v, assigned := d.f.Var(name)
		if !v.Known {
			// Never assigned and nothing in the file (source, eval...) that
			// could set it: unset. The reason of such a value has no line.
			if assigned || v.Reason == nil || v.Reason.Pos.Line != 0 {
				return // cannot tell
			}
			continue
		}
		if v.Set && strings.TrimSpace(v.Text) != "" {
			return
		}
		if n := len(v.Assignments); n > 0 && at.Line == 0 {
			at = d.at(v.Assignments[n-1].Pos)
		}
	}
	r.add("", at, "Set DEFAULT_PORT=8081 and/or HTTPS_PORT=8443 (the stock values), then restart WHD.",
		"neither DEFAULT_PORT nor HTTPS_PORT is set: WHD has no port to listen on and refuses to start")
}
