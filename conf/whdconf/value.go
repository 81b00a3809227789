package whdconf

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultIFS is bash's default IFS.
const DefaultIFS = " \t\n"

// Bounds on a value: a line like JAVA_OPTS="$JAVA_OPTS $JAVA_OPTS" doubles
// it, so without them a short file could make the evaluation explode.
//
// A value may be as large as the file (a JAVA_OPTS line of several MiB is
// evaluated), but JAVA_OPTS is not split into more than MaxWords words: each
// word costs about a kilobyte of bookkeeping, and a real one has a few dozen.
const (
	maxValueSize   = MaxSize
	maxValueLeaves = 1 << 16
	MaxWords       = 1 << 16
)

// value is a variable's value as a rope: literal spans and references to
// earlier values. "$JAVA_OPTS -Dx" shares the previous value instead of
// copying it, so a chain of n appends costs O(n), not O(n²).
type value struct {
	parts  []vpart
	size   int // bytes of text
	leaves int // spans
}

type vpart struct {
	span Span
	ref  *value // when not nil, the part is this whole value
}

func (v *value) add(s Span) {
	v.parts = append(v.parts, vpart{span: s})
	v.size += len(s.Text)
	v.leaves++
}

func (v *value) addRef(r *value) {
	if r == nil || r.leaves == 0 {
		return
	}
	v.parts = append(v.parts, vpart{ref: r})
	v.size += r.size
	v.leaves += r.leaves
}

// spans flattens the value.
func (v *value) spans() []Span {
	if v == nil {
		return nil
	}
	out := make([]Span, 0, v.leaves)
	type frame struct {
		v *value
		i int
	}
	stack := []frame{{v, 0}}
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.i >= len(top.v.parts) {
			stack = stack[:len(stack)-1]
			continue
		}
		p := top.v.parts[top.i]
		top.i++
		if p.ref != nil {
			stack = append(stack, frame{p.ref, 0})
		} else {
			out = append(out, p.span)
		}
	}
	return out
}

func (v *value) text() string { return text(v.spans()) }

// Var returns what the file leaves in the variable name. ok reports whether
// the file assigns (or unsets) name anywhere, in any context.
func (f *File) Var(name string) (Value, bool) {
	v := Value{Name: name}
	if f.byName == nil {
		f.byName = map[string][]*Assignment{}
		for _, a := range f.Assignments {
			f.byName[a.Name] = append(f.byName[a.Name], a)
		}
	}
	for _, a := range f.byName[name] {
		v.Assignments = append(v.Assignments, a)
		if a.Dead {
			v.Dead = append(v.Dead, a)
		}
	}
	ok := len(v.Assignments) > 0
	if f.SyntaxErr != nil {
		v.Reason = &Reason{Pos: f.SyntaxErr.Pos, Msg: "shell syntax error: " + f.SyntaxErr.Msg}
		return v, ok
	}
	vs, found := f.vars[name]
	if !found {
		v.ExportUnknown = f.exportBarrier
		// Never assigned: the value from before the file, if known.
		if env, inEnv := f.env[name]; inEnv && !f.barrierAll() {
			v.Known, v.Set, v.Text, v.Inherited = true, true, env, true
			v.Spans = []Span{{Text: env, Start: -1, End: -1, Quote: Environment}}
			return v, ok
		}
		if name == "IFS" && !f.barrierAll() {
			v.Known, v.Set, v.Text = true, true, DefaultIFS
			return v, ok
		}
		if r := f.barrierReason(); r != nil {
			v.Reason = r
		} else {
			v.Reason = &Reason{Pos: Pos{Line: 0}, Msg: name + " is not set in this file"}
		}
		return v, ok
	}
	v.Exported, v.ExportUnknown, v.Readonly = vs.exported, vs.exportUnknown, vs.readonly
	if !vs.known {
		v.Reason = vs.reason
		return v, ok
	}
	spans := vs.val.spans()
	v.Known, v.Set, v.Text = true, vs.set, text(spans)
	v.Spans = spans
	seen := map[*Assignment]bool{}
	for _, s := range spans {
		if s.Quote == Environment {
			v.Inherited = true
		}
		if s.Assignment != nil && s.Assignment.Name == name {
			seen[s.Assignment] = true
		}
	}
	for _, d := range vs.defs {
		seen[d] = true
	}
	for _, a := range v.Assignments {
		if seen[a] {
			v.Contributing = append(v.Contributing, a)
		}
	}
	return v, ok
}

