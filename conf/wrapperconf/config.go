package wrapperconf

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/whdctl/whdctl/internal/lazyre"
)

// Source names the file a definition comes from: "" is the main file.
type Source struct {
	Path string // as resolved; "" for the main file
	File *File
}

// Def is one definition of a key in the merged configuration (main file and
// the files it includes, in the order the wrapper reads them).
type Def struct {
	Src   *Source
	Entry *Entry
}

// IncludeStatus reports what happened to one #include directive.
type IncludeStatus struct {
	From     string // including file ("" = main file)
	Line     int
	Path     string // as written
	Resolved string // the path read
	Found    bool
	Required bool
	Err      string // read error other than "not found"
	// Unresolved: the path keeps a %NAME% reference no set. entry before it
	// defines; the wrapper takes it from the service's environment
	// (%WRAPPER_HOST_NAME% of the stock template, say). Matched are the
	// files it could be (each reference read as any text), read but not
	// walked into the configuration.
	Unresolved bool
	Matched    []Matched
}

// Matched is a file an unresolved #include may read.
type Matched struct {
	Path string
	Src  []byte // nil when it could not be read
	Err  error  // why it could not be read
}

// MatchPaths are the paths of Matched.
func (st IncludeStatus) MatchPaths() []string {
	out := make([]string, len(st.Matched))
	for i, m := range st.Matched {
		out[i] = m.Path
	}
	return out
}

// ReadFunc reads an included file. It returns an error wrapping
// fs.ErrNotExist when the file is missing.
type ReadFunc func(path string) ([]byte, error)

// Config is the merged view of a wrapper configuration.
type Config struct {
	Main     *Source
	Defs     []Def           // every definition, in reading order
	Last     map[string]int  // key -> index in Defs of the winning definition
	Includes []IncludeStatus // every #include met
	Sources  []*Source       // main file first, then included files

	stripQuotes bool // some key ends in .stripquotes
}

// maxIncludeDepth bounds nested includes (and breaks cycles).
const maxIncludeDepth = 10

// Load builds the merged configuration of main. Relative include paths are
// resolved against workDir (the wrapper's working directory). read may be
// nil, in which case includes are listed but not read.
func Load(main *File, workDir string, read ReadFunc) *Config {
	c := &Config{Main: &Source{File: main}, Last: make(map[string]int, len(main.Entries))}
	c.Sources = append(c.Sources, c.Main)
	c.walk(c.Main, workDir, read, 0, map[string]bool{})
	return c
}

func (c *Config) walk(src *Source, workDir string, read ReadFunc, depth int, seen map[string]bool) {
	f := src.File
	di, ei := 0, 0
	// Interleave entries and directives by line so that includes land where they are.
	for ei < len(f.Entries) || di < len(f.Directives) {
		if di < len(f.Directives) && (ei >= len(f.Entries) || f.Directives[di].Line < f.Entries[ei].Line) {
			d := f.Directives[di]
			di++
			if d.Name != "include" && d.Name != "include.required" {
				continue
			}
			st := IncludeStatus{From: src.Path, Line: d.Line, Path: d.Arg, Required: d.Required}
			p := c.ExpandSetVars(d.Arg)
			if !filepath.IsAbs(p) && workDir != "" {
				p = filepath.Join(workDir, p)
			}
			st.Resolved = p
			if PercentRef().MatchString(p) {
				st.Unresolved = true
				if read != nil {
					paths, _ := filepath.Glob(PercentRef().ReplaceAllString(p, "*"))
					for _, m := range paths {
						b, err := read(m)
						st.Matched = append(st.Matched, Matched{Path: m, Src: b, Err: err})
					}
				}
				c.Includes = append(c.Includes, st)
				continue
			}
			if read != nil && depth < maxIncludeDepth && !seen[p] {
				b, err := read(p)
				switch {
				case err == nil:
					st.Found = true
					inc := &Source{Path: p, File: Parse(b)}
					c.Sources = append(c.Sources, inc)
					c.Includes = append(c.Includes, st)
					seen[p] = true
					c.walk(inc, workDir, read, depth+1, seen)
					delete(seen, p)
					continue
				case errors.Is(err, fs.ErrNotExist):
				default:
					st.Err = err.Error()
				}
			}
			c.Includes = append(c.Includes, st)
			continue
		}
		e := &f.Entries[ei]
		ei++
		c.Defs = append(c.Defs, Def{Src: src, Entry: e})
		c.Last[e.Key] = len(c.Defs) - 1
		if strings.HasSuffix(e.Key, ".stripquotes") {
			c.stripQuotes = true
		}
	}
}

