package whdconf

import (
	"fmt"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// varState is what the evaluator knows about a variable at one point.
type varState struct {
	known    bool
	set      bool
	val      *value
	reason   *Reason
	defs     []*Assignment // the assignments the current value comes from
	exported bool
	// exportUnknown: the variable may or may not be exported (exported is
	// false then), and why.
	exportUnknown *Reason
	readonly      bool
	readonlyAt    Pos // where readonly (declare -r) was set; zero for bash's own
	// attr is an attribute that changes every value assigned (declare -i,
	// -l, -u, -c, -a, -A), with the reason; later assignments are unknown.
	attr *Reason
}

type evaluator struct {
	f    *File
	vars map[string]*varState

	barrier      *Reason    // from here on, a variable not assigned again is unknown
	finalBarrier *Reason    // applies at the end of the file (a trap)
	maybeStopped *Reason    // a conditional return: later assignments may not run
	stopped      *Reason    // an unconditional return/exit: later statements do not run
	exited       *Reason    // the file exits the shell (exit, exec)
	top          syntax.Pos // start of the top-level statement being evaluated
	stopAt       *StopPoint
	maybeStopAt  *StopPoint

	funcs      map[string]*syntax.FuncDecl // defined for sure
	maybeFuncs map[string]*syntax.FuncDecl // defined in a conditional
	inFunc     map[*syntax.FuncDecl]bool   // guards recursive functions

	noglob  bool
	errexit bool // set -e at the top level (followed only where a failure is certain)
	// allexport: set -a (set -o allexport) is on at the top level, so every
	// assignment exports its variable. allexportUnknown: set -a or set +a
	// may have run (inside an if or a function, after && or ||, from code
	// whdctl does not follow), so whether an assignment exports its variable
	// is unknown until the next top-level set -a or +a; allexport is then
	// not used.
	allexport        bool
	allexportUnknown *Reason
	// exportBarrier: code whdctl does not follow (eval, source, a trap) may
	// have exported any variable from here on.
	exportBarrier *Reason
	// errexitOff > 0 while evaluating a command whose status is tested
	// (before && or ||), where bash does not exit on failure.
	errexitOff int
	nextID     int
}

// exitsOnFailure: set -e is on and the status of the command being
// evaluated is not tested, so a failure ends the start script.
func (e *evaluator) exitsOnFailure() bool { return e.errexit && e.errexitOff == 0 }

func (f *File) eval() {
	e := &evaluator{
		f:          f,
		vars:       map[string]*varState{},
		funcs:      map[string]*syntax.FuncDecl{},
		maybeFuncs: map[string]*syntax.FuncDecl{},
		inFunc:     map[*syntax.FuncDecl]bool{},
	}
	for _, st := range f.ast.Stmts {
		e.top = st.Pos()
		e.stmts([]*syntax.Stmt{st})
	}
	f.Stop, f.MaybeStop = e.stopAt, e.maybeStopAt
	if e.finalBarrier != nil {
		e.setBarrier(e.finalBarrier)
		e.setExportBarrier(e.finalBarrier)
	}
	e.liveness()
	f.vars = e.vars
	f.exportBarrier = e.exportBarrier
	f.noglob = e.noglob
	f.jo = e.javaOpts()
}

func (e *evaluator) reason(p syntax.Pos, format string, a ...any) *Reason {
	return &Reason{Pos: e.f.pos(p), Msg: fmt.Sprintf(format, a...)}
}

func (e *evaluator) stmts(list []*syntax.Stmt) {
	for _, st := range list {
		if e.stopped != nil {
			e.region(st, NotRun, e.stopped)
			continue
		}
		e.stmt(st)
	}
}

func (e *evaluator) stmt(st *syntax.Stmt) {
	if st.Negated {
		e.errexitOff++ // bash does not exit when a negated command fails
		defer func() { e.errexitOff-- }()
	}
	if st.Background || st.Coprocess || st.Disown {
		e.region(st.Cmd, Subshell, e.reason(st.Pos(), "runs in the background"))
		e.redirs(st, Subshell)
		return
	}
	e.redirs(st, TopLevel)
	switch c := st.Cmd.(type) {
	case nil:
	case *syntax.CallExpr:
		e.call(st, c)
	case *syntax.DeclClause:
		e.decl(st, c)
	case *syntax.Block:
		e.stmts(c.Stmts)
	case *syntax.Subshell:
		e.region(c, Subshell, e.reason(c.Pos(), "runs in a subshell"))
	case *syntax.BinaryCmd:
		switch c.Op {
		case syntax.AndStmt, syntax.OrStmt:
			e.errexitOff++
			e.stmt(c.X)
			e.errexitOff--
			if e.stopped == nil {
				e.region(c.Y, Conditional, e.reason(c.OpPos, "runs only if the command before %s succeeds or fails", c.Op))
			} else {
				e.region(c.Y, NotRun, e.stopped)
			}
		default: // pipes: every part runs in a subshell
			e.region(c, Subshell, e.reason(c.OpPos, "part of a pipeline (runs in a subshell)"))
		}
	case *syntax.FuncDecl:
		e.funcs[c.Name.Value] = c
		delete(e.maybeFuncs, c.Name.Value)
	case *syntax.IfClause:
		e.region(c, Conditional, e.reason(c.Pos(), "assigned inside an if"))
	case *syntax.WhileClause:
		e.region(c, Conditional, e.reason(c.Pos(), "assigned inside a while/until loop"))
	case *syntax.ForClause:
		e.region(c, Conditional, e.reason(c.Pos(), "assigned inside a for loop"))
	case *syntax.CaseClause:
		e.region(c, Conditional, e.reason(c.Pos(), "assigned inside a case"))
	case *syntax.TestClause:
		e.region(c, Conditional, e.reason(c.Pos(), "inside [[ ]]"))
	case *syntax.ArithmCmd, *syntax.LetClause:
		e.region(c, Conditional, e.reason(c.Pos(), "arithmetic assignment"))
	case *syntax.TimeClause:
		if c.Stmt != nil {
			e.stmt(c.Stmt)
		}
	case *syntax.CoprocClause:
		e.region(c, Subshell, e.reason(c.Pos(), "runs as a coprocess"))
		// coproc NAME sets the array NAME (its file descriptors) and NAME_PID.
		name := "COPROC"
		if c.Name != nil {
			if n, ok := e.static(c.Name); ok {
				name = n
			}
		}
		r := e.reason(c.Pos(), "coproc sets %s", name)
		e.makeUnknown(name, nil, r)
		e.makeUnknown(name+"_PID", nil, r)
	default:
		e.region(c, Conditional, e.reason(c.Pos(), "a construct whdctl does not evaluate"))
	}
}

// redirs handles {var}>file (which assigns var) and the reads in redirections.
func (e *evaluator) redirs(st *syntax.Stmt, ctx Context) {
	for _, r := range st.Redirs {
		if ctx != NotRun {
			e.readsOther(r.Word)
			e.readsOther(r.Hdoc)
		}
		if r.N != nil && strings.HasPrefix(r.N.Value, "{") && ctx == TopLevel {
			name := strings.Trim(r.N.Value, "{}")
			e.makeUnknown(name, nil, e.reason(r.Pos(), "file descriptor number assigned by a redirection"))
		}
	}
}

// newAssign records an assignment.
func (e *evaluator) newAssign(as *syntax.Assign, via string, ctx Context, st *Statement) *Assignment {
	f := e.f
	a := &Assignment{Name: as.Name.Value, Op: "=", Via: via, Context: ctx, Stmt: st}
	if as.Append {
		a.Op = "+="
	}
	a.Pos = f.pos(as.Name.Pos())
	_, opOff, valOff, ok := f.assignOffsets(as)
	if !ok {
		// Not expected for an assignment the parser accepted.
		opOff = f.off(as.Name.End())
		valOff = opOff + len(a.Op)
	}
	a.OpPos = f.PosAt(opOff)
	endOff := valOff
	switch {
	case as.Array != nil:
		valOff, endOff = f.off(as.Array.Pos()), f.off(as.Array.End())
	case as.Value != nil:
		valOff, endOff = f.off(as.Value.Pos()), f.off(as.Value.End())
	}
	a.ValPos, a.ValEnd = f.PosAt(valOff), f.PosAt(endOff)
	a.Raw = string(f.src[valOff:endOff])
	if as.Value != nil {
		a.Parts = f.parts(as.Value)
	}
	f.Assignments = append(f.Assignments, a)
	if st != nil {
		st.Assignments = append(st.Assignments, a)
	}
	return a
}

func (e *evaluator) stmtInfo(st *syntax.Stmt, top bool) *Statement {
	f := e.f
	s := &Statement{Start: f.pos(st.Pos()), End: f.pos(st.End()), TopLevel: top}
	switch c := st.Cmd.(type) {
	case *syntax.CallExpr:
		s.Pure = len(c.Args) == 0
	case *syntax.DeclClause:
		s.Pure = true
	}
	if len(st.Redirs) > 0 || st.Negated || st.Background || st.Coprocess || st.Disown {
		s.Pure = false
	}
	s.OwnLines = f.ownLines(s.Start.Offset, s.End.Offset)
	return s
}

// ownLines: only blanks between the start of the line and start, and only
// blanks or a comment between end and the end of its line.
func (f *File) ownLines(start, end int) bool {
	for i := start - 1; i >= 0 && f.src[i] != '\n'; i-- {
		if f.src[i] != ' ' && f.src[i] != '\t' {
			return false
		}
	}
	for i := end; i < len(f.src) && f.src[i] != '\n'; i++ {
		switch f.src[i] {
		case ' ', '\t':
		case '#':
			return i > end || end == start // a comment must follow a blank
		default:
			return false
		}
	}
	return true
}

// state returns the state of name, creating it from what is known before
// the file (environment, barrier) when needed.
func (e *evaluator) state(name string) *varState {
	if vs, ok := e.vars[name]; ok {
		return vs
	}
	vs := &varState{exportUnknown: e.exportBarrier}
	v, known, r := e.initial(name, syntax.Pos{})
	vs.known, vs.reason = known, r
	if known {
		vs.val = v
		_, vs.set = e.f.env[name]
		if name == "IFS" {
			vs.set = true
		}
	}
	e.vars[name] = vs
	return vs
}

// initial is the value of a variable the file has not assigned (yet).
func (e *evaluator) initial(name string, at syntax.Pos) (*value, bool, *Reason) {
	if e.barrier != nil {
		return nil, false, e.barrier
	}
	env, ok := e.f.env[name]
	if !ok && name == "IFS" {
		env, ok = DefaultIFS, true
	}
	if ok {
		v := &value{}
		v.add(e.span(env, -1, -1, false, nil, Environment))
		return v, true, nil
	}
	return nil, false, e.reason(at, "$%s is not set in this file (its value would come from the start script's environment)", name)
}

// lookup returns the current value of name (reads are recorded separately).
func (e *evaluator) lookup(name string, at syntax.Pos) (*value, bool, *Reason) {
	if vs, ok := e.vars[name]; ok {
		if !vs.known {
			return nil, false, vs.reason
		}
		return vs.val, true, nil
	}
	return e.initial(name, at)
}

// read records that consumer (nil: something else) reads the current value of name.
func (e *evaluator) read(name string, consumer *Assignment) {
	vs, ok := e.vars[name]
	if !ok {
		return
	}
	for _, d := range vs.defs {
		if consumer != nil {
			d.ReadBy = append(d.ReadBy, consumer)
		} else {
			d.ReadByOther = true
		}
	}
}

func (e *evaluator) readAll(consumer *Assignment) {
	for name := range e.vars {
		e.read(name, consumer)
	}
}

func (e *evaluator) setBarrier(r *Reason) {
	for _, vs := range e.vars {
		for _, d := range vs.defs {
			d.ReadByOther = true
		}
		vs.known, vs.reason, vs.val = false, r, nil
	}
	if e.barrier == nil {
		e.barrier = r
	}
	if e.allexport || e.allexportUnknown != nil {
		// What whdctl does not follow may assign any variable, and set -a
		// exports what it assigns.
		e.setExportBarrier(r)
	}
}

// setExportBarrier: from here on any variable may have been exported (r
// says why), unless it is exported for sure or unset again.
func (e *evaluator) setExportBarrier(r *Reason) {
	for _, vs := range e.vars {
		e.maybeExported(vs, r)
	}
	if e.exportBarrier == nil {
		e.exportBarrier = r
	}
}

// maybeExported: vs may have been exported (r says why).
func (e *evaluator) maybeExported(vs *varState, r *Reason) {
	if !vs.exported && vs.exportUnknown == nil {
		vs.exportUnknown = r
	}
}

// assigned gives vs the export attribute when set -a is on: bash exports a
// variable when it assigns it with allexport on (not when set -a comes later).
func (e *evaluator) assigned(vs *varState) {
	switch {
	case e.allexportUnknown != nil:
		e.maybeExported(vs, e.allexportUnknown)
	case e.allexport:
		vs.exported, vs.exportUnknown = true, nil
	}
}

// setAllexport follows set -a (on) or set +a.
func (e *evaluator) setAllexport(on bool, ctx Context, at syntax.Pos) {
	switch ctx {
	case TopLevel:
		e.allexport, e.allexportUnknown = on, nil
	case Conditional:
		if e.allexportUnknown == nil && e.allexport == on {
			return // no change whether it runs or not
		}
		what := "off (set +a)"
		if on {
			what = "on (set -a)"
		}
		e.allexportMaybe(ctx, e.reason(at, "allexport may or may not be turned %s here (inside an if or a function, or after && or ||), so whdctl cannot tell whether the assignments after it export their variable", what))
	}
}

// allexportMaybe: set -a or +a may have run (r says why).
func (e *evaluator) allexportMaybe(ctx Context, r *Reason) {
	if (ctx == TopLevel || ctx == Conditional) && e.allexportUnknown == nil {
		e.allexportUnknown = r
	}
}

// codeBarrier: code whdctl does not follow runs here (eval, source, a trap, a
// computed command): it may change any variable, export it, or run set -a.
func (e *evaluator) codeBarrier(ctx Context, r *Reason) {
	if ctx != TopLevel && ctx != Conditional {
		return
	}
	e.setBarrier(r)
	e.allexportMaybe(ctx, r)
	e.setExportBarrier(r)
}

// makeUnknown: name may have been changed (a is the assignment that may
// have done it, or nil).
func (e *evaluator) makeUnknown(name string, a *Assignment, r *Reason) {
	vs := e.state(name)
	vs.known, vs.reason, vs.val = false, r, nil
	if a != nil {
		vs.defs = append(vs.defs, a)
	}
	if e.allexport || e.allexportUnknown != nil {
		// If it was assigned, set -a exported it.
		e.maybeExported(vs, r)
	}
}

// call is a top-level simple command.
func (e *evaluator) call(st *syntax.Stmt, c *syntax.CallExpr) {
	info := e.stmtInfo(st, true)
	if i := badAssign(c); i >= 0 {
		e.badCall(info, c, i, TopLevel)
		return
	}
	if len(c.Args) == 0 {
		for _, as := range c.Assigns {
			if as.Name == nil {
				continue
			}
			e.assign(info, as, "", false, false)
		}
		return
	}
	e.prefix(info, c, TopLevel)
	for _, w := range c.Args {
		e.readsOther(w)
	}
	e.command(c, TopLevel)
}

// badAssign returns the index of the first assignment whose name bash
// would not take as a name (the parser accepts a few such words, for
// example with a placeholder byte), or -1. bash runs that word as a command.
func badAssign(c *syntax.CallExpr) int {
	for i, as := range c.Assigns {
		if as.Name != nil && !ValidName(as.Name.Value) {
			return i
		}
	}
	return -1
}

// badCall: the assignments before c.Assigns[i] prefix the command that
// c.Assigns[i] really is (not a builtin, so it changes nothing).
func (e *evaluator) badCall(info *Statement, c *syntax.CallExpr, i int, ctx Context) {
	cmd := c.Assigns[i]
	words := []*syntax.Word{{Parts: []syntax.WordPart{&syntax.Lit{ValuePos: cmd.Pos(), ValueEnd: cmd.End()}}}}
	fake := &syntax.CallExpr{Assigns: c.Assigns[:i], Args: append(words, c.Args...)}
	if ctx != NotRun {
		for _, as := range c.Assigns[i:] {
			e.readsOther(as.Value)
		}
		for _, w := range c.Args {
			e.readsOther(w)
		}
	}
	if i > 0 {
		e.prefix(info, fake, ctx)
	}
}

// prefix records "X=v cmd" assignments (no lasting effect).
func (e *evaluator) prefix(info *Statement, c *syntax.CallExpr, ctx Context) {
	pctx := Prefix
	if ctx == Subshell || ctx == NotRun {
		pctx = ctx
	}
	cmd, _ := e.static(c.Args[0])
	if cmd == "" {
		cmd = string(e.f.src[e.f.off(c.Args[0].Pos()):e.f.off(c.Args[0].End())])
	}
	seen := map[string]bool{}
	for _, as := range c.Assigns {
		if as.Name == nil {
			continue
		}
		a := e.newAssign(as, "", pctx, info)
		a.Command, a.CmdPos = cmd, e.f.pos(c.Args[0].Pos())
		if ctx != NotRun {
			e.readsIn(as.Value, nil, a)
		}
		if as.Array != nil || as.Index != nil {
			a.Reason = e.reason(as.Pos(), "array assignment")
		} else {
			v, r := e.expand(as.Value, a)
			for _, ref := range a.Refs {
				if seen[ref] && r == nil {
					r = e.reason(as.Pos(), "reads $%s, which the same command sets just before", ref)
				}
			}
			a.Known, a.Reason = r == nil, r
			if r == nil {
				a.val = v
			}
		}
		seen[a.Name] = true
	}
}

// barrierCmds change variables in ways whdctl does not follow.
var barrierCmds = map[string]string{
	".":         "sources another file",
	"source":    "sources another file",
	"eval":      "runs eval",
	"read":      "reads input into variables",
	"mapfile":   "reads input into an array",
	"readarray": "reads input into an array",
	"getopts":   "sets variables",
	"let":       "arithmetic assignment",
	"enable":    "changes the shell's builtins",
	"declare":   "declares variables indirectly",
	"typeset":   "declares variables indirectly",
	"export":    "exports variables indirectly",
	"readonly":  "declares variables indirectly",
	"local":     "declares variables indirectly",
}

// command evaluates the effect of a command on the shell's variables.
func (e *evaluator) command(c *syntax.CallExpr, ctx Context) {
	args := c.Args
	for len(args) > 0 {
		name, ok := e.static(args[0])
		if !ok {
			e.codeBarrier(ctx, e.reason(args[0].Pos(), "runs a command whose name is computed"))
			return
		}
		at := args[0].Pos()
		if ctx == TopLevel && e.exitsOnFailure() && !errexitSafe[name] {
			// Whether the start script goes on depends on a status
			// whdctl cannot know without running the command.
			e.setBarrier(e.reason(at, "with set -e, the start script ends here if %s fails", name))
		}
		switch name {
		case "command", "builtin":
			rest := args[1:]
			for len(rest) > 0 {
				o, _ := e.static(rest[0])
				if o == "-v" || o == "-V" {
					return // only looks the command up
				}
				if o != "-p" {
					break
				}
				rest = rest[1:]
			}
			args = rest
			continue
		case "return":
			e.effectStop(ctx, e.reason(at, "return stops reading the file here"), false)
		case "exit":
			e.effectStop(ctx, e.reason(at, "exit stops the start script here"), true)
		case "exec":
			if len(args) > 1 {
				e.effectStop(ctx, e.reason(at, "exec replaces the start script here"), true)
			}
		case "unset":
			e.unset(args[1:], ctx, at)
		case "set":
			e.set(args[1:], ctx, at)
		case "shopt":
			if e.shoptAllexport(args[1:], ctx, at) {
				return
			}
			for _, w := range args[1:] {
				s, _ := e.static(w)
				if isOption(s) && strings.Contains(s, "o") {
					// shopt -o sets the options of set (-o errexit...).
					e.effectBarrier(ctx, e.reason(at, "shopt -o changes the shell's options"))
					return
				}
				if s == "expand_aliases" || s == "lastpipe" || s == "posix" || s == "" {
					e.effectBarrier(ctx, e.reason(at, "changes how bash reads the rest of the file (shopt)"))
					return
				}
			}
		case "trap":
			r := e.reason(at, "sets a trap, which can run commands at any later point")
			e.codeBarrier(ctx, r)
			if ctx == TopLevel || ctx == Conditional {
				e.finalBarrier = r
			}
		case "printf":
			for _, w := range args[1:] {
				s, _ := e.static(w)
				if strings.HasPrefix(s, "-v") {
					e.effectBarrier(ctx, e.reason(at, "printf -v assigns a variable"))
					return
				}
			}
		default:
			if why, ok := barrierCmds[name]; ok {
				r := e.reason(at, "%s %s", name, why)
				if name == "." || name == "source" || name == "eval" {
					e.codeBarrier(ctx, r)
				} else {
					e.effectBarrier(ctx, r)
				}
				return
			}
			if fn := e.funcs[name]; fn != nil {
				e.callFunc(fn, ctx, at)
			} else if fn := e.maybeFuncs[name]; fn != nil {
				e.callFunc(fn, ctx, at)
			}
		}
		return
	}
}

func (e *evaluator) callFunc(fn *syntax.FuncDecl, ctx Context, at syntax.Pos) {
	if ctx == Subshell || ctx == NotRun {
		return
	}
	if e.inFunc[fn] {
		return
	}
	e.inFunc[fn] = true
	e.region(fn.Body, Conditional, e.reason(at, "may be assigned by the function %s called here", fn.Name.Value))
	delete(e.inFunc, fn)
}

func (e *evaluator) effectBarrier(ctx Context, r *Reason) {
	if ctx == TopLevel || ctx == Conditional {
		e.setBarrier(r)
	}
}

func (e *evaluator) effectStop(ctx Context, r *Reason, exit bool) {
	switch ctx {
	case TopLevel:
		e.stopped = r
		if exit {
			e.exited = r
		}
		e.stopAt = &StopPoint{Reason: r, Start: e.f.pos(e.top), Exits: exit}
	case Conditional:
		if !exit && e.maybeStopped == nil {
			// A conditional exit ends the start script (WHD does not start),
			// so the values that matter are those of the runs that go on.
			e.maybeStopped = r
			e.maybeStopAt = &StopPoint{Reason: r, Start: e.f.pos(e.top)}
		}
	}
}

func (e *evaluator) unset(args []*syntax.Word, ctx Context, at syntax.Pos) {
	funcs := false
	for _, w := range args {
		s, ok := e.static(w)
		if !ok {
			e.effectBarrier(ctx, e.reason(w.Pos(), "unset of a computed name"))
			return
		}
		if strings.HasPrefix(s, "-") {
			funcs = strings.Contains(s, "f")
			if strings.Contains(s, "n") {
				e.effectBarrier(ctx, e.reason(w.Pos(), "unset -n"))
				return
			}
			continue
		}
		if funcs {
			if ctx == TopLevel {
				delete(e.funcs, s)
			}
			continue
		}
		if !ValidName(s) {
			continue
		}
		a := &Assignment{Name: s, Op: "unset", Context: ctx, Pos: e.f.pos(w.Pos()), OpPos: e.f.pos(w.End()), ValPos: e.f.pos(w.End()), ValEnd: e.f.pos(w.End())}
		e.f.Assignments = append(e.f.Assignments, a)
		switch ctx {
		case TopLevel:
			vs := e.state(s)
			if vs.readonly || bashReadonly[s] {
				a.Failed, a.ReadonlyAt = "readonly variable", vs.readonlyAt
				if e.exitsOnFailure() {
					e.effectStop(TopLevel, e.reason(w.Pos(), "unset of the read-only variable %s fails, and with set -e the start script exits", s), true)
					return
				}
				e.setBarrier(e.reason(w.Pos(), "unset of the read-only variable %s fails (with set -e the start script exits)", s))
				return
			}
			vs.known, vs.set, vs.val, vs.reason, vs.defs = true, false, &value{}, nil, []*Assignment{a}
			vs.attr = nil
			a.val = vs.val
			vs.exported, vs.exportUnknown = false, nil
			a.Known = true
			if e.maybeStopped != nil {
				vs.known, vs.reason = false, e.maybeStopped
				a.Known, a.Reason = false, e.maybeStopped
			}
		case Conditional:
			e.makeUnknown(s, a, e.reason(at, "unset inside a conditional"))
			a.Reason = e.reason(at, "unset inside a conditional")
		}
	}
}

func (e *evaluator) set(args []*syntax.Word, ctx Context, at syntax.Pos) {
	if ctx == Subshell || ctx == NotRun {
		return
	}
	opt := func(name string, on bool) bool {
		switch name {
		case "f", "noglob":
			if ctx == Conditional {
				return false
			}
			e.noglob = on
		case "e", "errexit":
			if ctx != TopLevel {
				return false
			}
			e.errexit = on
		case "n", "noexec":
			if on {
				e.effectStop(ctx, e.reason(at, "set -n: bash stops running commands here"), false)
			}
		case "a", "allexport":
			e.setAllexport(on, ctx, at)
		case "x", "xtrace", "v", "verbose", "u", "nounset",
			"h", "hashall", "b", "notify", "m", "monitor", "B", "braceexpand", "C", "noclobber",
			"H", "histexpand", "P", "physical", "T", "functrace", "E", "errtrace", "k", "keyword",
			"pipefail", "emacs", "vi", "history", "ignoreeof", "interactive-comments", "onecmd", "t":
		default:
			return false
		}
		return true
	}
	for i := 0; i < len(args); i++ {
		s, ok := e.static(args[i])
		if !ok {
			r := e.reason(args[i].Pos(), "set with a computed argument")
			e.effectBarrier(ctx, r)
			e.allexportMaybe(ctx, r)
			return
		}
		if s == "--" || s == "-" || !isOption(s) {
			return // positional parameters follow
		}
		on := s[0] == '-'
		for _, ch := range s[1:] {
			if ch == 'o' {
				// The next word names the option; without one, set
				// prints the options, and the other letters still count.
				i++
				if i >= len(args) {
					continue
				}
				name, _ := e.static(args[i])
				if !opt(name, on) {
					r := e.reason(at, "set -o %s changes how bash reads the rest of the file", name)
					e.effectBarrier(ctx, r)
					e.allexportMaybe(ctx, r)
					return
				}
				continue
			}
			if !opt(string(ch), on) {
				r := e.reason(at, "set %c%c changes how bash reads the rest of the file", s[0], ch)
				e.effectBarrier(ctx, r)
				e.allexportMaybe(ctx, r)
				return
			}
		}
	}
}

// assign is a top-level assignment that runs.
func (e *evaluator) assign(info *Statement, as *syntax.Assign, via string, exports, readonly bool) *Assignment {
	a := e.newAssign(as, via, TopLevel, info)
	a.Exports, a.Readonly = exports, readonly
	e.readsIn(as.Value, a, a)
	if as.Array != nil {
		e.readsIn(as.Array, a, a)
	}
	v, r := e.value(as, a)
	e.apply(a, v, r)
	return a
}

// value expands the value of as (for "+=", the whole new value) and records
// the read of the previous value.
func (e *evaluator) value(as *syntax.Assign, a *Assignment) (*value, *Reason) {
	if as.Array != nil || as.Index != nil {
		return nil, e.reason(as.Pos(), "array assignment")
	}
	v, r := e.expand(as.Value, a)
	if as.Append {
		e.read(a.Name, a)
		prev, known, pr := e.lookup(a.Name, as.Pos())
		if r == nil && !known {
			r = pr
		}
		if r == nil {
			nv := &value{}
			nv.addRef(prev)
			nv.addRef(v)
			v = nv
			r = e.checkSize(v, as.Pos())
		}
	}
	return v, r
}

// apply sets the variable of a top-level assignment.
func (e *evaluator) apply(a *Assignment, v *value, r *Reason) {
	vs := e.state(a.Name)
	if vs.readonly || bashReadonly[a.Name] {
		a.Failed, a.ReadonlyAt = "readonly variable", vs.readonlyAt
		a.Known, a.Reason = vs.known, vs.reason
		if vs.known {
			a.val = vs.val
		}
		// bash reports the error and drops the rest of the line (the
		// other commands after ';', the other assignments, the rest of a
		// { } block); with set -e it exits. whdctl follows only an
		// assignment alone on its line.
		switch {
		case e.exitsOnFailure():
			e.effectStop(TopLevel, &Reason{Pos: a.Pos, Msg: fmt.Sprintf("assigns to the read-only variable %s, and with set -e the start script exits", a.Name)}, true)
		case !e.aloneOnLine(a) || e.errexit:
			e.setBarrier(&Reason{Pos: a.Pos, Msg: fmt.Sprintf("assigns to the read-only variable %s: bash prints an error and skips the rest of the line", a.Name)})
		}
		return
	}
	if vs.attr != nil && r == nil {
		r = vs.attr
	}
	if e.maybeStopped != nil && r == nil {
		r = e.maybeStopped
	}
	vs.defs = []*Assignment{a}
	vs.set = true
	if r != nil {
		vs.known, vs.reason, vs.val = false, r, nil
		a.Known, a.Reason = false, r
	} else {
		vs.known, vs.reason, vs.val = true, nil, v
		a.Known, a.val = true, v
	}
	e.assigned(vs)
	if a.Exports {
		vs.exported, vs.exportUnknown = true, nil
	}
	if a.Readonly {
		vs.readonly, vs.readonlyAt = true, a.Pos
	}
}

// decl handles export/declare/typeset/readonly/local at the top level.
func (e *evaluator) decl(st *syntax.Stmt, d *syntax.DeclClause) {
	info := e.stmtInfo(st, true)
	variant := d.Variant.Value
	at := d.Pos()
	// exportN: export -n, which keeps the variable out of the environment
	// even with set -a on (declare +x NAME=value does not: set -a exports
	// NAME again as the value is assigned).
	var exports, readonly, unexport, exportN, funcs bool
	var odd string
	type pending struct {
		as *syntax.Assign
		a  *Assignment
		v  *value
		r  *Reason
	}
	var todo []pending
	if opt, why := e.declRefusal(variant, d.Args); why != "" {
		fd := FailedDecl{Pos: e.f.pos(d.Pos()), End: e.f.pos(st.End()), Via: variant, Option: opt, Why: why}
		for _, as := range d.Args {
			if as.Name != nil && !as.Naked && ValidName(as.Name.Value) && !slices.Contains(fd.Names, as.Name.Value) {
				fd.Names = append(fd.Names, as.Name.Value)
			}
			e.readsOther(as.Value) // bash expands the arguments first
		}
		e.f.FailedDecls = append(e.f.FailedDecls, fd)
		if e.exitsOnFailure() {
			e.effectStop(TopLevel, e.reason(at, "%s fails here, and with set -e the start script exits", variant), true)
		}
		return
	}
	// bash reads options up to the first argument that is not one (or --);
	// after that, -x is a name, and not a valid one.
	optionsDone := false
	var last *Assignment
	rejected := 0
	assigned := map[string]*Assignment{}
	for _, as := range d.Args {
		if as.Naked && as.Name == nil {
			s, ok := e.static(as.Value)
			if !ok {
				e.setBarrier(e.reason(as.Pos(), "%s with a computed argument", variant))
				return
			}
			if !optionsDone && s == "--" {
				optionsDone = true
				continue
			}
			if optionsDone || !declOption(variant, s) {
				optionsDone = true
				start, end := e.f.off(as.Pos()), e.f.off(as.End())
				name, _, _ := strings.Cut(s, "=")
				if ValidName(strings.TrimSuffix(name, "+")) || strings.ContainsAny(s, "[") ||
					strings.ContainsAny(string(e.f.src[start:end]), "{*?[") {
					// A quoted name or assignment ("A=1", "A+=1"), an
					// array element, or a word that brace or pathname
					// expansion may turn into one.
					e.setBarrier(e.reason(as.Pos(), "%s with an argument whdctl does not follow", variant))
					return
				}
				if !funcs && variant != "local" {
					rejected++
					e.f.Rejected = append(e.f.Rejected, RejectedArg{Pos: e.f.PosAt(start), End: e.f.PosAt(end),
						Text: s, Via: variant, After: last})
				}
				continue
			}
			for _, ch := range s[1:] {
				on := s[0] == '-'
				if !strings.ContainsRune(declOptions[variant], ch) {
					// Not expected: declRefusal has checked the options.
					e.setBarrier(e.reason(as.Pos(), "%s %s: an option whdctl does not follow", variant, s))
					return
				}
				switch ch {
				case 'x':
					exports, unexport = on, !on
				case 'n':
					if variant == "export" {
						unexport, exportN = true, true
					} else {
						// A name reference: assigning to it assigns
						// to the variable it names, which may be any.
						e.setBarrier(e.reason(as.Pos(), "%s %s makes a name reference: what it assigns depends on the variable it names", variant, s))
						return
					}
				case 'r':
					readonly = on
				case 'g', 'p', 't', 'I':
				case 'f', 'F':
					funcs = true
				default:
					odd = s
				}
			}
			continue
		}
		optionsDone = true
		if as.Name == nil || funcs || !ValidName(as.Name.Value) {
			continue // bash: "not a valid identifier"
		}
		if as.Naked {
			todo = append(todo, pending{as: as})
			last = nil
			continue
		}
		if raw := string(e.f.src[e.f.off(as.Pos()):e.f.off(as.End())]); strings.Contains(raw, "{") && (strings.Contains(raw, ",") || strings.Contains(raw, "..")) {
			// The argument of a builtin goes through brace expansion
			// (export A={x,y} is export A=x A=y), unlike a plain A={x,y}.
			e.setBarrier(e.reason(as.Pos(), "%s with an argument that brace expansion may turn into several", variant))
			return
		}
		// Declaration builtins expand every argument before assigning.
		a := e.newAssign(as, variant, TopLevel, info)
		last = a
		e.readsIn(as.Value, a, a)
		if as.Array != nil {
			e.readsIn(as.Array, a, a)
		}
		v, r := e.value(as, a)
		if prev := assigned[a.Name]; as.Append && prev != nil {
			// export A=1 A+=2: bash appends to the value the same command
			// has just set, not to the one expanded before it ran.
			v, r = nil, e.reason(as.Pos(), "%s appends to %s, which the same command sets just before", variant, a.Name)
			prev.ReadByOther = true
		}
		assigned[a.Name] = a
		todo = append(todo, pending{as: as, a: a, v: v, r: r})
	}
	switch variant {
	case "export":
		exports = !unexport
	case "readonly":
		readonly = true
	}
	if e.exitsOnFailure() && (funcs || strings.Contains(odd, "p") || declPrint(d, e)) {
		// declare -f NAME, export -f NAME, declare -p NAME fail when
		// there is no such function or variable: with set -e, an exit.
		e.setBarrier(e.reason(at, "with set -e, the start script ends here if %s fails", variant))
	}
	for _, p := range todo {
		name := p.as.Name.Value
		if p.a == nil { // attribute only
			if odd != "" || variant == "local" || variant == "nameref" {
				r := e.reason(at, "%s %s changes how the variable behaves", variant, odd)
				e.makeUnknown(name, nil, r)
				if odd != "" {
					e.setAttribute(at, name, variant, odd, r)
				}
				continue
			}
			vs := e.state(name)
			if !exports && !unexport && (e.allexport || e.allexportUnknown != nil) {
				// declare NAME, readonly NAME: with set -a, a variable
				// that did not exist is created exported.
				switch {
				case !vs.known:
					e.maybeExported(vs, e.reason(at, "%s %s: with set -a on, bash exports %s if it did not exist before", variant, name, name))
				case !vs.set:
					e.assigned(vs)
				}
			}
			if exports {
				vs.exported, vs.exportUnknown = true, nil
			}
			if unexport {
				vs.exported, vs.exportUnknown = false, nil
			}
			if readonly {
				vs.readonly, vs.readonlyAt = true, e.f.pos(p.as.Pos())
			}
			continue
		}
		a := p.a
		a.Exports, a.Readonly = exports, readonly
		switch {
		case variant == "local":
			a.Failed = "local outside a function"
			r := e.reason(at, "local only works inside a function; its effect depends on how the start script sources the file")
			a.Reason = r
			e.makeUnknown(name, a, r)
		case variant == "nameref" || odd != "":
			r := e.reason(at, "%s %s changes how the value is stored", variant, odd)
			a.Reason = r
			e.makeUnknown(name, a, r)
			if odd != "" {
				e.setAttribute(at, name, variant, odd, r)
			}
		default:
			e.apply(a, p.v, p.r)
			if unexport {
				vs := e.state(name)
				vs.exported, vs.exportUnknown = false, nil
				if !exportN && a.Failed == "" {
					e.assigned(vs)
				}
			}
		}
	}
	if rejected > 0 && e.exitsOnFailure() {
		e.effectStop(TopLevel, e.reason(at, "%s fails here (\"not a valid identifier\"), and with set -e the start script exits", variant), true)
	}
}

// region evaluates a part of the file that may not run (Conditional), runs
// in a subshell (Subshell) or does not run (NotRun).
func (e *evaluator) region(node syntax.Node, ctx Context, why *Reason) {
	if node == nil {
		return
	}
	syntax.Walk(node, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.CmdSubst:
			sub := Subshell
			if ctx == NotRun {
				sub = NotRun
			}
			for _, s := range n.Stmts {
				e.region(s, sub, why)
			}
			return false
		case *syntax.ProcSubst:
			sub := Subshell
			if ctx == NotRun {
				sub = NotRun
			}
			for _, s := range n.Stmts {
				e.region(s, sub, why)
			}
			return false
		case *syntax.Subshell:
			if ctx == Conditional {
				for _, s := range n.Stmts {
					e.region(s, Subshell, why)
				}
				return false
			}
		case *syntax.Stmt:
			if ctx == Conditional && (n.Background || n.Coprocess) {
				e.region(n.Cmd, Subshell, why)
				return false
			}
			for _, r := range n.Redirs {
				if r.N != nil && strings.HasPrefix(r.N.Value, "{") && ctx == Conditional {
					e.makeUnknown(strings.Trim(r.N.Value, "{}"), nil, why)
				}
			}
		case *syntax.BinaryCmd:
			if ctx == Conditional && (n.Op == syntax.Pipe || n.Op == syntax.PipeAll) {
				e.region(n.X, Subshell, why)
				e.region(n.Y, Subshell, why)
				return false
			}
		case *syntax.CallExpr:
			info := e.stmtInfo(&syntax.Stmt{Position: n.Pos(), Cmd: n}, false)
			if i := badAssign(n); i >= 0 {
				e.badCall(info, n, i, ctx)
				return true
			}
			if len(n.Args) == 0 {
				for _, as := range n.Assigns {
					if as.Name != nil {
						e.regionAssign(as, "", ctx, info, why)
					}
				}
				return true
			}
			e.prefix(info, n, ctx)
			if ctx == Conditional {
				e.command(n, Conditional)
			}
			return true
		case *syntax.DeclClause:
			info := e.stmtInfo(&syntax.Stmt{Position: n.Pos(), Cmd: n}, false)
			if ctx == Conditional {
				e.maybeDeclExport(n, why)
			}
			for _, as := range n.Args {
				if as.Name == nil {
					if ctx == Conditional {
						if s, ok := e.static(as.Value); !ok || !isOption(s) {
							e.setBarrier(e.reason(as.Pos(), "%s with a computed argument", n.Variant.Value))
						}
					}
					continue
				}
				if !ValidName(as.Name.Value) {
					continue
				}
				if as.Naked {
					if ctx == Conditional {
						e.makeUnknown(as.Name.Value, nil, why)
					}
					continue
				}
				e.regionAssign(as, n.Variant.Value, ctx, info, why)
			}
			return true
		case *syntax.WordIter:
			if ctx == Conditional {
				e.makeUnknown(n.Name.Value, nil, why)
			}
		case *syntax.FuncDecl:
			if ctx == Conditional {
				e.maybeFuncs[n.Name.Value] = n
			}
			return false
		case *syntax.ParamExp:
			if ctx == NotRun {
				return true
			}
			e.readParam(n, nil, nil)
			if ctx == Conditional && n.Param != nil && n.Exp != nil && assignsDefault(n.Exp.Op) {
				e.makeUnknown(n.Param.Value, nil, why)
			}
			if ctx == Conditional || ctx == TopLevel {
				e.paramArith(n, Conditional)
			}
		case *syntax.ArithmExp:
			e.arith(n.X, ctx, why)
		case *syntax.ArithmCmd:
			e.arith(n.X, ctx, why)
		case *syntax.LetClause:
			for _, x := range n.Exprs {
				e.arith(x, ctx, why)
			}
		}
		return true
	})
}