// barrierAll reports whether the evaluation ended with every variable
// unknown; barrierReason gives why.
func (f *File) barrierAll() bool { return f.barrierReason() != nil }

func (f *File) barrierReason() *Reason {
	// A barrier makes every existing state unknown; a fresh name read after
	// it would be unknown too. The IFS state is created at the first
	// lookup, so look for any state carrying a barrier reason.
	return f.lastBarrier
}

// JavaOpts returns the JVM arguments the start script takes from $JAVA_OPTS.
func (f *File) JavaOpts() *JavaOpts {
	if f.jo != nil {
		return f.jo
	}
	v, _ := f.Var("JAVA_OPTS")
	return &JavaOpts{Reason: v.Reason, Value: v, Assignments: v.Assignments, IFS: DefaultIFS, DefaultIFS: true}
}

func (e *evaluator) javaOpts() *JavaOpts {
	f := e.f
	f.lastBarrier = e.barrier
	v, _ := f.Var("JAVA_OPTS")
	jo := &JavaOpts{Value: v, Assignments: v.Assignments, NoGlob: e.noglob, IFS: DefaultIFS, DefaultIFS: true}
	if vs := e.vars["JAVA_OPTS"]; vs != nil && len(vs.defs) > 0 {
		jo.Final = vs.defs[len(vs.defs)-1]
	}
	if !v.Known {
		jo.Reason = v.Reason
		return jo
	}
	if e.exited != nil {
		jo.Reason = e.exited
		return jo
	}
	ifs, _ := f.Var("IFS")
	switch {
	case !ifs.Known:
		jo.Reason = ifs.Reason
		return jo
	case ifs.Set:
		jo.IFS = ifs.Text
	}
	jo.DefaultIFS = jo.IFS == DefaultIFS
	for i := 0; i < len(jo.IFS); i++ {
		if jo.IFS[i] >= 0x80 {
			jo.Reason = &Reason{Pos: lastPos(ifs.Assignments), Msg: "IFS has non-ASCII characters: splitting depends on the locale"}
			return jo
		}
	}
	if moreFields(v.Text, jo.IFS, MaxWords) {
		jo.Reason = &Reason{Pos: lastPos(v.Assignments), Limit: true,
			Msg: fmt.Sprintf("JAVA_OPTS splits into more than %d words; whdctl does not evaluate a JAVA_OPTS that large", MaxWords)}
		return jo
	}
	jo.Known = true
	jo.Words = f.split(v.Spans, jo.IFS, e.noglob)

	// Flags: the words each top-level JAVA_OPTS assignment wrote. Every
	// value built on an assignment copies it whole ($JAVA_OPTS or +=), so the
	// words of the values nothing later builds on (the ends of the chains)
	// hold the characters of every assignment: split only those.
	final := map[int][][2]int{}
	for _, s := range v.Spans {
		final[s.id] = append(final[s.id], [2]int{s.off, s.off + len(s.Text)})
	}
	inFinal := func(s Span) bool {
		for _, r := range final[s.id] {
			if s.off < r[1] && s.off+len(s.Text) > r[0] {
				return true
			}
		}
		return false
	}
	usable := func(a *Assignment) bool {
		return a.Context == TopLevel && a.Known && a.Failed == "" && a.Op != "unset"
	}
	type key struct {
		a      *Assignment
		id, at int
	}
	seen := map[key]bool{}
	for _, end := range v.Assignments {
		if !usable(end) {
			continue
		}
		extended := false
		for _, r := range end.ReadBy {
			if r.Name == "JAVA_OPTS" && usable(r) {
				extended = true
			}
		}
		if extended {
			continue
		}
		for _, w := range f.split(end.val.spans(), jo.IFS, e.noglob) {
			done := map[*Assignment]bool{}
			for _, s := range w.Spans {
				a := s.Assignment
				if a == nil || a.Name != "JAVA_OPTS" || done[a] {
					continue
				}
				done[a] = true
				k := key{a, s.id, s.off}
				if seen[k] {
					continue
				}
				seen[k] = true
				live := false
				for _, o := range w.Spans {
					if o.Assignment == a && inFinal(o) {
						live = true
					}
				}
				jo.Flags = append(jo.Flags, Flag{Word: w, Assignment: a, Live: live})
			}
		}
	}
	sort.SliceStable(jo.Flags, func(i, j int) bool {
		return jo.Flags[i].Assignment.Pos.Offset < jo.Flags[j].Assignment.Pos.Offset
	})
	return jo
}