// Get returns the winning value of key (case-insensitive).
func (c *Config) Get(key string) (string, bool) {
	i, ok := c.Last[strings.ToLower(key)]
	if !ok {
		return "", false
	}
	return c.Defs[i].Entry.Value, true
}

// IgnoreSequenceGaps reports wrapper.ignore_sequence_gaps=TRUE (case-insensitive),
// after the %NAME% references set.NAME entries define are expanded, as the
// wrapper does (set.G=TRUE, wrapper.ignore_sequence_gaps=%G%).
func (c *Config) IgnoreSequenceGaps() bool {
	v, _ := c.Get("wrapper.ignore_sequence_gaps")
	return strings.EqualFold(c.ExpandSetVars(v), "true")
}

// SetVar returns the value the configuration gives the variable name: the
// last set.NAME entry, else the last set.default.NAME one. The prefixes and
// the name are case-sensitive (observed on the real wrapper 3.5.51: SET.X
// and set.DEFAULT.X define nothing, and set.X does not define %x%).
func (c *Config) SetVar(name string) (string, bool) {
	d, ok := c.SetVarDef(name)
	if !ok {
		return "", false
	}
	return d.Entry.Value, true
}

// SetVarDef is the definition SetVar takes its value from.
func (c *Config) SetVarDef(name string) (Def, bool) {
	for _, prefix := range []string{"set.", "set.default."} {
		for i := len(c.Defs) - 1; i >= 0; i-- {
			if e := c.Defs[i].Entry; e.RawKey == prefix+name {
				return c.Defs[i], true
			}
		}
	}
	return Def{}, false
}

// AdditionalFile is the arguments file wrapper.java.additional_file names,
// whose lines the wrapper passes after the numbered entries: the value as
// the wrapper takes it (set. variables expanded, quotes removed) and the
// path it reads (a relative one from workDir). ok is false when none is set.
func (c *Config) AdditionalFile(workDir string) (def Def, value, path string, ok bool) {
	i, found := c.Last["wrapper.java.additional_file"]
	if !found {
		return Def{}, "", "", false
	}
	def = c.Defs[i]
	value = strings.Trim(strings.TrimSpace(c.ExpandSetVars(def.Entry.Value)), `"`)
	if value == "" {
		return Def{}, "", "", false
	}
	path = value
	if !filepath.IsAbs(path) && workDir != "" {
		path = filepath.Join(workDir, path)
	}
	return def, value, path, true
}

// PercentRef matches a %NAME% reference, which the wrapper expands
// (compiled on first use, as every expression of whdctl).
var PercentRef = lazyre.New(`%[A-Za-z_][A-Za-z0-9_.\-]*%`)

// ExpandSetVars replaces the %NAME% references of v that set.NAME entries
// define; the others (the service's environment) stay as written.
func (c *Config) ExpandSetVars(v string) string {
	if !strings.Contains(v, "%") {
		return v
	}
	return PercentRef().ReplaceAllStringFunc(v, func(m string) string {
		if val, ok := c.SetVar(m[1 : len(m)-1]); ok {
			return val
		}
		return m
	})
}

// AdditionalPrefix is the key prefix of JVM arguments.
const AdditionalPrefix = "wrapper.java.additional."

// maxIndexDigits: the wrapper takes indexes of up to 15 digits.
const maxIndexDigits = 15