// maybeDeclExport: a declaration that may or may not run and exports (export,
// declare -x) or unexports (export -n, declare +x) leaves the export
// attribute of its names unknown.
func (e *evaluator) maybeDeclExport(d *syntax.DeclClause, why *Reason) {
	exp, unexp := d.Variant.Value == "export", false
	for _, as := range d.Args {
		if as.Name != nil {
			continue
		}
		s, ok := e.static(as.Value)
		if !ok || !isOption(s) {
			continue
		}
		switch {
		case d.Variant.Value == "export" && strings.Contains(s, "n"):
			exp, unexp = false, true
		case d.Variant.Value != "export" && strings.Contains(s, "x"):
			exp, unexp = s[0] == '-', s[0] == '+'
		}
	}
	for _, as := range d.Args {
		if as.Name == nil || !ValidName(as.Name.Value) {
			continue
		}
		vs := e.state(as.Name.Value)
		switch {
		case unexp && vs.exported:
			vs.exported, vs.exportUnknown = false, why
		case exp:
			e.maybeExported(vs, why)
		}
	}
}

func (e *evaluator) regionAssign(as *syntax.Assign, via string, ctx Context, info *Statement, why *Reason) {
	a := e.newAssign(as, via, ctx, info)
	a.Reason = why
	if ctx == NotRun {
		return
	}
	e.readsIn(as.Value, a, a)
	if ctx == Conditional {
		e.makeUnknown(a.Name, a, why)
	}
}