func lastPos(as []*Assignment) Pos {
	if len(as) == 0 {
		return Pos{}
	}
	return as[len(as)-1].Pos
}

// Split splits s as bash splits an unquoted expansion with the given IFS.
func Split(s, ifs string) []string {
	var out []string
	for _, r := range fields(s, ifs) {
		out = append(out, s[r[0]:r[1]])
	}
	return out
}

// fields returns the [start,end) ranges of the words of s.
// moreFields reports whether s splits into more than max fields (counting
// runs of non-IFS characters, an upper bound's worth of precision).
func moreFields(s, ifs string, max int) bool {
	if ifs == "" {
		return max < 1 && s != ""
	}
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(ifs, s[i]) >= 0 {
			in = false
			continue
		}
		if !in {
			if n++; n > max {
				return true
			}
			in = true
		}
	}
	return false
}

func fields(s, ifs string) [][2]int {
	if ifs == "" {
		if s == "" {
			return nil
		}
		return [][2]int{{0, len(s)}}
	}
	isIFS := func(c byte) bool { return strings.IndexByte(ifs, c) >= 0 }
	isWS := func(c byte) bool { return (c == ' ' || c == '\t' || c == '\n') && isIFS(c) }
	var out [][2]int
	n := len(s)
	i := 0
	skipWS := func() {
		for i < n && isWS(s[i]) {
			i++
		}
	}
	skipWS()
	for i < n {
		start := i
		for i < n && !isIFS(s[i]) {
			i++
		}
		out = append(out, [2]int{start, i})
		if i >= n {
			break
		}
		if isWS(s[i]) {
			skipWS()
			if i < n && isIFS(s[i]) && !isWS(s[i]) {
				i++
				skipWS()
			}
		} else {
			i++
			skipWS()
		}
	}
	return out
}

// split turns a value into words, keeping where each character comes
// from. The fields come in order, so one pass over the spans serves them all.
func (f *File) split(segs []Span, ifs string, noglob bool) []Word {
	full := text(segs)
	var words []Word
	si, base := 0, 0 // current span and the offset of its first byte in full
	for _, r := range fields(full, ifs) {
		for si < len(segs) && base+len(segs[si].Text) <= r[0] {
			base += len(segs[si].Text)
			si++
		}
		w := Word{Text: full[r[0]:r[1]], Spans: sliceSpans(segs[si:], base, r[0], r[1])}
		w.Glob = !noglob && strings.ContainsAny(w.Text, "*?[")
		if len(w.Spans) > 0 && w.Spans[0].Assignment != nil {
			if w.Spans[0].Start >= 0 {
				w.Line = f.PosAt(w.Spans[0].Start).Line
			} else {
				w.Line = w.Spans[0].Assignment.Pos.Line
			}
		}
		words = append(words, w)
	}
	return words
}

// sliceSpans returns the parts of segs (the first starting at offset base
// of the text) covering [from, to).
func sliceSpans(segs []Span, base, from, to int) []Span {
	var out []Span
	pos := base
	for _, s := range segs {
		start, end := pos, pos+len(s.Text)
		pos = end
		if start >= to {
			break
		}
		if end <= from || len(s.Text) == 0 {
			continue
		}
		k, m := max(from, start)-start, min(to, end)-start
		p := s
		p.Text = s.Text[k:m]
		p.off = s.off + k
		if k != 0 || m != len(s.Text) {
			if s.Exact && s.Start >= 0 {
				p.Start, p.End = s.Start+k, s.Start+m
			} else {
				p.Start, p.End = -1, -1
			}
		}
		out = append(out, p)
	}
	return out
}
