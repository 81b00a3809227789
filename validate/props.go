package validate

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/whdctl/whdctl/conf/wrapperconf"
	"github.com/whdctl/whdctl/patcher"
)

// propSite is a -D property as the JVM finally sees it, with the place
// that sets it.
type propSite struct {
	Name, Value string
	At          loc
	Where       string // "wrapper.java.additional.22" or "JAVA_OPTS"
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
}

func (v *propView) get(name string) (propSite, bool) {
	p, ok := v.props[name]
	return p, ok
}

// props returns the wrapper's effective properties.
func (d *wrapperDoc) props() *propView {
	v := &propView{format: patcher.FormatWrapper, props: map[string]propSite{}, lost: map[string]string{}}
	for name, ps := range d.add.Props() {
		p := ps[len(ps)-1]
		v.props[name] = propSite{Name: name, Value: p.Value, At: d.valueAt(p.Slot.Def), Where: slotName(p.Slot)}
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
	v := &propView{format: patcher.FormatWhdConf, props: map[string]propSite{}, lost: map[string]string{}}
	for _, fl := range d.jo.DeadFlags() {
		if name, _, ok := strings.Cut(strings.TrimPrefix(fl.Text, "-D"), "="); ok && strings.HasPrefix(fl.Text, "-D") && v.lost[name] == "" {
			v.lost[name] = fmt.Sprintf("at line %d, but a later JAVA_OPTS= replaces it", fl.Assignment.Pos.Line)
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
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	var out []string
	for _, c := range patcher.Clouds {
		if host == c.EWSHost || host == c.LoginHost || host == c.GraphHost {
			out = append(out, c.Name)
		}
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