func assignsDefault(op syntax.ParExpOperator) bool {
	return op == syntax.AssignUnset || op == syntax.AssignUnsetOrNull
}

// arith handles arithmetic: reads of names and assignments.
func (e *evaluator) arith(x syntax.ArithmExpr, ctx Context, why *Reason) {
	if x == nil || ctx == NotRun {
		return
	}
	syntax.Walk(x, func(n syntax.Node) bool {
		var target syntax.ArithmExpr
		switch n := n.(type) {
		case *syntax.BinaryArithm:
			if arithAssignOps[n.Op] {
				target = n.X
			}
		case *syntax.UnaryArithm:
			if n.Op == syntax.Inc || n.Op == syntax.Dec {
				target = n.X
			}
		case *syntax.Lit:
			if ValidName(n.Value) {
				e.read(n.Value, nil)
			}
		}
		if target != nil && (ctx == Conditional || ctx == TopLevel) {
			if w, ok := target.(*syntax.Word); ok {
				if name, ok := e.static(w); ok && ValidName(name) {
					e.makeUnknown(name, nil, e.reason(n.Pos(), "arithmetic assignment to %s", name))
					return true
				}
			}
			e.setBarrier(e.reason(n.Pos(), "arithmetic assignment"))
		}
		return true
	})
}

