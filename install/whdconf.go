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
// sourcing whd.conf, worked out without running anything; on Windows, where
// bash never reads the file, the value of its last NAME=value line. ok is false when
// the variable is unset. An error says why the value cannot be known.
func (in *Install) WhdConfVar(name string) (value string, ok bool, err error) {
	if in.Windows() {
		return in.plainWhdConfVar(name)
	}
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
		a := v.Assignments[len(v.Assignments)-1]
		return "", false, &NoEffectError{File: in.WhdConf, Line: a.Pos.Line, Var: name, Msg: noEffect(a)}
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

// NoEffectError is a variable that whd.conf assigns and bash still leaves
// unset (a blank after =, a subshell, after a return): the admin meant to
// set it, so it is said rather than taken as unset.
type NoEffectError struct {
	File string
	Line int
	Var  string
	Msg  string // why, starting with the variable's name
}

func (e *NoEffectError) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// plainWhdConfVar reads name from a Windows install's whd.conf as WHD's
// launcher there does not use bash: the last NAME=value line, blanks and
// a pair of quotes around the value removed (a CR LF line ending too).
func (in *Install) plainWhdConfVar(name string) (string, bool, error) {
	if in.WhdConf == "" {
		return "", false, fmt.Errorf("%s has no %s", in.Home, WhdConfPath)
	}
	_, src, _, err := patcher.ReadConfig(in.WhdConf)
	if err != nil {
		return "", false, err
	}
	value, ok := "", false
	for _, line := range strings.Split(string(src), "\n") {
		k, v, found := strings.Cut(strings.TrimSpace(line), "=")
		if !found || strings.TrimSpace(k) != name {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
			v = v[1 : len(v)-1]
		}
		value, ok = v, true
	}
	return value, ok, nil
}

// noEffect says, for an assignment that leaves its variable unset in the
// shell that starts WHD, why.
func noEffect(a *whdconf.Assignment) string {
	at := a.Name
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