// SlotIndex parses the index of a wrapper.java.additional.<n> key (lower-case).
func SlotIndex(key string) (idx int64, digits string, ok bool) {
	if !strings.HasPrefix(key, AdditionalPrefix) {
		return 0, "", false
	}
	d := key[len(AdditionalPrefix):]
	if d == "" || len(d) > maxIndexDigits {
		return 0, "", false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, "", false
		}
	}
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return 0, "", false
	}
	return n, d, true
}

// Slot is one wrapper.java.additional.<n> key with its winning definition.
type Slot struct {
	Index       int64
	Digits      string
	Key         string
	Def         Def    // the winning definition
	Overridden  []Def  // earlier definitions of the same key (dead)
	Live        bool   // the wrapper reaches this slot
	Arg         string // the argument as the JVM gets it on Linux (quotes kept unless StripQuotes)
	StripQuotes bool   // wrapper.java.additional.<n>.stripquotes=TRUE
}

// Passed reports whether the wrapper passes this slot's value to the JVM
// (an empty value fills the slot but passes nothing).
func (s *Slot) Passed() bool { return s.Live && s.Arg != "" }

// Where renders "file:line" for the winning definition.
func (s *Slot) Where() string {
	if s.Def.Src.Path == "" {
		return fmt.Sprintf("line %d", s.Def.Entry.Line)
	}
	return fmt.Sprintf("%s:%d", s.Def.Src.Path, s.Def.Entry.Line)
}

// Break describes where the list of JVM arguments stops when gaps are not allowed.
type Break struct {
	Expected int64 // the index the wrapper looked for
	Found    *Slot // the slot found instead (nil: none)
	Repeated bool  // Found repeats the previous index (.1 and .01)
}

func (b *Break) String() string {
	switch {
	case b.Found == nil:
		return ""
	case b.Repeated:
		return fmt.Sprintf("index %d is defined twice (%s and an earlier key): the repeated index ends the list", b.Found.Index, b.Found.Key)
	case b.Expected == 1 && b.Found.Index == 0:
		return "index 0 is used: the list must start at 1, so no entry is passed"
	case b.Expected == 1:
		return fmt.Sprintf("the list does not start at 1 (first index is %d): no entry is passed", b.Found.Index)
	}
	return fmt.Sprintf("index %d is missing (next is %d): the list stops there", b.Expected, b.Found.Index)
}

// Additional is the list of JVM arguments as the wrapper builds it.
type Additional struct {
	Slots      []*Slot // every slot key, sorted as the wrapper sorts them
	IgnoreGaps bool
	Break      *Break  // non-nil when gaps are not allowed and some slots are dead
	Dead       []*Slot // slots after the break
	// Ties is set when two keys have the same index (.7 and .07). The real
	// wrapper then orders them unpredictably (observed: neither file order
	// nor digit count decides), so which one it passes first is not known.
	Ties bool
}

// Additional computes the JVM argument list of c.
func (c *Config) Additional() *Additional {
	a := &Additional{IgnoreGaps: c.IgnoreSequenceGaps()}
	byKey := make(map[string]*Slot, len(c.Defs))
	for i, d := range c.Defs {
		idx, digits, ok := SlotIndex(d.Entry.Key)
		if !ok {
			continue
		}
		s := byKey[d.Entry.Key]
		if s == nil {
			s = &Slot{Index: idx, Digits: digits, Key: d.Entry.Key}
			byKey[d.Entry.Key] = s
			a.Slots = append(a.Slots, s)
		}
		if c.Last[d.Entry.Key] == i {
			s.Def = d
		} else {
			s.Overridden = append(s.Overridden, d)
		}
	}
	// Observed: slots sort by index; equal indexes by fewer digits first (.1, .01, .001).
	sort.SliceStable(a.Slots, func(i, j int) bool {
		x, y := a.Slots[i], a.Slots[j]
		if x.Index != y.Index {
			return x.Index < y.Index
		}
		return len(x.Digits) < len(y.Digits)
	})
	for i, s := range a.Slots {
		s.Arg = s.Def.Entry.Value
		if !c.stripQuotes {
			// no .stripquotes key anywhere: skip the lookup
		} else if sq, ok := c.Get(s.Key + ".stripquotes"); ok && strings.EqualFold(sq, "true") {
			s.StripQuotes = true
			s.Arg = strings.ReplaceAll(s.Arg, `"`, "")
		}
		if i > 0 && a.Slots[i-1].Index == s.Index {
			a.Ties = true
		}
		if a.IgnoreGaps || a.Break != nil {
			s.Live = a.IgnoreGaps
			if !s.Live {
				a.Dead = append(a.Dead, s)
			}
			continue
		}
		want := int64(i + 1)
		if s.Index == want {
			s.Live = true
			continue
		}
		a.Break = &Break{Expected: want, Found: s, Repeated: i > 0 && a.Slots[i-1].Index == s.Index}
		a.Dead = append(a.Dead, s)
	}
	return a
}