// readsOther records reads by something other than an assignment.
func (e *evaluator) readsOther(n syntax.Node) { e.readsIn(n, nil, nil) }

// readsIn records the reads in n by consumer (nil: something else) and
// notes expansions and command substitutions in into (if not nil).
func (e *evaluator) readsIn(n syntax.Node, consumer, into *Assignment) {
	if n == nil {
		return
	}
	if w, ok := n.(*syntax.Word); ok && w == nil {
		return
	}
	if a, ok := n.(*syntax.ArrayExpr); ok && a == nil {
		return
	}
	syntax.Walk(n, func(n syntax.Node) bool {
		switch n := n.(type) {
		case *syntax.ParamExp:
			e.readParam(n, consumer, into)
			if into != nil {
				into.Expansions = append(into.Expansions, e.f.pos(n.Pos()))
			}
			if n.Param != nil && n.Exp != nil && assignsDefault(n.Exp.Op) {
				e.makeUnknown(n.Param.Value, nil, e.reason(n.Pos(), "assigned by ${%s%s...}", n.Param.Value, n.Exp.Op))
			}
			e.paramArith(n, Conditional)
		case *syntax.CmdSubst:
			if into != nil {
				into.CommandSubsts = append(into.CommandSubsts, e.f.pos(n.Pos()))
			}
		case *syntax.ArithmExp:
			// Reads, and any assignment inside makes its target unknown.
			e.arith(n.X, Conditional, e.reason(n.Pos(), "arithmetic expansion"))
		}
		return true
	})
}

