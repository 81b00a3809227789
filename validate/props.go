package validate

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/internal/lazyre"
	"github.com/whdctl/whdctl/patcher"
)

// propSite is a -D property as the JVM finally sees it, with the place
// that sets it.
type propSite struct {
	Name, Value string
	At          loc
	Where       string // "wrapper.java.additional.22" or "JAVA_OPTS"
	// Written is the value as the file writes it, when the wrapper's %VAR%
	// expansion changes it ("" otherwise).
	Written string
	// Unresolved are the %VAR% references of the value that no set.VAR
	// entry of the configuration defines: the wrapper takes them from the
	// service's environment (or leaves them as written), so the value is not
	// known.
	Unresolved []string
}

// shown renders the value for a message, saying where an expanded value
// comes from.
func (p propSite) shown() string {
	if p.Written != "" {
		return show(p.Value) + " (written " + show(p.Written) + ", which the wrapper expands from set. entries)"
	}
	return show(p.Value)
}

// propView is the effective -D properties of one file, read the way the
// file's program reads it: the wrapper's live slots (the JVM keeps the
// highest index), or the words of $JAVA_OPTS after bash has sourced whd.conf.
type propView struct {
	format patcher.Format
	props  map[string]propSite
	// lost says, for a property that is written but does not reach Java,
	// where and why ("in wrapper.java.additional.22 (line 80), after the
	// end of the list").
	lost map[string]string
	// at is where a finding about the properties as a whole goes: the last
	// live wrapper.java.additional entry of the main file, or the JAVA_OPTS
	// assignment in effect (the file itself when there is none).
	at loc
	// setVars maps the lower-cased name of every set.NAME entry of a wrapper
	// configuration to the name as written.
	setVars map[string]string
}

func (v *propView) get(name string) (propSite, bool) {
	p, ok := v.props[name]
	return p, ok
}

// known returns a property whose value is known: it reaches Java and has no
// %VAR% reference that the file leaves to the service's environment. The
// rules that judge a value use it; WHD307 reports the others.
func (v *propView) known(name string) (propSite, bool) {
	p, ok := v.props[name]
	return p, ok && len(p.Unresolved) == 0
}

// props returns the wrapper's effective properties, after the wrapper's
// %VAR% expansion (see expandSlots).
func (d *wrapperDoc) props() *propView {
	v := &propView{format: patcher.FormatWrapper, props: map[string]propSite{}, lost: map[string]string{},
		at: loc{File: d.name}, setVars: map[string]string{}}
	for _, s := range d.add.Live() {
		if s.Def.Src == nil || s.Def.Src.Path == "" {
			v.at = d.keyAt(s.Def)
		}
	}
	for _, def := range d.cfg.Defs {
		if name, _, ok := setVar(def.Entry.RawKey); ok {
			v.setVars[strings.ToLower(name)] = name
		}
	}
	expanded := d.expandSlots()
	for name, ps := range d.add.Props() {
		p := ps[len(ps)-1]
		site := propSite{Name: name, Value: p.Value, At: d.valueAt(p.Slot.Def), Where: slotName(p.Slot)}
		if x, ok := expanded[p.Slot]; ok {
			if n, val, ok := wrapperconf.ParseProp(x.arg); ok && n == name {
				if val != p.Value {
					site.Written, site.Value = p.Value, val
				}
				site.Unresolved = x.unresolved
			}
		}
		v.props[name] = site
	}
	for _, s := range d.add.Slots {
		if s.Live {
			continue
		}
		if name, _, ok := wrapperconf.ParseProp(s.Arg); ok && v.lost[name] == "" {
			v.lost[name] = fmt.Sprintf("in %s at %s, which the wrapper does not pass", slotName(s), d.where(s.Def))
		}
	}
	return v
}

// props returns whd.conf's effective properties; nil when JAVA_OPTS cannot
// be worked out without running the file.
func (d *whdDoc) props() *propView {
	if d.jo == nil || !d.jo.Known {
		return nil
	}
	v := &propView{format: patcher.FormatWhdConf, props: map[string]propSite{}, lost: map[string]string{}, at: loc{File: d.name}}
	if d.jo.Final != nil {
		v.at = d.at(d.jo.Final.Pos)
	}
	for _, fl := range d.jo.DeadFlags() {
		if name, _, ok := strings.Cut(strings.TrimPrefix(fl.Text, "-D"), "="); ok && strings.HasPrefix(fl.Text, "-D") && v.lost[name] == "" {
			v.lost[name] = fmt.Sprintf("at line %d, but a later JAVA_OPTS= replaces it", fl.Assignment.Pos.Line)
		}
	}
	for _, m := range d.misnamedJavaOpts() {
		for _, fl := range m.flags {
			if name, _, ok := strings.Cut(strings.TrimPrefix(fl, "-D"), "="); ok && strings.HasPrefix(fl, "-D") && v.lost[name] == "" {
				v.lost[name] = fmt.Sprintf("in %s at line %d, which the start script does not read", m.a.Name, m.a.Pos.Line)
			}
		}
	}
	for _, w := range d.jo.Words {
		if !strings.HasPrefix(w.Text, "-D") {
			continue
		}
		name, value, _ := strings.Cut(w.Text[2:], "=")
		if name == "" {
			continue
		}
		v.props[name] = propSite{Name: name, Value: value, At: d.wordAt(w), Where: "JAVA_OPTS"}
	}
	return v
}

// The five properties, in the vendor's order.
var m365Props = patcher.ManagedProperties

// urlProps are the three properties that hold a URL.
var urlProps = []string{patcher.PropExchangeServiceURL, patcher.PropAzureTokenURL, patcher.PropAzureAuthorizationURL}