// Live returns the live slots in order.
func (a *Additional) Live() []*Slot {
	var out []*Slot
	for _, s := range a.Slots {
		if s.Live {
			out = append(out, s)
		}
	}
	return out
}

// MaxIndex is the highest index of any slot (0 when none).
func (a *Additional) MaxIndex() int64 {
	var m int64
	for _, s := range a.Slots {
		if s.Index > m {
			m = s.Index
		}
	}
	return m
}

// Prop is a -D property found in a JVM argument.
type Prop struct {
	Name  string
	Value string // quotes removed
	Slot  *Slot
}

// ParseProp reads "-DName=Value" from a JVM argument, ignoring double quotes
// anywhere (the wrapper passes them on Linux and strips them on Windows;
// either way the property has this name).
func ParseProp(arg string) (name, value string, ok bool) {
	s := strings.ReplaceAll(arg, `"`, "")
	if !strings.HasPrefix(s, "-D") || len(s) < 3 {
		return "", "", false
	}
	name, value, _ = strings.Cut(s[2:], "=")
	if name == "" {
		return "", "", false
	}
	return name, value, true
}

// Props returns, for every -D property passed to the JVM, the live slots
// that set it, in index order. The JVM keeps the last one.
func (a *Additional) Props() map[string][]Prop {
	m := map[string][]Prop{}
	for _, s := range a.Slots {
		if !s.Passed() {
			continue
		}
		if n, v, ok := ParseProp(s.Arg); ok {
			m[n] = append(m[n], Prop{Name: n, Value: v, Slot: s})
		}
	}
	return m
}

// Effective returns the value the JVM sees for each -D property.
func (a *Additional) Effective() map[string]string {
	out := map[string]string{}
	for n, ps := range a.Props() {
		out[n] = ps[len(ps)-1].Value
	}
	return out
}

// Settings lists, for the files an unresolved #include may read, the
// lines that can change the JVM's options or how the rest is read:
// wrapper.java.* and wrapper.ignore_sequence_gaps entries, set. variables
// (a %NAME% in a value), nested includes. A license file
// (wrapper-license-<host>.conf, wrapper.license.* keys only) has none. A
// file that could not be read is listed too: what it holds is not known.
func (st IncludeStatus) Settings() []string {
	var out []string
	for _, m := range st.Matched {
		if m.Err != nil {
			out = append(out, fmt.Sprintf("%s: cannot be read (%v)", m.Path, m.Err))
			continue
		}
		f := Parse(m.Src)
		for _, e := range f.Entries {
			if strings.HasPrefix(e.Key, "wrapper.java.") || strings.HasPrefix(e.Key, "set.") || e.Key == "wrapper.ignore_sequence_gaps" {
				out = append(out, fmt.Sprintf("%s line %d: %s=%s", m.Path, e.Line, e.RawKey, e.RawValue))
			}
		}
		for _, d := range f.Directives {
			if d.Name == "include" || d.Name == "include.required" {
				out = append(out, fmt.Sprintf("%s line %d: #%s %s", m.Path, d.Line, d.Name, d.Arg))
			}
		}
	}
	return out
}