func (e *evaluator) readParam(p *syntax.ParamExp, consumer, into *Assignment) {
	if p.Param == nil {
		return
	}
	if p.Excl || p.Names != 0 {
		e.readAll(consumer) // ${!x}: any variable
		return
	}
	name := p.Param.Value
	if !ValidName(name) {
		return
	}
	e.read(name, consumer)
	if into != nil {
		into.Refs = append(into.Refs, name)
	}
}

// liveness marks assignments whose value never matters as Dead.
func (e *evaluator) liveness() {
	for _, vs := range e.vars {
		for _, d := range vs.defs {
			d.root = true
		}
	}
	as := e.f.Assignments
	for i := len(as) - 1; i >= 0; i-- {
		a := as[i]
		switch {
		case a.Context == NotRun || a.Failed != "":
			a.Dead = true
			continue
		case a.Context == Prefix || a.Context == Subshell:
			continue
		}
		live := a.root || a.ReadByOther
		for _, r := range a.ReadBy {
			if r != a && !r.Dead && r.Context != NotRun {
				live = true
			}
		}
		a.Dead = !live
	}
}

func text(segs []Span) string {
	if len(segs) == 1 {
		return segs[0].Text
	}
	var b strings.Builder
	for _, s := range segs {
		b.WriteString(s.Text)
	}
	return b.String()
}