// cloudsOf returns the names of the clouds a host belongs to (a host can
// belong to several: GCC High and DoD share their login host).
func cloudsOf(host string) []string {
	var out []string
	for _, c := range patcher.CloudsOfHost(host) {
		out = append(out, c.Name)
	}
	return out
}

// knownHosts are every host of every cloud.
func knownHosts() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range patcher.Clouds {
		for _, h := range []string{c.EWSHost, c.LoginHost, c.GraphHost} {
			if !seen[h] {
				seen[h] = true
				out = append(out, h)
			}
		}
	}
	return out
}

// nearHost returns the Microsoft host that host is probably a typo of.
func nearHost(host string) (string, bool) {
	host = strings.ToLower(host)
	best, bestD := "", 3
	for _, h := range knownHosts() {
		if d := editDistance(host, h); d > 0 && d < bestD {
			best, bestD = h, d
		}
	}
	return best, best != ""
}

// hostOf returns the host of a URL-like value ("" when it has none).
func hostOf(v string) string {
	u, err := url.Parse(strings.TrimSpace(v))
	if err != nil {
		return ""
	}
	return u.Hostname()
}

// intersect returns the names in both lists.
func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
			}
		}
	}
	return out
}

// editDistance is the Levenshtein distance of two short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// cloudNames renders cloud names for people.
func cloudNames(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		switch n {
		case "global":
			out[i] = "global"
		case "gcch":
			out[i] = "GCC High"
		case "dod":
			out[i] = "DoD"
		case "china":
			out[i] = "China (21Vianet)"
		default:
			out[i] = n
		}
	}
	return strings.Join(out, " or ")
}

// ---- the wrapper's %VAR% expansion ----
//
// The real wrapper (3.5.51, observed with the JSW oracle) expands %NAME% in
// values from the environment and from set.NAME entries (set.default.NAME
// when the environment has no NAME). It reads the configuration twice: in
// the second reading, which is the one that counts, a reference takes the
// value of the latest set.NAME before it, or, when there is none before it,
// the last one of the first reading (so a set.NAME after its use works).
// Names are case-sensitive (on Linux); %% and an unclosed % stay as they are;
// a reference that nothing defines stays as written. A set.NAME value is
// expanded when it is set.

// envNameRE is what a %NAME% reference to an environment variable looks
// like; "%20https://...%" in a scope is no reference anyone means.
var envNameRE = lazyre.New(`^[A-Za-z_][A-Za-z0-9_]*$`)

// expandVars expands %NAME% in s from env, scanning as the wrapper does:
// after a reference it cannot resolve, it goes on after its closing '%'.
func expandVars(s string, env map[string]string) (string, []string) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	var unresolved []string
	for {
		p := strings.IndexByte(s, '%')
		if p < 0 {
			break
		}
		q := strings.IndexByte(s[p+1:], '%')
		if q < 0 {
			break
		}
		q += p + 1
		name := s[p+1 : q]
		if v, ok := env[name]; ok && name != "" {
			b.WriteString(s[:p])
			b.WriteString(v)
		} else {
			b.WriteString(s[:q+1])
			if envNameRE().MatchString(name) {
				unresolved = append(unresolved, name)
			}
		}
		s = s[q+1:]
	}
	b.WriteString(s)
	return b.String(), unresolved
}

// setVar reads a set.NAME or set.default.NAME key.
func setVar(rawKey string) (name string, isDefault, ok bool) {
	// Case-sensitive, as the real wrapper reads them: SET.X and
	// set.DEFAULT.X define nothing.
	if len(rawKey) < 5 || rawKey[:4] != "set." {
		return "", false, false
	}
	name = rawKey[4:]
	if len(name) > 8 && name[:8] == "default." {
		return name[8:], true, true
	}
	return name, false, name != ""
}

type expandedArg struct {
	arg        string
	unresolved []string
}

// expandSlots returns the live slots whose argument has a %NAME% reference,
// with the argument after the wrapper's expansion.
func (d *wrapperDoc) expandSlots() map[*wrapperconf.Slot]expandedArg {
	bySlot := map[*wrapperconf.Entry]*wrapperconf.Slot{}
	for _, s := range d.add.Slots {
		if s.Passed() && strings.Contains(s.Arg, "%") {
			bySlot[s.Def.Entry] = s
		}
	}
	if len(bySlot) == 0 {
		return nil
	}
	// A set.NAME whose value refers to itself grows at every reading: its
	// value is not worked out.
	unstable := map[string]bool{}
	for _, def := range d.cfg.Defs {
		if name, _, ok := setVar(def.Entry.RawKey); ok && strings.Contains(def.Entry.Value, "%"+name+"%") {
			unstable[name] = true
		}
	}
	read := func(env map[string]string, slot func(*wrapperconf.Slot, map[string]string)) {
		setBy := map[string]bool{} // set.NAME met in this reading
		for _, def := range d.cfg.Defs {
			if name, isDefault, ok := setVar(def.Entry.RawKey); ok {
				if unstable[name] || (isDefault && setBy[name]) {
					continue
				}
				env[name], _ = expandVars(def.Entry.Value, env)
				if !isDefault {
					setBy[name] = true
				}
				continue
			}
			if s := bySlot[def.Entry]; s != nil && slot != nil {
				slot(s, env)
			}
		}
	}
	first := map[string]string{}
	read(first, nil)
	out := map[*wrapperconf.Slot]expandedArg{}
	read(first, func(s *wrapperconf.Slot, env map[string]string) {
		arg, unresolved := expandVars(s.Arg, env)
		out[s] = expandedArg{arg: arg, unresolved: unresolved}
	})
	return out
}
