package install

import (
	"fmt"
	"strings"

	"github.com/whdctl/whdctl/conf/whdconf"
	"github.com/whdctl/whdctl/patcher"
)

// parseWhdConf reads and parses the install's whd.conf.
func (in *Install) parseWhdConf() (*whdconf.File, error) {
	if in.WhdConf == "" {
		return nil, fmt.Errorf("%s has no %s", in.Home, WhdConfPath)
	}
	_, src, _, err := patcher.ReadConfig(in.WhdConf)
	if err != nil {
		return nil, err
	}
	f, err := whdconf.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.WhdConf, err)
	}
	if f.SyntaxErr != nil {
		return nil, fmt.Errorf("%s: %v", in.WhdConf, f.SyntaxErr)
	}
	return f, nil
}

// WhdConfVar returns the value bash leaves in the variable name after
// sourcing whd.conf, worked out without running anything. ok is false when
// the variable is unset. An error says why the value cannot be known.
func (in *Install) WhdConfVar(name string) (value string, ok bool, err error) {
	f, err := in.parseWhdConf()
	if err != nil {
		return "", false, err
	}
	v, assigned := f.Var(name)
	if !v.Known && v.Reason != nil && v.Reason.Pos.Line == 0 {
		if !assigned {
			// Never assigned, and nothing in the file could have set it: unset.
			return "", false, nil
		}
		// Written in the file, yet bash leaves it unset: the admin meant
		// to set it, so say why it has no effect rather than calling it unset.
		return "", false, fmt.Errorf("%s:%s", in.WhdConf, noEffect(v.Assignments[len(v.Assignments)-1]))
	}
	if !v.Known {
		return "", false, fmt.Errorf("%s: the value of %s cannot be worked out without running the file: %s", in.WhdConf, name, v.Reason)
	}
	return v.Text, v.Set, nil
}

func (in *Install) whdConfJVMProperties() (map[string]string, error) {
	f, err := in.parseWhdConf()
	if err != nil {
		return nil, err
	}
	jo := f.JavaOpts()
	if !jo.Known {
		return nil, fmt.Errorf("%s: JAVA_OPTS cannot be worked out without running the file: %s", in.WhdConf, jo.Reason)
	}
	props := map[string]string{}
	for _, w := range jo.Words {
		if !strings.HasPrefix(w.Text, "-D") {
			continue
		}
		name, value, _ := strings.Cut(w.Text[2:], "=")
		if name != "" {
			props[name] = value // the JVM keeps the last
		}
	}
	return props, nil
}

// noEffect says, for an assignment that leaves its variable unset in the
// shell that starts WHD, where it is and why: "<line>: <why>".
func noEffect(a *whdconf.Assignment) string {
	at := fmt.Sprintf("%d: %s", a.Pos.Line, a.Name)
	switch {
	case a.Failed != "":
		return fmt.Sprintf("%s is not set: bash fails on this assignment (%s)", at, a.Failed)
	case a.Context == whdconf.Prefix:
		return fmt.Sprintf("%s=%s is followed on the same line by %q, so bash sets %s only for the command %q, runs that command, and leaves %s unset; "+
			"remove the blank, or quote the whole value (whdctl validate shows the exact fix)", at, a.Raw, a.Command, a.Name, a.Command, a.Name)
	case a.Context == whdconf.Subshell:
		return fmt.Sprintf("%s is set only inside a subshell (parentheses, a pipeline, $(...) or a background command), which does not change the shell that starts WHD, so it stays unset", at)
	case a.Context == whdconf.NotRun:
		return fmt.Sprintf("%s is assigned after a return or exit, so bash never runs the assignment and it stays unset", at)
	}
	return fmt.Sprintf("%s is assigned, but bash leaves it unset (%s)", at, a.Context)
}