func isOption(s string) bool { return len(s) > 0 && (s[0] == '-' || s[0] == '+') }

// declRefusal says why bash refuses a declaration command as a whole
// (it sets nothing), or "": an option the builtin does not take (bash
// prints its usage), or declare -p with NAME=value arguments (it only
// prints, and says "not found"). Options bash checks before anything else.
func (e *evaluator) declRefusal(variant string, args []*syntax.Assign) (option, why string) {
	if variant == "local" || variant == "nameref" {
		return "", "" // followed as unknown
	}
	printOnly := false
	i := 0
	for ; i < len(args); i++ {
		as := args[i]
		if !as.Naked || as.Name != nil {
			break
		}
		s, ok := e.static(as.Value)
		if !ok || s == "--" || !declOption(variant, s) {
			break
		}
		for _, ch := range s[1:] {
			if !strings.ContainsRune(declOptions[variant], ch) {
				return fmt.Sprintf("%c%c", s[0], ch), fmt.Sprintf("bash rejects the option %c%c (%s takes only %s), prints its usage and sets nothing on this line", s[0], ch, variant, optionList(declOptions[variant]))
			}
			if ch == 'p' && variant != "export" && variant != "readonly" {
				printOnly = true
			}
		}
	}
	if printOnly {
		for _, as := range args[i:] {
			if as.Name != nil && !as.Naked {
				return "-p", fmt.Sprintf("%s -p only prints variables: given %s=... it sets nothing (bash says \"not found\")", variant, as.Name.Value)
			}
		}
	}
	return "", ""
}

// optionList writes "fnp" as "-f, -n and -p".
func optionList(letters string) string {
	var opts []string
	for _, c := range letters {
		opts = append(opts, "-"+string(c))
	}
	if len(opts) < 2 {
		return strings.Join(opts, "")
	}
	return strings.Join(opts[:len(opts)-1], ", ") + " and " + opts[len(opts)-1]
}

// declOptions are the option letters each declaration builtin takes.
var declOptions = map[string]string{
	"export":   "fnp",
	"readonly": "aAfp",
	"declare":  "aAcfFgiIlnprtux",
	"typeset":  "aAcfFgiIlnprtux",
	"local":    "aAcfFgiIlnprtux",
	"nameref":  "aAcfFgiIlnprtux",
}

// declOption reports whether a declaration builtin reads s as options:
// export and readonly take no +x form (bash rejects "+x" as a name), and
// a lone "-" or "+" is a name too.
func declOption(variant, s string) bool {
	if len(s) < 2 || !isOption(s) {
		return false
	}
	return s[0] == '-' || (variant != "export" && variant != "readonly")
}

// parts describes a word part by part.
func (f *File) parts(w *syntax.Word) []Part {
	var out []Part
	for _, p := range w.Parts {
		pt := Part{Kind: PartOther, Start: f.off(p.Pos()), End: f.off(p.End())}
		switch q := p.(type) {
		case *syntax.Lit:
			pt.Kind = PartLiteral
		case *syntax.SglQuoted:
			pt.Kind = PartSingle
			if q.Dollar {
				pt.Kind = PartANSIC
			}
		case *syntax.DblQuoted:
			pt.Kind = PartDouble
		case *syntax.ParamExp:
			pt.Kind = PartParam
		case *syntax.CmdSubst:
			pt.Kind = PartCmdSubst
		case *syntax.ArithmExp:
			pt.Kind = PartArith
		}
		raw := f.src[pt.Start:pt.End]
		switch pt.Kind {
		case PartLiteral:
			pt.Blanks = strings.Contains(string(raw), "\\ ") || strings.Contains(string(raw), "\\\t")
		case PartSingle, PartDouble, PartANSIC:
			pt.Blanks = strings.ContainsAny(string(raw), " \t\n")
		}
		out = append(out, pt)
	}
	return out
}

// bashReadonly are the variables bash itself makes read-only: assigning to
// one fails.
var bashReadonly = map[string]bool{
	"BASHOPTS": true, "BASH_VERSINFO": true, "EUID": true, "PPID": true, "SHELLOPTS": true, "UID": true,
}

// aloneOnLine: a is the whole of a top-level statement that has its line to
// itself (a comment aside).
func (e *evaluator) aloneOnLine(a *Assignment) bool {
	st := a.Stmt
	if st == nil || !st.TopLevel || !st.OwnLines || a.Via != "" || a.Pos.Offset != st.Start.Offset || a.ValEnd.Offset > st.End.Offset ||
		st.Start.Offset != e.f.off(e.top) { // inside a { } block: bash drops the rest of it
		return false
	}
	return strings.Trim(string(e.f.src[a.ValEnd.Offset:st.End.Offset]), " \t;") == ""
}

// errexitSafe are the commands that do not fail in a whd.conf (or whose
// failure whdctl follows itself).
var errexitSafe = map[string]bool{
	":": true, "true": true, "echo": true, "printf": true, "set": true, "unset": true,
	"return": true, "exit": true, "exec": true, "command": true, "builtin": true,
}

// declPrint: a declaration command with -p, which fails for a name that is
// not set.
func declPrint(d *syntax.DeclClause, e *evaluator) bool {
	for _, as := range d.Args {
		if !as.Naked || as.Name != nil {
			continue
		}
		if s, ok := e.static(as.Value); ok && len(s) > 1 && s[0] == '-' && s != "--" && strings.Contains(s, "p") {
			return true
		}
	}
	return false
}

// setAttribute gives name the attribute of a declare option (r says which),
// so that values assigned later are unknown, and records an option that
// transforms them (not its +x form, which removes one) in File.Attributes.
func (e *evaluator) setAttribute(at syntax.Pos, name, via, opt string, r *Reason) {
	e.state(name).attr = r
	if strings.HasPrefix(opt, "-") && strings.ContainsAny(opt, "lucaAi") {
		e.f.Attributes = append(e.f.Attributes, Attribute{Pos: e.f.pos(at), Name: name, Via: via, Option: opt})
	}
}

// arithAssignOps are the arithmetic operators that assign (the parser's
// token numbers do not keep them in one range).
var arithAssignOps = map[syntax.BinAritOperator]bool{
	syntax.Assgn: true, syntax.AddAssgn: true, syntax.SubAssgn: true, syntax.MulAssgn: true,
	syntax.QuoAssgn: true, syntax.RemAssgn: true, syntax.AndAssgn: true, syntax.OrAssgn: true,
	syntax.XorAssgn: true, syntax.ShlAssgn: true, syntax.ShrAssgn: true,
}

// paramArith follows the arithmetic inside ${...}: an array index
// (${A[N=7]}) and the offset and length of ${X:off:len}, which can assign.
func (e *evaluator) paramArith(p *syntax.ParamExp, ctx Context) {
	r := e.reason(p.Pos(), "arithmetic inside ${...}")
	if p.Index != nil {
		e.arith(p.Index, ctx, r)
	}
	if p.Slice != nil {
		e.arith(p.Slice.Offset, ctx, r)
		e.arith(p.Slice.Length, ctx, r)
	}
}

// shoptAllexport follows shopt -so allexport (set -a) and shopt -uo
// allexport (set +a), and reports whether that was the whole command. Any
// other shopt -o is left to the caller, which stops following the values;
// when it may turn allexport on or off, whether later assignments export
// their variable becomes unknown too.
func (e *evaluator) shoptAllexport(args []*syntax.Word, ctx Context, at syntax.Pos) bool {
	var o, on, off, computed bool
	var names []string
	for _, w := range args {
		s, ok := e.static(w)
		switch {
		case !ok:
			computed = true
		case isOption(s) && len(names) == 0 && s != "--":
			o = o || strings.Contains(s, "o")
			on = on || strings.Contains(s, "s")
			off = off || strings.Contains(s, "u")
		default:
			names = append(names, s)
		}
	}
	switch {
	case computed:
		e.allexportMaybe(ctx, e.reason(at, "shopt with a computed argument may turn set -a on or off"))
	case !o || on == off || !slices.Contains(names, "allexport"):
	case len(names) == 1:
		e.setAllexport(on, ctx, at)
		return true
	default:
		e.allexportMaybe(ctx, e.reason(at, "shopt -o sets allexport together with other options"))
	}
	return false
}
